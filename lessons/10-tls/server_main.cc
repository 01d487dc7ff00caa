// Given: do not edit.
// build/bin/lesson10_server --port 50051 [--client-ca build/certs/ca.pem]
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 10 server: lab.tls.Identity over TLS only"};
  lab::tls::ServerFlags flags;
  app.add_option("--port", flags.port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--cert", flags.server.cert_path, "server certificate (PEM)")
      ->capture_default_str();
  app.add_option("--key", flags.server.key_path, "server private key (PEM)")
      ->capture_default_str();
  app.add_option("--client-ca", flags.client_ca,
                 "require client certificates signed by this CA (mutual TLS)");
  app.add_option("--refresh-seconds", flags.refresh_seconds,
                 "re-read --cert/--key this often (certificate rotation)");
  CLI11_PARSE(app, argc, argv);
  return lab::tls::RunServer(flags);
}
