// Given: do not edit. The downstream service of lesson 07's server program.
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "orders.grpc.pb.h"

namespace lab::errors {

// Product id -> units available.
using Stock = std::map<std::string, int>;

// The stock the server program starts with.
Stock DefaultStock();

// Answers CheckStock from a fixed table: NOT_FOUND for an unknown product.
class InventoryServiceImpl final : public InventoryService::Service {
 public:
  explicit InventoryServiceImpl(Stock stock) : stock_(std::move(stock)) {}
  grpc::Status CheckStock(grpc::ServerContext* context, const StockRequest* request,
                          StockLevel* reply) override;

 private:
  const Stock stock_;
};

}  // namespace lab::errors
