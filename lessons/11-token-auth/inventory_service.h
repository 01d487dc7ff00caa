// Lesson 11's Inventory service. Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <mutex>
#include <string>

#include "auth.grpc.pb.h"

namespace lab::auth {

// A stock list. Authentication and authorization happen before these handlers run
// (TokenAuthProcessor); the handlers only read who the caller is.
class InventoryServiceImpl final : public Inventory::Service {
 public:
  explicit InventoryServiceImpl(std::map<std::string, int> stock)
      : stock_(std::move(stock)) {}

  // The item's quantity. NOT_FOUND for an unknown sku.
  grpc::Status GetItem(grpc::ServerContext* context, const GetItemRequest* request,
                       Item* reply) override;
  // Sets the item's quantity (creating it). INVALID_ARGUMENT for an empty sku or a
  // negative quantity.
  grpc::Status SetItem(grpc::ServerContext* context, const SetItemRequest* request,
                       Item* reply) override;
  // The caller's subject and role, from the AuthContext. UNAUTHENTICATED if there
  // are none (the server has no TokenAuthProcessor).
  grpc::Status WhoAmI(grpc::ServerContext* context, const WhoAmIRequest* request,
                      Caller* reply) override;

 private:
  std::mutex mu_;
  std::map<std::string, int> stock_;
};

}  // namespace lab::auth
