// The programs around the lesson's code: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace lab::health {

// How long calls in flight (a monitor's Watch stream too) may go on when the server
// drains on SIGINT or SIGTERM.
inline constexpr std::chrono::milliseconds kDrainGrace{1000 /* 1 s */};

// Serves Backend (named `replica`) and the health service on 127.0.0.1:port (0 = any
// free port), with reflection, started by StartServer (health_server.cc), until SIGINT
// or SIGTERM; then Drain(kDrainGrace). Prints "listening on 127.0.0.1:PORT" once
// ready. Each name in `not_serving` is then reported NOT_SERVING (a service in
// maintenance, say), as a by-hand demonstration. Returns the process exit code: 0
// after a clean stop.
int RunServer(int port, const std::string& replica,
              const std::vector<std::string>& not_serving = {});

struct ClientArgs {
  std::string target;
  std::string service;  // "" = the server as a whole
  bool watch = false;   // Watch instead of one Check
  std::chrono::milliseconds timeout{2000};
};

// Checks (CheckHealth) or follows (WatchHealth, for up to `timeout`) one service's
// health and prints each status by name. Returns 0 if the status was SERVING (Check)
// or the watch ran until its deadline, otherwise the gRPC status code of the failure
// (or 1 for a status other than SERVING).
int RunClient(const ClientArgs& args);

}  // namespace lab::health
