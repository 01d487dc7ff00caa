// Given: do not edit.
// build/bin/lesson19_client --target 127.0.0.1:50051 --caller alice --calls 6
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 19 client: Work calls through a circuit breaker"};
  std::string target;
  std::string caller = "alice";
  int calls = 6;
  int threshold = 3;
  int open_for_ms = 5000;
  app.add_option("--target", target, "server address, e.g. 127.0.0.1:50051")->required();
  app.add_option("--caller", caller, "x-caller to send (empty: none)");
  app.add_option("--calls", calls, "how many calls to make, one after another");
  app.add_option("--threshold", threshold, "consecutive failures that open the breaker");
  app.add_option("--open-for-ms", open_for_ms, "the breaker's cool-down");
  CLI11_PARSE(app, argc, argv);
  return lab::resilience::RunClient(target, caller, calls, threshold, open_for_ms);
}
