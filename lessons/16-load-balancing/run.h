// The programs around the channel: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <chrono>
#include <string>

#include "channel.h"

namespace lab::balancing {

// Serves one Backend named `name` on 127.0.0.1:port (0 = any free port), with server
// reflection, until SIGINT or SIGTERM; then stops cleanly. Prints
// "backend NAME, pid PID" and then "listening on 127.0.0.1:PORT" once ready.
// Returns the process exit code.
int RunServer(const std::string& name, int port);

struct ClientArgs {
  std::string target;  // any gRPC target: ipv4:a,b,c  dns:///host:port  unix:/path ...
  ChannelOptions options;
  int calls = 30;
  std::chrono::milliseconds hold{0};  // each call's hold_ms
  std::chrono::milliseconds timeout{5000};
};

// Makes `calls` Which calls, one after the other, on one NewBalancedChannel, and
// prints how many each backend answered and each failure. Returns 0 when every call
// succeeded, otherwise the gRPC status code of the first failure.
int RunClient(const ClientArgs& args);

}  // namespace lab::balancing
