// Contract for lesson 07's OrderService. Given: do not edit. Your work is in
// order_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "orders.grpc.pb.h"

namespace lab::errors {

// How long PrepareOrder works on an order in the server program, and in how many steps.
inline constexpr std::chrono::milliseconds kPrepareTime{3000 /* 3 s */};
inline constexpr int kPrepareSteps = 20;

// The front service: validates orders, checks stock with the downstream
// InventoryService, and prepares orders slowly.
class OrderServiceImpl : public OrderService::Service {
 public:
  // `inventory` is a stub for the downstream InventoryService. PrepareOrder takes
  // `prepare_time` in all, in kPrepareSteps calls of DoPrepareStep (kitchen.h).
  explicit OrderServiceImpl(std::unique_ptr<InventoryService::StubInterface> inventory,
                            std::chrono::milliseconds prepare_time = kPrepareTime)
      : inventory_(std::move(inventory)), prepare_time_(prepare_time) {}

  // Places an order and replies with it (state PLACED). In this order:
  //  1. Checks every field and reports all bad ones at once: INVALID_ARGUMENT made by
  //     BadRequestStatus (errors.h), one FieldViolation per bad field, named after
  //     the proto field:
  //       order_id    "O" followed by one or more digits
  //       product_id  "P" followed by one or more digits
  //       quantity    1 to 100
  //  2. ALREADY_EXISTS when an order with this order_id was placed before.
  //  3. Calls InventoryService.CheckStock for the product with a ClientContext made
  //     from this call's ServerContext, so the downstream call gets what is left of
  //     the caller's deadline and is cancelled when the caller goes away. An error
  //     from the inventory (NOT_FOUND for an unknown product, DEADLINE_EXCEEDED, ...)
  //     is returned unchanged, code and message.
  //  4. FAILED_PRECONDITION when fewer than `quantity` units are available; the
  //     message says how many there are.
  grpc::Status PlaceOrder(grpc::ServerContext* context, const PlaceOrderRequest* request,
                          Order* reply) override;

  // Prepares a placed order and replies with it (state PREPARED). Slow: calls
  // DoPrepareStep(prepare_time_ / kPrepareSteps) kPrepareSteps times, and before each
  // step checks whether the caller is still there; if not, stops at once and returns
  // CANCELLED (nobody will read the answer).
  // Errors: NOT_FOUND for an order_id that was never placed; CANCELLED as above.
  grpc::Status PrepareOrder(grpc::ServerContext* context,
                            const PrepareOrderRequest* request, Order* reply) override;

 private:
  const std::unique_ptr<InventoryService::StubInterface> inventory_;
  const std::chrono::milliseconds prepare_time_;
  std::mutex mu_;                        // handlers run on several threads at once
  std::map<std::string, Order> orders_;  // order_id -> order; guarded by mu_
};

}  // namespace lab::errors
