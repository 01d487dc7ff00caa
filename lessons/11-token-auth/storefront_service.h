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
// tokens; the storefront calls Inventory as itself, with its own credentials, never
// with the customer's token.
class StorefrontServiceImpl final : public Storefront::Service {
 public:
  // `inventory`: a TLS channel to the Inventory server. `own_credentials`: the
  // storefront's call credentials (subject "storefront", role "service", audience
  // "inventory"), made once by the program and attached to every Inventory call.
  StorefrontServiceImpl(std::shared_ptr<grpc::ChannelInterface> inventory,
                        std::shared_ptr<grpc::CallCredentials> own_credentials)
      : inventory_(Inventory::NewStub(inventory)),
        own_credentials_(std::move(own_credentials)) {}

  // Replies with the item Inventory.GetItem returns for request->sku() and, as
  // `customer`, the subject of the caller's verified token (kSubjectProperty).
  // The Inventory call goes out with own_credentials_, and it ends when the
  // caller's call ends (deadline or cancellation), and at the latest
  // kInventoryTimeout after it starts, even if the caller set no deadline.
  // Errors: UNAUTHENTICATED if the caller has no verified subject. An error from
  // Inventory becomes a status that blames the right party and leaks nothing of
  // the inventory's own message: see the table in lesson 07's README.
  grpc::Status ShowItem(grpc::ServerContext* context, const ShowItemRequest* request,
                        ShowItemReply* reply) override;

 private:
  std::unique_ptr<Inventory::Stub> inventory_;
  const std::shared_ptr<grpc::CallCredentials> own_credentials_;
};

}  // namespace lab::auth
