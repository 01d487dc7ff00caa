// The programs around the lesson's code: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <chrono>
#include <string>

#include "keepalive.h"

namespace lab::keepalive {

// Serves EchoService on 127.0.0.1:port (0 = any free port) with `policy` applied
// (ApplyServerPolicy) and reflection, until SIGINT or SIGTERM. Prints
// "listening on 127.0.0.1:PORT" once ready. Returns the process exit code.
int RunServer(int port, const ServerPolicy& policy);

struct ClientArgs {
  std::string target;
  ClientSettings settings;
  int calls = 3;
  std::chrono::milliseconds pause{0};  // between calls: idle time on the connection
  std::chrono::milliseconds delay{0};  // the server waits this long in each call
  std::chrono::milliseconds timeout{5000};
};

// Connects with ClientArguments(settings), prints the states it goes through until
// READY (RecordStates), then makes `calls` Echo calls, `pause` apart, printing for
// each its status and the connection it came on. Returns 0 when every call
// succeeded, otherwise the status code of the last failure.
int RunClient(const ClientArgs& args);

}  // namespace lab::keepalive
