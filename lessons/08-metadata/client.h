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
// Each value is read from the part of the server's response it travels in (headers or
// trailers: proto/metadata.proto and the README say which belongs where).
struct OrderResult {
  OrderReply reply;
  std::string request_id;   // the server's x-request-id ("" if it sent none)
  std::string checksum;     // the server's x-order-checksum-bin (raw bytes)
  int64_t elapsed_us = -1;  // the server's x-elapsed-us; -1 if absent
};

// Calls Orders.PlaceOrder with a deadline `timeout` from now, sending x-tenant and, if
// request_id is not empty, x-request-id as client metadata (through
// AddRequestMetadata, so that an invalid value is refused before any call is made).
// Once the call has been made, result->request_id holds the server's x-request-id
// whether the call succeeded or failed: a failed call is the one someone will want
// to trace. On OK it also fills reply, checksum and elapsed_us.
// Errors: INVALID_ARGUMENT from AddRequestMetadata (no call made, *result untouched);
// otherwise the call's status exactly as received.
grpc::Status PlaceOrder(Orders::StubInterface& stub, const std::string& request_id,
                        const std::string& tenant, const OrderRequest& request,
                        OrderResult* result,
                        std::chrono::milliseconds timeout = kCallTimeout);

}  // namespace lab::metadata
