// Given: do not edit. build/bin/lesson16_server --name b1 --port 50051
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 16 server: one Backend that answers with its name"};
  std::string name = "backend";
  int port = 0;
  app.add_option("--name", name, "what Which answers, e.g. b1");
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  CLI11_PARSE(app, argc, argv);
  return lab::balancing::RunServer(name, port);
}
