// The programs around the service: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <string>
#include <vector>

namespace lab::sensors {

// Serves SensorService on 127.0.0.1:port, with server reflection, until SIGINT or
// SIGTERM; then stops cleanly (uploads in flight get a grace period, then are
// cancelled). Port 0 lets the OS choose. Prints "listening on 127.0.0.1:PORT" once
// ready. Returns the process exit code.
int RunServer(int port);

// Connects to `target` and uploads one reading of `sensor_id` per value (tenths of a
// degree Celsius), then prints the summary or the error. Returns 0 on OK, 1 otherwise.
int RunClient(const std::string& target, const std::string& sensor_id,
              const std::vector<int>& values);

}  // namespace lab::sensors
