// The programs of lesson 20: what the *_main.cc files call. Given: do not edit.
#pragma once

#include <string>

namespace lab::tracing {

// Serves one of the three services ("gateway", "orders" or "inventory") on
// 127.0.0.1:port with your tracing interceptors, reflection, and spans exported to
// `zipkin` (a base URL, "http://127.0.0.1:9411"). Gateway and orders call `next`.
// Prints "listening on 127.0.0.1:PORT"; stops cleanly on SIGINT/SIGTERM. Exit code.
int RunServer(const std::string& service, int port, const std::string& next,
              const std::string& zipkin);

// Places one order at the gateway `target` through a traced channel (service name
// "client"), prints the reply and the trace id, and flushes its span to `zipkin`.
int RunClient(const std::string& target, const std::string& sku, int quantity,
              const std::string& zipkin);

// Serves POST /api/v2/spans on 127.0.0.1:port and rewrites `out` with every span so
// far (a JSON array) after each POST. Stops on SIGINT/SIGTERM. Exit code.
int RunCollector(int port, const std::string& out);

// Prints the waterfall of each trace in `file` (a JSON array of Zipkin spans), or only
// of `trace_id` if not empty. Exit code.
int RunWaterfall(const std::string& file, const std::string& trace_id);

}  // namespace lab::tracing
