// Mistake: every inventory error becomes INTERNAL, so an unknown product (the caller's
// problem, NOT_FOUND) looks like a bug in the order service.
// Lesson 07, part 2: choosing status codes, rich errors, deadline propagation and
// cancellation in a server.
#include "order_service.h"

#include <algorithm>
#include <cctype>

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

}  // namespace

// Contract (order_service.h): 1. all bad fields -> INVALID_ARGUMENT + BadRequest;
// 2. ALREADY_EXISTS; 3. CheckStock with a context from the ServerContext, its errors
// returned unchanged; 4. FAILED_PRECONDITION when stock is short.
grpc::Status OrderServiceImpl::PlaceOrder(grpc::ServerContext* context,
                                          const PlaceOrderRequest* request,
                                          Order* reply) {
  // 1. Collect every problem, so the caller can fix them all in one go.
  google::rpc::BadRequest bad_request;
  if (!IsId(request->order_id(), 'O')) {
    AddViolation(bad_request, "order_id",
                 "'" + request->order_id() + "' is not O followed by digits");
  }
  if (!IsId(request->product_id(), 'P')) {
    AddViolation(bad_request, "product_id",
                 "'" + request->product_id() + "' is not P followed by digits");
  }
  if (request->quantity() < 1 || request->quantity() > 100) {
    AddViolation(bad_request, "quantity",
                 std::to_string(request->quantity()) + " is not between 1 and 100");
  }
  if (bad_request.field_violations_size() > 0) {
    return BadRequestStatus("the order has " +
                                std::to_string(bad_request.field_violations_size()) +
                                " invalid field(s)",
                            bad_request);
  }

  // 2. A valid request that clashes with what exists.
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (orders_.count(request->order_id()) > 0) {
      return grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                          "order '" + request->order_id() + "' already exists");
    }
  }

  // 3. The downstream call inherits this call's deadline and cancellation: if our
  // caller gives up, so does the inventory call, instead of working for nobody.
  std::unique_ptr<grpc::ClientContext> downstream =
      grpc::ClientContext::FromServerContext(*context);
  StockRequest stock_request;
  stock_request.set_product_id(request->product_id());
  StockLevel stock;
  grpc::Status status = inventory_->CheckStock(downstream.get(), stock_request, &stock);
  if (!status.ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "inventory check failed: " + status.error_message());
  }

  // 4. The request is fine; the system is not in a state to grant it.
  if (stock.available() < request->quantity()) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "only " + std::to_string(stock.available()) + " of '" +
                            request->product_id() + "' in stock");
  }

  Order order;
  order.set_order_id(request->order_id());
  order.set_product_id(request->product_id());
  order.set_quantity(request->quantity());
  order.set_state(Order::PLACED);
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Two calls with the same id may both have got past step 2: only one wins.
    if (!orders_.emplace(order.order_id(), order).second) {
      return grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                          "order '" + request->order_id() + "' already exists");
    }
  }
  *reply = std::move(order);
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
