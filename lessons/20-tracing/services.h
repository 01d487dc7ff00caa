// Given: do not edit. The three services of lesson 20: gateway -> orders -> inventory.
// Each handler's outgoing call uses a traced channel; which span it belongs to comes
// from CurrentSpan(), set by your server interceptor on the handler's thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "tracing.grpc.pb.h"
#include "tracing.h"

namespace lab::tracing {

// PlaceOrder: INVALID_ARGUMENT for a quantity < 1; otherwise Orders.CreateOrder's
// answer, status and all.
class GatewayService final : public Gateway::Service {
 public:
  explicit GatewayService(std::shared_ptr<grpc::Channel> orders)
      : orders_(Orders::NewStub(std::move(orders))) {}
  grpc::Status PlaceOrder(grpc::ServerContext* context, const OrderRequest* request,
                          OrderReply* reply) override;

 private:
  std::unique_ptr<Orders::Stub> orders_;
};

// CreateOrder: reserves the stock with Inventory.Reserve, then answers an order id.
class OrdersService final : public Orders::Service {
 public:
  explicit OrdersService(std::shared_ptr<grpc::Channel> inventory)
      : inventory_(Inventory::NewStub(std::move(inventory))) {}
  grpc::Status CreateOrder(grpc::ServerContext* context, const OrderRequest* request,
                           OrderReply* reply) override;

 private:
  std::unique_ptr<Inventory::Stub> inventory_;
  std::mutex mu_;
  int next_order_ = 1;
};

// Reserve: NOT_FOUND for an unknown sku, FAILED_PRECONDITION when there is too little.
// Stock: apple 100, pear 0.
class InventoryService final : public Inventory::Service {
 public:
  grpc::Status Reserve(grpc::ServerContext* context, const ReserveRequest* request,
                       ReserveReply* reply) override;

 private:
  std::mutex mu_;
  std::map<std::string, int> stock_ = {{"apple", 100}, {"pear", 0}};
};

}  // namespace lab::tracing
