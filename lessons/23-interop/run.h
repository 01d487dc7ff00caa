// The programs around the service and the client: what the mains call.
// Given: do not edit.
#pragma once

#include <string>

namespace lab::interop {

// Serves TestService on 127.0.0.1:port (0 = any free port), with reflection, until
// SIGINT or SIGTERM. Prints "listening on 127.0.0.1:PORT" once ready. Returns the
// process exit code.
int RunServer(int port);

// Runs one case (interop_client.h) against host:port over plain TCP, like the
// official clients: prints "OK: NAME" and returns 0 if it passed, else prints why on
// stderr and returns 1.
int RunClient(const std::string& host, int port, const std::string& test_case);

}  // namespace lab::interop
