// Given: do not edit.
// build/bin/lesson10_client --target localhost:50051 [--cert ... --key ...]
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 10 client: calls Echo and WhoAmI over TLS"};
  lab::tls::ClientFlags flags;
  app.add_option("--target", flags.target, "server address, e.g. localhost:50051")
      ->required();
  app.add_option("--ca", flags.ca, "CA certificate to trust (PEM)")
      ->capture_default_str();
  app.add_option("--cert", flags.client.cert_path, "client certificate (mutual TLS)");
  app.add_option("--key", flags.client.key_path, "client private key (mutual TLS)");
  app.add_option("--text", flags.text, "what Echo should send");
  CLI11_PARSE(app, argc, argv);
  return lab::tls::RunClient(flags);
}
