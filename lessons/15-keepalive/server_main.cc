// Given: do not edit.
// build/bin/lesson15_server --port 50051 [--max-age-ms 2000] [--max-idle-ms 1000] ...
#include <CLI/CLI.hpp>

#include "run.h"

int main(int argc, char** argv) {
  CLI::App app{"Lesson 15 server: EchoService with a connection policy"};
  int port = 0;
  int min_ping_ms = 0, idle_ms = 0, age_ms = 0, grace_ms = 0;
  bool idle_pings = false;
  app.add_option("--port", port, "TCP port on 127.0.0.1 (0 = any free port)");
  app.add_option("--min-ping-interval-ms", min_ping_ms,
                 "pings closer than this are strikes (0 = gRPC's 5 minutes)");
  app.add_flag("--allow-idle-pings", idle_pings, "accept pings with no call open");
  app.add_option("--max-idle-ms", idle_ms, "GOAWAY a connection idle this long");
  app.add_option("--max-age-ms", age_ms, "GOAWAY every connection this old");
  app.add_option("--age-grace-ms", grace_ms, "then give running calls this long");
  CLI11_PARSE(app, argc, argv);
  lab::keepalive::ServerPolicy policy;
  policy.min_ping_interval = std::chrono::milliseconds(min_ping_ms);
  policy.allow_idle_pings = idle_pings;
  policy.max_connection_idle = std::chrono::milliseconds(idle_ms);
  policy.max_connection_age = std::chrono::milliseconds(age_ms);
  policy.max_connection_age_grace = std::chrono::milliseconds(grace_ms);
  return lab::keepalive::RunServer(port, policy);
}
