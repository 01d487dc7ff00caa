// Given: do not edit. build/bin/lesson20_collector --port 9411 --out spans.json
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 20 collector: a tiny Zipkin stand-in that keeps spans in a file"};
  int port = 9411;
  std::string out = "spans.json";
  app.add_option("--port", port, "TCP port on 127.0.0.1 (Zipkin's is 9411)");
  app.add_option("--out", out, "file rewritten with every span so far (JSON array)");
  CLI11_PARSE(app, argc, argv);
  return lab::tracing::RunCollector(port, out);
}
