// Lesson 07, part 3: a client with a deadline that can wait for its server.
#include "client.h"

namespace lab::errors {

// Contract (client.h): one call with a deadline options.timeout from now and
// wait-for-ready as asked; on OK fill *order; return the status as received.
grpc::Status PlaceOrder(OrderService::StubInterface& stub,
                        const PlaceOrderRequest& request, Order* order,
                        const CallOptions& options) {
  // TODO(lesson07): one PlaceOrder call that gives up options.timeout from now and
  // waits for an unreachable server only when options.wait_for_ready says so; its
  // status back exactly as received.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson07): implement PlaceOrder in "
                      "lessons/07-errors-and-deadlines/client.cc");
}

}  // namespace lab::errors
