// Contract for lesson 08's Orders service. Given: do not edit. Your work is in
// order_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <string>

#include "metadata.grpc.pb.h"

namespace lab::metadata {

// 4 raw bytes (a 32-bit FNV-1a hash, big-endian) that let a client check it got the
// order id the server meant. Most results contain bytes that are not printable text,
// which is why it travels under a "-bin" key. Given, in checksum.cc.
std::string OrderChecksum(const std::string& order_id);

// A fresh request id, "req-" followed by 16 hex digits. Given, in checksum.cc.
std::string NewRequestId();

// Implements Orders from proto/metadata.proto.
class OrderServiceImpl final : public Orders::Service {
 public:
  // Reads x-request-id and x-tenant from the client metadata and answers with the
  // server metadata of proto/metadata.proto, each in the part of the response (headers
  // or trailers) that fits when it is known and when the client needs it:
  //   x-request-id = the client's id, or NewRequestId() if it sent none, an empty one,
  //                  or one ValidateMetadata refuses; sent on every call, failed or not
  //   x-elapsed-us = microseconds spent in this handler (decimal)
  //   x-order-checksum-bin = OrderChecksum(reply->order_id())
  //   Reply: order_id = "<tenant>-<n>" with n = 1, 2, 3... per service
  // Errors: INVALID_ARGUMENT when x-tenant is missing or empty, or the item is empty.
  grpc::Status PlaceOrder(grpc::ServerContext* context, const OrderRequest* request,
                          OrderReply* reply) override;

 private:
  std::atomic<int> next_order_{1};
};

}  // namespace lab::metadata
