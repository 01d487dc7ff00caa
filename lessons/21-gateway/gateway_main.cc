// Given: do not edit. build/bin/lesson21_gateway --port 8080 [--timeout-ms 2000]
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 21: a REST gateway in front of the Catalog gRPC service"};
  int port = 8080;
  int timeout_ms = static_cast<int>(lab::gateway::kDefaultTimeout.count());
  app.add_option("--port", port, "HTTP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--timeout-ms", timeout_ms, "the backend's deadline per request, in ms");
  CLI11_PARSE(app, argc, argv);
  return lab::gateway::RunGateway(port, std::chrono::milliseconds(timeout_ms));
}
