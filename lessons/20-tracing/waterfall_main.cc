// Given: do not edit. build/bin/lesson20_waterfall spans.json [--trace ID]
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 20 waterfall: each trace of a Zipkin JSON file as a tree"};
  std::string file;
  std::string trace;
  app.add_option("file", file, "a JSON array of Zipkin v2 spans")->required();
  app.add_option("--trace", trace, "only this trace id");
  CLI11_PARSE(app, argc, argv);
  return lab::tracing::RunWaterfall(file, trace);
}
