// Given: do not edit.
// build/bin/lesson09_client --target 127.0.0.1:50051 --api-key lab-key --sku apple
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 09 client: GetItem through request-id and latency interceptors"};
  std::string target;
  std::string api_key = "lab-key";
  std::string sku = "apple";
  app.add_option("--target", target, "server address, e.g. 127.0.0.1:50051")->required();
  app.add_option("--api-key", api_key, "x-api-key to send (empty: none)");
  app.add_option("--sku", sku, "the item to ask for");
  CLI11_PARSE(app, argc, argv);
  return lab::interceptors::RunClient(target, api_key, sku);
}
