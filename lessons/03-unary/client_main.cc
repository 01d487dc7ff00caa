// Given: do not edit.
// build/bin/lesson03_client --target 127.0.0.1:50051 --name Ada --product P1001
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 03 client: calls SayHello and GetProductStock"};
  std::string target;
  std::string name;
  std::string product;
  app.add_option("--target", target, "server address, e.g. 127.0.0.1:50051")->required();
  app.add_option("--name", name, "call SayHello with this name");
  app.add_option("--product", product, "call GetProductStock with this product id");
  CLI11_PARSE(app, argc, argv);
  return lab::unary::RunClient(target, name, product);
}
