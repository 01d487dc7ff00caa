// Given: do not edit. build/bin/lesson07_server --port 50051 [--prepare-ms 3000]
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 07 server: OrderService in front of InventoryService"};
  int port = 0;
  int prepare_ms = static_cast<int>(lab::errors::kPrepareTime.count());
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--prepare-ms", prepare_ms, "how long PrepareOrder works, in ms");
  CLI11_PARSE(app, argc, argv);
  return lab::errors::RunServer(port, std::chrono::milliseconds(prepare_ms));
}
