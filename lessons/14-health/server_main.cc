// Given: do not edit.
// build/bin/lesson14_server --port 50051 [--replica A] [--not-serving SERVICE]...
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 14 server: a Backend replica with a health service"};
  int port = 0;
  std::string replica = "A";
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  std::vector<std::string> not_serving;
  app.add_option("--replica", replica, "this replica's name, returned by Work");
  app.add_option("--not-serving", not_serving,
                 "report this service NOT_SERVING (repeatable), e.g. lab.health.Backend");
  CLI11_PARSE(app, argc, argv);
  return lab::health::RunServer(port, replica, not_serving);
}
