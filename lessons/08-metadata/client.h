// Contract for lesson 08's client. Given: do not edit. Your work is in client.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "metadata.grpc.pb.h"

namespace lab::metadata {

inline constexpr std::chrono::milliseconds kCallTimeout{2000 /* 2 s */};

// Everything PlaceOrder learns from one call: the reply and the metadata around it.
struct OrderResult {
  OrderReply reply;
  std::string request_id;   // x-request-id from the server's initial metadata
  std::string checksum;     // x-order-checksum-bin from the trailing metadata (raw bytes)
  int64_t elapsed_us = -1;  // x-elapsed-us from the trailing metadata; -1 if absent
};

// Calls Orders.PlaceOrder with a deadline `timeout` from now, sending x-tenant and, if
// request_id is not empty, x-request-id as client metadata (through
// AddRequestMetadata, so that an invalid value is refused before any call is made).
// On OK fills *result from the reply and the server's initial and trailing metadata.
// Errors: INVALID_ARGUMENT from AddRequestMetadata (no call made); otherwise the
// call's status exactly as received.
grpc::Status PlaceOrder(Orders::StubInterface& stub, const std::string& request_id,
                        const std::string& tenant, const OrderRequest& request,
                        OrderResult* result,
                        std::chrono::milliseconds timeout = kCallTimeout);

}  // namespace lab::metadata
