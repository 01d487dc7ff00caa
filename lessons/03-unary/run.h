// The programs around the services: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <string>

namespace lab::unary {

// Serves Greeter and ProductService (DefaultCatalogue) on 127.0.0.1:port, with server
// reflection, until SIGINT or SIGTERM; then stops cleanly: calls in flight get a grace
// period to finish. Port 0 lets the OS choose. Prints "listening on 127.0.0.1:PORT"
// once ready. Returns the process exit code: 0 after a clean stop, 1 if it could not
// listen.
int RunServer(int port);

// Connects to `target` and calls SayHello for `name` if it is not empty, then
// GetProductStock for `product_id` if it is not empty. Prints each reply or error.
// Returns 0 if every call succeeded, 1 otherwise.
int RunClient(const std::string& target, const std::string& name,
              const std::string& product_id);

}  // namespace lab::unary
