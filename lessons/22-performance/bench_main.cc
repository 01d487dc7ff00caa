// Given: do not edit. build/bin/lesson22_bench [--quick] [--out DIR] [--filter TEXT]
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 22 benchmark: gRPC and protobuf, measured on this machine"};
  lab::perf::BenchOptions options;
  app.add_option("--out", options.out_dir,
                 "where results.json and chart.svg go (default build/lab-bench-22)");
  app.add_flag("--quick", options.quick, "a few seconds: check that it all runs");
  app.add_option("--filter", options.filter,
                 "only the benchmarks whose name contains this text");
  CLI11_PARSE(app, argc, argv);
  return lab::perf::RunBench(options);
}
