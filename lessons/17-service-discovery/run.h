// The backend program of lesson 17: what server_main.cc calls. Given: do not edit.
#pragma once

#include <chrono>
#include <string>

namespace lab::discovery {

struct ServerArgs {
  std::string name = "backend";  // what Which answers
  int port = 0;                  // on 127.0.0.1; 0 = a free port
  std::string etcd;              // etcd's gRPC target, e.g. 127.0.0.1:23790; "": none
  std::string prefix = "/lab/backend/";
  std::chrono::seconds ttl{2};
};

// Serves lesson 16's Backend (Which answers `name`) with reflection, registers it in
// etcd with your Registrar once it listens (unless `etcd` is empty), and on
// SIGINT/SIGTERM deregisters first, then stops. Prints "backend NAME, pid PID",
// "listening on 127.0.0.1:PORT" and "registered ..." once ready. Returns the process exit
// code (1 if it could not listen or register).
int RunServer(const ServerArgs& args);

}  // namespace lab::discovery
