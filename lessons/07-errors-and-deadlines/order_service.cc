// Lesson 07, part 2: choosing status codes, rich errors, deadline propagation and
// cancellation in a server.
#include "order_service.h"

#include "errors.h"
#include "kitchen.h"

namespace lab::errors {

// Contract (order_service.h): 1. all bad fields -> INVALID_ARGUMENT + BadRequest;
// 2. each id placed at most once, even by two calls at once; 3. CheckStock within
// the caller's deadline and cancellation, capped by kInventoryTimeout; 4. its errors
// translated; 5. a status for short stock.
grpc::Status OrderServiceImpl::PlaceOrder(grpc::ServerContext* context,
                                          const PlaceOrderRequest* request,
                                          Order* reply) {
  // TODO(lesson07): 1. report every bad field at once with BadRequestStatus, before
  // anything else happens.
  // TODO(lesson07): 2. make sure that an id is placed at most once, even when two
  // calls with the same id run at the same time, without holding up other orders
  // while the inventory answers; a failed order leaves its id free. You decide which
  // code a taken id gets and where the id is claimed (README: "Check, then act").
  // TODO(lesson07): 3. ask the inventory (inventory_) with a context that follows
  // this call's deadline and cancellation and never waits longer than
  // kInventoryTimeout (README: "Deadlines, cancellation and propagation").
  // TODO(lesson07): 4. when the inventory fails, return a status that blames the
  // right party and keeps its message to yourself (README's table).
  // TODO(lesson07): 5. choose the code for too little stock; say how many there are.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson07): implement OrderServiceImpl::PlaceOrder in "
                      "lessons/07-errors-and-deadlines/order_service.cc");
}

// Contract (order_service.h): NOT_FOUND for an unknown order; kPrepareSteps steps,
// checking for cancellation before each; CANCELLED when the caller has gone.
grpc::Status OrderServiceImpl::PrepareOrder(grpc::ServerContext* context,
                                            const PrepareOrderRequest* request,
                                            Order* reply) {
  // TODO(lesson07): NOT_FOUND for an unknown order; then kPrepareSteps steps of
  // DoPrepareStep(prepare_time_ / kPrepareSteps), stopping with CANCELLED before the
  // next step once the caller has gone. Finally mark the order PREPARED.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson07): implement OrderServiceImpl::PrepareOrder in "
                      "lessons/07-errors-and-deadlines/order_service.cc");
}

}  // namespace lab::errors
