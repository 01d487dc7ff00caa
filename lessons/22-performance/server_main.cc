// Given: do not edit. build/bin/lesson22_server --port 50051 --max-message-bytes 8388608
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 22 server: the Perf service on gRPC's callback API"};
  int port = 0;
  int max_message_bytes = 0;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--max-message-bytes", max_message_bytes,
                 "largest request the server accepts (0 = gRPC's default, 4 MiB)");
  CLI11_PARSE(app, argc, argv);
  return lab::perf::RunServer(port, max_message_bytes);
}
