// Given: do not edit.
// build/bin/lesson08_client --target 127.0.0.1:50051 --tenant acme --request-id abc
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 08 client: places an order and prints its metadata"};
  std::string target;
  std::string request_id;
  std::string tenant = "acme";
  std::string item = "keyboard";
  app.add_option("--target", target, "server address, e.g. 127.0.0.1:50051")->required();
  app.add_option("--request-id", request_id, "x-request-id to send (empty: none)");
  app.add_option("--tenant", tenant, "x-tenant to send");
  app.add_option("--item", item, "what to order");
  CLI11_PARSE(app, argc, argv);
  return lab::metadata::RunClient(target, request_id, tenant, item);
}
