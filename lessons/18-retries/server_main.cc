// Given: do not edit. build/bin/lesson18_server --port 50051 --fail-first 2
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 18 server: a ledger behind a front that fails on purpose"};
  int port = 0;
  int fail_first = 0;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--fail-first", fail_first,
                 "fail the first N attempts of every call with UNAVAILABLE");
  CLI11_PARSE(app, argc, argv);
  return lab::retries::RunServer(port, fail_first);
}
