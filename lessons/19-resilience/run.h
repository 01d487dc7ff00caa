// The programs around the limiter and the breaker: what server_main.cc and
// client_main.cc call. Given: do not edit.
#pragma once

#include <string>

namespace lab::resilience {

// Serves Worker on 127.0.0.1:port with reflection until SIGINT or SIGTERM. Every call
// goes through a RateLimiter (`capacity`, `per_second`, real clock) first; then it
// answers with `name`, or, with `fail`, with UNAVAILABLE (a sick server, to trip a
// client's breaker). Prints "listening on 127.0.0.1:PORT" once ready and one line per
// call. Returns the exit code.
int RunServer(int port, const std::string& name, double capacity, double per_second,
              bool fail);

// Makes `calls` Work calls, one after another, as caller `caller` through a
// CircuitBreaker (`threshold` failures, open for `open_for_ms`, real clock), and
// prints each call's status, retry-after-ms if any, and the breaker's state.
// Returns 0 if every call succeeded, 1 otherwise.
int RunClient(const std::string& target, const std::string& caller, int calls,
              int threshold, int open_for_ms);

}  // namespace lab::resilience
