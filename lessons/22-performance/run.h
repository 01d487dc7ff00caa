// The programs of lesson 22: what server_main.cc and bench_main.cc call. Given: do not
// edit.
#pragma once

#include <string>

namespace lab::perf {

// Serves PerfService (yours, perf_service.cc) on 127.0.0.1:port (0 = any free port)
// with ConfigureServer({max_message_bytes}) and reflection, until SIGINT or SIGTERM.
// Returns the process exit code.
int RunServer(int port, int max_message_bytes);

struct BenchOptions {
  std::string out_dir = "build/lab-bench-22";  // results.json and chart.svg go here
  bool quick = false;  // a few seconds: proves it all runs, the numbers mean little
  std::string filter;  // only benchmarks whose name contains this
};

// Runs the benchmarks (bench.cc): prints the table, writes OUT/results.json and
// OUT/chart.svg. Returns the process exit code (1 if a benchmark's calls failed).
int RunBench(const BenchOptions& options);

}  // namespace lab::perf
