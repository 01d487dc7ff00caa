// The programs around the service: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <string>

namespace lab::metadata {

// Serves Orders on 127.0.0.1:port with server reflection until SIGINT or SIGTERM, then
// stops cleanly (calls in flight get a grace period). Port 0 lets the OS choose.
// Prints "listening on 127.0.0.1:PORT" once ready. Returns the exit code.
int RunServer(int port);

// Places one order at `target` and prints the reply and its metadata. Returns 0 on
// success, 1 otherwise.
int RunClient(const std::string& target, const std::string& request_id,
              const std::string& tenant, const std::string& item);

}  // namespace lab::metadata
