// Lesson 07, part 2: choosing status codes, rich errors, deadline propagation and
// cancellation in a server.
#include "order_service.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "common/status_name.h"
#include "errors.h"
#include "kitchen.h"

namespace lab::errors {
namespace {

// `prefix` followed by at least one digit.
bool IsId(const std::string& id, char prefix) {
  return id.size() >= 2 && id[0] == prefix &&
         std::all_of(id.begin() + 1, id.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; });
}

void AddViolation(google::rpc::BadRequest& bad_request, const std::string& field,
                  const std::string& description) {
  google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
  violation->set_field(field);
  violation->set_description(description);
}

// Every problem with the request at once, so the caller can fix them all in one go.
google::rpc::BadRequest Validate(const PlaceOrderRequest& request) {
  google::rpc::BadRequest bad_request;
  if (!IsId(request.order_id(), 'O')) {
    AddViolation(bad_request, "order_id",
                 "'" + request.order_id() + "' is not O followed by digits");
  }
  if (!IsId(request.product_id(), 'P')) {
    AddViolation(bad_request, "product_id",
                 "'" + request.product_id() + "' is not P followed by digits");
  }
  if (request.quantity() < 1 || request.quantity() > 100) {
    AddViolation(bad_request, "quantity",
                 std::to_string(request.quantity()) + " is not between 1 and 100");
  }
  return bad_request;
}

// What our caller hears when the inventory failed: a status that blames the right
// party, in our own words. The inventory's message describes its side of things (our
// request to it, its internals): it goes to our log, not to our caller.
grpc::Status TranslateInventoryError(const grpc::Status& status,
                                     const std::string& product_id) {
  switch (status.error_code()) {
    case grpc::StatusCode::NOT_FOUND:  // CheckStock names one thing: the caller's product
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no product '" + product_id + "'");
    case grpc::StatusCode::UNAVAILABLE:  // transient: the caller may retry with backoff
      return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the inventory is unavailable; try again later");
    case grpc::StatusCode::DEADLINE_EXCEEDED:  // the caller's time or our cap ran out
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "no answer from the inventory in time");
    case grpc::StatusCode::CANCELLED:  // our caller left; nobody reads this
      return grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled");
    default:  // we sent a bad request or bad credentials downstream: our bug
      std::cerr << "inventory CheckStock(" << product_id
                << ") failed: " << common::StatusCodeName(status.error_code()) << ": "
                << status.error_message() << std::endl;
      return grpc::Status(grpc::StatusCode::INTERNAL, "inventory check failed");
  }
}

// OK when the inventory has `request.quantity()` units of the product; otherwise what
// our caller should hear.
grpc::Status AskInventory(InventoryService::StubInterface& inventory,
                          grpc::ServerContext& context,
                          const PlaceOrderRequest& request) {
  // Propagate, then cap: the child context inherits the caller's deadline and is
  // cancelled with the caller's call; gRPC then ends it at the earlier of that
  // deadline and the one set here, so a caller without a deadline cannot make us wait
  // for ever.
  std::unique_ptr<grpc::ClientContext> call =
      grpc::ClientContext::FromServerContext(context);
  call->set_deadline(std::chrono::system_clock::now() + kInventoryTimeout);
  StockRequest stock_request;
  stock_request.set_product_id(request.product_id());
  StockLevel stock;
  grpc::Status status = inventory.CheckStock(call.get(), stock_request, &stock);
  if (!status.ok()) return TranslateInventoryError(status, request.product_id());
  // The request is fine; the system is not in a state to grant it.
  if (stock.available() < request.quantity()) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "only " + std::to_string(stock.available()) + " of '" +
                            request.product_id() + "' in stock");
  }
  return grpc::Status::OK;
}

}  // namespace

// Contract (order_service.h): 1. all bad fields -> INVALID_ARGUMENT + BadRequest;
// 2. each id placed at most once, even by two calls at once; 3. CheckStock within
// the caller's deadline and cancellation, capped by kInventoryTimeout; 4. its errors
// translated; 5. FAILED_PRECONDITION when stock is short.
grpc::Status OrderServiceImpl::PlaceOrder(grpc::ServerContext* context,
                                          const PlaceOrderRequest* request,
                                          Order* reply) {
  google::rpc::BadRequest bad_request = Validate(*request);
  if (bad_request.field_violations_size() > 0) {
    return BadRequestStatus("the order has " +
                                std::to_string(bad_request.field_violations_size()) +
                                " invalid field(s)",
                            bad_request);
  }
  const std::string& id = request->order_id();

  // Claim the id before the slow call, in the same critical section as the check: a
  // second call with this id, arriving while the inventory answers us, finds it taken.
  // The lock is not held during the call, so other orders go ahead meanwhile.
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (orders_.count(id) > 0 || !placing_.insert(id).second) {
      return grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                          "order id '" + id + "' is already taken");
    }
  }
  grpc::Status status = AskInventory(*inventory_, *context, *request);

  std::lock_guard<std::mutex> lock(mu_);
  placing_.erase(id);               // placed or failed: either way no longer in progress
  if (!status.ok()) return status;  // not placed: the id stays free
  Order& order = orders_[id];
  order.set_order_id(id);
  order.set_product_id(request->product_id());
  order.set_quantity(request->quantity());
  order.set_state(Order::PLACED);
  *reply = order;
  return grpc::Status::OK;
}

// Contract (order_service.h): NOT_FOUND for an unknown order; kPrepareSteps steps,
// checking for cancellation before each; CANCELLED when the caller has gone.
grpc::Status OrderServiceImpl::PrepareOrder(grpc::ServerContext* context,
                                            const PrepareOrderRequest* request,
                                            Order* reply) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (orders_.count(request->order_id()) == 0) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          "no order '" + request->order_id() + "'");
    }
  }
  for (int step = 0; step < kPrepareSteps; ++step) {
    // True once the client cancelled, its deadline passed, or the connection dropped.
    // Checking between steps bounds the wasted work to one step.
    if (context->IsCancelled()) {
      return grpc::Status(grpc::StatusCode::CANCELLED,
                          "the caller went away at step " + std::to_string(step));
    }
    DoPrepareStep(prepare_time_ / kPrepareSteps);
  }
  std::lock_guard<std::mutex> lock(mu_);
  Order& order = orders_[request->order_id()];
  order.set_state(Order::PREPARED);
  *reply = order;
  return grpc::Status::OK;
}

}  // namespace lab::errors
