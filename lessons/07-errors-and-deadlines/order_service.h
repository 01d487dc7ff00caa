// Contract for lesson 07's OrderService. Given: do not edit. Your work is in
// order_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "orders.grpc.pb.h"

namespace lab::errors {

// How long PrepareOrder works on an order in the server program, and in how many steps.
inline constexpr std::chrono::milliseconds kPrepareTime{3000 /* 3 s */};
inline constexpr int kPrepareSteps = 20;

// The longest PlaceOrder waits for the inventory, however long its own caller is
// prepared to wait (or if the caller set no deadline at all).
inline constexpr std::chrono::milliseconds kInventoryTimeout{2000 /* 2 s */};

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
  //     A bad request costs nothing: the inventory is not asked.
  //  2. An order id is placed at most once, even when two calls with the same id
  //     arrive at the same moment: the one that is not placed fails with a code that
  //     says the id is taken. An order that fails (at the inventory, or for want of
  //     stock) is not placed, and its id stays free. A slow inventory call must not
  //     hold up calls for other orders.
  //  3. Asks InventoryService.CheckStock about the product. That call ends when this
  //     call's caller gives up (its deadline passes or it cancels), and never runs
  //     longer than kInventoryTimeout.
  //  4. An error from the inventory is translated, not passed on as it came: the
  //     status returned blames the right party and does not leak the inventory's own
  //     message (README: "Translating downstream errors").
  //  5. Too few units available: a status that says the request is fine but the
  //     stock is not, with a message saying how many there are.
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
  std::map<std::string, Order> orders_;  // order_id -> placed order; guarded by mu_
  std::set<std::string> placing_;        // ids of orders being placed; guarded by mu_
};

}  // namespace lab::errors
