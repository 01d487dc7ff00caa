// Contract for lesson 07's client call. Given: do not edit. Your work is in client.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>

#include "orders.grpc.pb.h"

namespace lab::errors {

// How long a call may take before the client gives up (DEADLINE_EXCEEDED).
inline constexpr std::chrono::milliseconds kCallTimeout{2000 /* 2 s */};

struct CallOptions {
  // The call's deadline is this long from when it starts.
  std::chrono::milliseconds timeout = kCallTimeout;
  // false (gRPC's default, "fail fast"): if the channel cannot reach the server, the
  // call fails at once with UNAVAILABLE. true: the call waits, until its deadline, for
  // the server to become reachable.
  bool wait_for_ready = false;
};

// Calls OrderService.PlaceOrder with a deadline `options.timeout` from now and
// wait-for-ready as `options.wait_for_ready` says. On OK, *order holds the reply.
// Otherwise returns the call's status exactly as received (code, message and error
// details) and leaves *order alone.
grpc::Status PlaceOrder(OrderService::StubInterface& stub,
                        const PlaceOrderRequest& request, Order* order,
                        const CallOptions& options = {});

}  // namespace lab::errors
