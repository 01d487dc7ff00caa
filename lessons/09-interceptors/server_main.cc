// Given: do not edit. build/bin/lesson09_server --port 50051 --api-key lab-key
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 09 server: Inventory behind an API key check and a logger"};
  int port = 0;
  std::string api_key = "lab-key";
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--api-key", api_key, "the x-api-key callers must send");
  CLI11_PARSE(app, argc, argv);
  return lab::interceptors::RunServer(port, api_key);
}
