// Given: do not edit.
//   build/bin/lesson20_server --service inventory --port 50053
//   build/bin/lesson20_server --service orders --port 50052 --next 127.0.0.1:50053
//   build/bin/lesson20_server --service gateway --port 50051 --next 127.0.0.1:50052
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 20 server: one of three traced services"};
  std::string service = "inventory";
  int port = 0;
  std::string next = "127.0.0.1:50053";
  std::string zipkin = "http://127.0.0.1:9411";
  app.add_option("--service", service, "gateway, orders or inventory");
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--next", next, "the service this one calls (gateway, orders)");
  app.add_option("--zipkin", zipkin, "where spans go (Zipkin v2: POST /api/v2/spans)");
  CLI11_PARSE(app, argc, argv);
  return lab::tracing::RunServer(service, port, next, zipkin);
}
