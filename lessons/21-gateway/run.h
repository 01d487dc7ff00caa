// The program around the gateway: what gateway_main.cc calls. Given: do not edit.
#pragma once

#include <chrono>

#include "gateway.h"

namespace lab::gateway {

// Starts the catalogue backend (CatalogServiceImpl, gRPC with reflection) on a free
// port of 127.0.0.1 and the REST gateway in front of it on 127.0.0.1:http_port
// (0 = any free port), each request with `timeout` as its deadline. Prints
// "backend on 127.0.0.1:PORT" then "listening on 127.0.0.1:HTTP_PORT" once ready,
// and serves until SIGINT or SIGTERM; then stops both. Returns the exit code.
int RunGateway(int http_port, std::chrono::milliseconds timeout = kDefaultTimeout);

}  // namespace lab::gateway
