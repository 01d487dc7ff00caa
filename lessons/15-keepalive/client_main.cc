// Given: do not edit.
// build/bin/lesson15_client --target 127.0.0.1:50051 --keepalive-ms 1000 --calls 5 ...
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 15 client: connects, then makes Echo calls"};
  lab::keepalive::ClientArgs args;
  int keepalive_ms = 0, keepalive_timeout_ms = 20000, pause_ms = 0, delay_ms = 0;
  int timeout_ms = static_cast<int>(args.timeout.count());
  app.add_option("--target", args.target, "server address, e.g. 127.0.0.1:50051")
      ->required();
  app.add_option("--keepalive-ms", keepalive_ms, "ping every N ms (0 = no pings)");
  app.add_option("--keepalive-timeout-ms", keepalive_timeout_ms,
                 "close the connection when a ping is unanswered this long");
  app.add_flag("--ping-when-idle", args.settings.ping_when_idle,
               "ping also while no call is open");
  app.add_option("--calls", args.calls, "how many Echo calls");
  app.add_option("--pause-ms", pause_ms, "idle time between calls");
  app.add_option("--delay-ms", delay_ms, "the server waits this long in each call");
  app.add_option("--timeout-ms", timeout_ms, "deadline of each call");
  CLI11_PARSE(app, argc, argv);
  args.settings.keepalive_time = std::chrono::milliseconds(keepalive_ms);
  args.settings.keepalive_timeout = std::chrono::milliseconds(keepalive_timeout_ms);
  args.pause = std::chrono::milliseconds(pause_ms);
  args.delay = std::chrono::milliseconds(delay_ms);
  args.timeout = std::chrono::milliseconds(timeout_ms);
  return lab::keepalive::RunClient(args);
}
