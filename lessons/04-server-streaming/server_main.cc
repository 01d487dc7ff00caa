// Given: do not edit. build/bin/lesson04_server --port 50051 --interval-ms 500
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 04 server: a stock quote feed (QuoteService)"};
  int port = 0;
  int interval_ms = 500;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--interval-ms", interval_ms, "time between two quotes")
      ->check(CLI::Range(1, 60000))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return lab::quotes::RunServer(port, std::chrono::milliseconds(interval_ms));
}
