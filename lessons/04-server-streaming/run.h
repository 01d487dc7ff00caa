// The programs around the service: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <chrono>
#include <string>

namespace lab::quotes {

// Serves QuoteService (DefaultMarket, one quote per `interval`) on 127.0.0.1:port, with
// server reflection, until SIGINT or SIGTERM; then stops cleanly (streams in flight
// get a grace period, then are cancelled). Port 0 lets the OS choose. Prints
// "listening on 127.0.0.1:PORT" once ready. Returns the process exit code.
int RunServer(int port, std::chrono::milliseconds interval);

// Connects to `target`, asks for `count` quotes of `symbol` and prints each one as it
// arrives, then how the stream ended. Returns 0 if it ended OK, 1 otherwise.
int RunClient(const std::string& target, const std::string& symbol, int count);

}  // namespace lab::quotes
