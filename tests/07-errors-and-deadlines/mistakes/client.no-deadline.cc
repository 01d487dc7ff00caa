// Mistake: the client sets no deadline, so a slow server keeps it waiting as long as it
// likes.
// Lesson 07, part 3: a client with a deadline that can wait for its server.
#include "client.h"

namespace lab::errors {

// Contract (client.h): one call with a deadline options.timeout from now and
// wait-for-ready as asked; on OK fill *order; return the status as received.
grpc::Status PlaceOrder(OrderService::StubInterface& stub,
                        const PlaceOrderRequest& request, Order* order,
                        const CallOptions& options) {
  grpc::ClientContext context;
  // Without this a call on a channel in TRANSIENT_FAILURE fails at once (UNAVAILABLE);
  // with it, the call stays queued until the channel is READY or the deadline passes.
  context.set_wait_for_ready(options.wait_for_ready);
  Order reply;
  grpc::Status status = stub.PlaceOrder(&context, request, &reply);
  if (status.ok()) *order = std::move(reply);
  return status;  // error_details() travels with it untouched
}

}  // namespace lab::errors
