// The programs around the middleware: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <string>

namespace lab::interceptors {

// Serves Inventory on 127.0.0.1:port with reflection, the API key check (`api_key`)
// and the logging interceptor, which prints each call's record, until SIGINT or
// SIGTERM; then stops cleanly (calls in flight get a grace period). Prints
// "listening on 127.0.0.1:PORT" once ready. Returns the exit code.
int RunServer(int port, const std::string& api_key);

// Calls GetItem(sku) through MakeClientChannel with x-api-key `api_key`, and prints
// the reply and the latency record. Returns 0 on success, 1 otherwise.
int RunClient(const std::string& target, const std::string& api_key,
              const std::string& sku);

}  // namespace lab::interceptors
