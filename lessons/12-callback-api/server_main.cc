// Given: do not edit. build/bin/lesson12_server --port 50051 --max-threads 4
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 12 server: chat rooms on gRPC's callback API"};
  int port = 0;
  int max_threads = 0;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option(
      "--max-threads", max_threads,
      "cap on the server's threads (ResourceQuota::SetMaxThreads; 0 = no cap)");
  CLI11_PARSE(app, argc, argv);
  return lab::chat::RunServer(port, max_threads);
}
