// Contract for lesson 11's Storefront. Given: do not edit. Your work is in
// storefront_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "auth.grpc.pb.h"

namespace lab::auth {

// The longest the storefront waits for the inventory.
inline constexpr std::chrono::milliseconds kInventoryTimeout{2000 /* 2 s */};

// A service that calls another service. Customers call ShowItem with their own
// tokens; the storefront calls Inventory as itself, with its own token, never with
// the customer's.
class StorefrontServiceImpl final : public Storefront::Service {
 public:
  // `inventory`: a TLS channel to the Inventory server. `own_token`: the
  // storefront's token (subject "storefront", role "service").
  StorefrontServiceImpl(std::shared_ptr<grpc::ChannelInterface> inventory,
                        std::string own_token)
      : inventory_(Inventory::NewStub(inventory)), own_token_(std::move(own_token)) {}

  // Calls Inventory.GetItem for request->sku() with the storefront's own token
  // (BearerTokenCredentials) and a deadline: the caller's, but at most
  // kInventoryTimeout from now. Replies with the item and, as `customer`, the
  // subject of the caller's verified token (kSubjectProperty).
  // Errors: UNAUTHENTICATED if the caller has no verified subject; an error from
  // Inventory comes back unchanged.
  grpc::Status ShowItem(grpc::ServerContext* context, const ShowItemRequest* request,
                        ShowItemReply* reply) override;

 private:
  std::unique_ptr<Inventory::Stub> inventory_;
  const std::string own_token_;
};

}  // namespace lab::auth
