// Given: do not edit.
// build/bin/lesson11_server --port 50051 [--inventory 127.0.0.1:50051]
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 11 server: Inventory (or Storefront) over TLS, with tokens"};
  lab::auth::ServerFlags flags;
  app.add_option("--port", flags.port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--cert", flags.cert, "server certificate (PEM)")->capture_default_str();
  app.add_option("--key", flags.key, "server private key (PEM)")->capture_default_str();
  app.add_option("--secret", flags.secret, "HMAC key that tokens are signed with");
  app.add_option("--inventory", flags.inventory,
                 "serve Storefront instead, calling the Inventory at this address");
  app.add_option("--ca", flags.ca, "CA the Storefront trusts for Inventory")
      ->capture_default_str();
  app.add_option("--token-lifetime", flags.token_lifetime_seconds,
                 "seconds each of the Storefront's own tokens lives")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return lab::auth::RunServer(flags);
}
