// Given: do not edit.
// build/bin/lesson04_client --target 127.0.0.1:50051 --symbol GOOG --count 5
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 04 client: prints a stream of stock quotes"};
  std::string target;
  std::string symbol = "GOOG";
  int count = 5;
  app.add_option("--target", target, "server address, e.g. 127.0.0.1:50051")->required();
  app.add_option("--symbol", symbol, "stock symbol")->capture_default_str();
  app.add_option("--count", count, "how many quotes to ask for")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return lab::quotes::RunClient(target, symbol, count);
}
