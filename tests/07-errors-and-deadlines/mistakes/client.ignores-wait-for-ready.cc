// Mistake: options.wait_for_ready is ignored, so the call fails with UNAVAILABLE instead
// of waiting for a server that is starting.
// Lesson 07, part 3: a client with a deadline that can wait for its server.
#include "client.h"

namespace lab::errors {

// Contract (client.h): one call with a deadline options.timeout from now and
// wait-for-ready as asked; on OK fill *order; return the status as received.
grpc::Status PlaceOrder(OrderService::StubInterface& stub,
                        const PlaceOrderRequest& request, Order* order,
                        const CallOptions& options) {
  grpc::ClientContext context;
  // The deadline bounds the whole call, including any time spent waiting for the
  // server to be reachable.
  context.set_deadline(std::chrono::system_clock::now() + options.timeout);
  Order reply;
  grpc::Status status = stub.PlaceOrder(&context, request, &reply);
  if (status.ok()) *order = std::move(reply);
  return status;  // error_details() travels with it untouched
}

}  // namespace lab::errors
