// Contract for lesson 03's client calls. Given: do not edit. Your work is in client.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>

#include "unary.grpc.pb.h"

namespace lab::unary {

// How long a call may take before the client gives up (DEADLINE_EXCEEDED).
inline constexpr std::chrono::milliseconds kCallTimeout{2000 /* 2 s */};

// Calls Greeter.SayHello for `name` with a deadline `timeout` from now.
// On OK, *greeting holds the reply's message. Otherwise returns the call's status
// exactly as received (code and message) and leaves *greeting alone.
grpc::Status Greet(Greeter::StubInterface& stub, const std::string& name,
                   std::string* greeting,
                   std::chrono::milliseconds timeout = kCallTimeout);

// Calls ProductService.GetProductStock for `product_id` with a deadline `timeout` from
// now. On OK, *stock holds the reply. Otherwise returns the call's status exactly as
// received.
grpc::Status FetchStock(ProductService::StubInterface& stub,
                        const std::string& product_id, ProductStock* stock,
                        std::chrono::milliseconds timeout = kCallTimeout);

}  // namespace lab::unary
