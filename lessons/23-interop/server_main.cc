// Given: do not edit. build/bin/lesson23_server --port 50051
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 23 server: grpc.testing.TestService"};
  int port = 0;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  CLI11_PARSE(app, argc, argv);
  return lab::interop::RunServer(port);
}
