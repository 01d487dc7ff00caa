// Given: do not edit.
// build/bin/lesson14_client --target 127.0.0.1:50051 [--service lab.health.Backend]
//     [--watch --timeout-ms 10000]
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 14 client: checks or watches a server's health"};
  lab::health::ClientArgs args;
  int timeout_ms = static_cast<int>(args.timeout.count());
  app.add_option("--target", args.target, "server address, e.g. 127.0.0.1:50051")
      ->required();
  app.add_option("--service", args.service, "full service name (default: the server)");
  app.add_flag("--watch", args.watch, "follow the status with Watch until the deadline");
  app.add_option("--timeout-ms", timeout_ms, "deadline of the call, in ms");
  CLI11_PARSE(app, argc, argv);
  args.timeout = std::chrono::milliseconds(timeout_ms);
  return lab::health::RunClient(args);
}
