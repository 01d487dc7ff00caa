// Given: do not edit.
// build/bin/lesson19_server --port 50051 --capacity 3 --per-second 1
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 19 server: Worker behind a per-caller token bucket"};
  int port = 0;
  std::string name = "worker";
  double capacity = 3;
  double per_second = 1;
  bool fail = false;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--name", name, "the name replies carry");
  app.add_option("--capacity", capacity, "tokens per caller's bucket (largest burst)");
  app.add_option("--per-second", per_second, "tokens added per second per caller");
  app.add_flag("--fail", fail, "answer every admitted call with UNAVAILABLE");
  CLI11_PARSE(app, argc, argv);
  return lab::resilience::RunServer(port, name, capacity, per_second, fail);
}
