// Given code under test (you do not edit it): the Orders service, which reserves
// stock from the Inventory service downstream.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "ordertest.grpc.pb.h"

namespace lab::ordertest {

// The metadata key of a caller's request id. PlaceOrder passes it on to Inventory.
inline constexpr char kRequestIdKey[] = "x-request-id";

class OrderService final : public Orders::Service {
 public:
  // Calls the Inventory service over `inventory`.
  explicit OrderService(std::shared_ptr<grpc::ChannelInterface> inventory)
      : inventory_(Inventory::NewStub(inventory)) {}

  // Places an order by reserving its stock downstream:
  // - an empty SKU or a quantity below 1: INVALID_ARGUMENT, and no downstream call;
  // - the downstream Reserve call carries the caller's deadline (and cancellation)
  //   and the caller's x-request-id metadata, if it sent one;
  // - Inventory's FAILED_PRECONDITION (not enough stock) stays FAILED_PRECONDITION;
  //   Inventory's DEADLINE_EXCEEDED stays DEADLINE_EXCEEDED; any other Inventory
  //   failure is UNAVAILABLE (the order may be retried later);
  // - on success, the reply carries Inventory's reservation id.
  grpc::Status PlaceOrder(grpc::ServerContext* context, const PlaceOrderRequest* request,
                          PlaceOrderReply* reply) override;

 private:
  std::unique_ptr<Inventory::Stub> inventory_;
};

}  // namespace lab::ordertest
