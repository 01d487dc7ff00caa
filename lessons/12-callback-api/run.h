// The programs around the chat service: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <string>

namespace lab::chat {

// Serves ChatRoom and ChatStats on 127.0.0.1:port, with server reflection, until SIGINT
// or SIGTERM; then shuts down cleanly (members' streams are cancelled after a 0.3 s
// grace period) and returns 0. Port 0 lets the OS choose. `max_threads` > 0 caps the
// threads gRPC may create for the server (grpc::ResourceQuota::SetMaxThreads). Prints
// "listening on 127.0.0.1:PORT" once ready. Returns the process exit code.
int RunServer(int port, int max_threads);

// Joins `room` on `target` as `name`, prints what the others say, and sends each line
// read from stdin. At the end of input (Ctrl-D) leaves the room and prints how the
// stream ended. Returns 0 for a clean leave, 1 otherwise.
int RunClient(const std::string& target, const std::string& room,
              const std::string& name);

}  // namespace lab::chat
