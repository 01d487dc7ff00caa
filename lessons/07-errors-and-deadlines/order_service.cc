// Lesson 07, part 2: choosing status codes, rich errors, deadline propagation and
// cancellation in a server.
#include "order_service.h"

#include "errors.h"
#include "kitchen.h"

namespace lab::errors {

// Contract (order_service.h): 1. all bad fields -> INVALID_ARGUMENT + BadRequest;
// 2. ALREADY_EXISTS; 3. CheckStock with a context from the ServerContext, its errors
// returned unchanged; 4. FAILED_PRECONDITION when stock is short.
grpc::Status OrderServiceImpl::PlaceOrder(grpc::ServerContext* context,
                                          const PlaceOrderRequest* request,
                                          Order* reply) {
  // TODO(lesson07): 1. validate every field into a google::rpc::BadRequest and return
  // BadRequestStatus(...) if any is bad  2. ALREADY_EXISTS for a known order_id
  // 3. call inventory_->CheckStock with a context made from *context
  // 4. FAILED_PRECONDITION if stock is short  5. record the order (under mu_), reply.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson07): implement OrderServiceImpl::PlaceOrder in "
                      "lessons/07-errors-and-deadlines/order_service.cc");
}

// Contract (order_service.h): NOT_FOUND for an unknown order; kPrepareSteps steps,
// checking for cancellation before each; CANCELLED when the caller has gone.
grpc::Status OrderServiceImpl::PrepareOrder(grpc::ServerContext* context,
                                            const PrepareOrderRequest* request,
                                            Order* reply) {
  // TODO(lesson07): NOT_FOUND for an unknown order; then kPrepareSteps times: stop
  // with CANCELLED if context->IsCancelled(), else
  // DoPrepareStep(prepare_time_ / kPrepareSteps). Finally mark the order PREPARED.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson07): implement OrderServiceImpl::PrepareOrder in "
                      "lessons/07-errors-and-deadlines/order_service.cc");
}

}  // namespace lab::errors
