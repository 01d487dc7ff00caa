// Given: do not edit.
// build/bin/lesson11_client --target localhost:50051 --subject alice --role viewer
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 11 client: signs a token and calls with it over TLS"};
  lab::auth::ClientFlags flags;
  app.add_option("--target", flags.target, "server address, e.g. localhost:50051");
  app.add_option("--ca", flags.ca, "CA certificate to trust")->capture_default_str();
  app.add_option("--secret", flags.secret, "HMAC key to sign the token with");
  app.add_option("--subject", flags.subject, "the token's sub")->capture_default_str();
  app.add_option("--role", flags.role, "the token's role")->capture_default_str();
  app.add_option("--audience", flags.audience,
                 "the token's aud (default: storefront with --show, else inventory)");
  app.add_option("--get", flags.get, "call Inventory.GetItem for this sku");
  app.add_option("--set", flags.set, "call Inventory.SetItem with sku=quantity");
  app.add_option("--show", flags.show, "call Storefront.ShowItem for this sku");
  app.add_flag("--print-token", flags.print_token, "print a token and exit");
  CLI11_PARSE(app, argc, argv);
  if (!flags.print_token && flags.target.empty()) {
    std::cerr << "--target is required (unless --print-token)\n";
    return 2;
  }
  return lab::auth::RunClient(flags);
}
