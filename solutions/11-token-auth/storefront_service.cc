// Lesson 11, part 5: one service calling another with its own identity.
#include "storefront_service.h"

#include <iostream>

#include "access_policy.h"
#include "common/status_name.h"

namespace lab::auth {
namespace {

// The inventory's error, as the storefront's caller should see it (the table in
// lesson 07's README): who is to blame decides the code, and the inventory's own
// message stays in our log.
grpc::Status FromInventory(const grpc::Status& status, const std::string& sku) {
  switch (status.error_code()) {
    case grpc::StatusCode::NOT_FOUND:  // about the sku the caller named
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no item " + sku);
    case grpc::StatusCode::UNAVAILABLE:  // transient: the caller may retry
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "inventory unavailable");
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "inventory did not answer in time");
    case grpc::StatusCode::CANCELLED:
      return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
    default:
      // Our token, our request, our bug: nothing the caller can fix or should read.
      std::cerr << "storefront: Inventory.GetItem(" << sku
                << ") failed: " << common::StatusCodeName(status.error_code()) << ": "
                << status.error_message() << "\n";
      return grpc::Status(grpc::StatusCode::INTERNAL, "inventory check failed");
  }
}

}  // namespace

// Contract (storefront_service.h): customer from the AuthContext; Inventory called
// with the storefront's own credentials, bounded by the caller's call and by
// kInventoryTimeout; its errors translated.
grpc::Status StorefrontServiceImpl::ShowItem(grpc::ServerContext* context,
                                             const ShowItemRequest* request,
                                             ShowItemReply* reply) {
  const std::string customer = CallerProperty(*context, kSubjectProperty);
  if (customer.empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no verified customer");
  }

  // Propagate: the caller's deadline and cancellation flow down. Then cap: gRPC
  // gives the child call the earlier of the caller's deadline and this one, so a
  // caller without a deadline still cannot make us wait forever.
  std::unique_ptr<grpc::ClientContext> call =
      grpc::ClientContext::FromServerContext(*context);
  call->set_deadline(std::chrono::system_clock::now() + kInventoryTimeout);
  // The storefront speaks for itself. The customer's token was consumed by the
  // processor; the inventory trusts the storefront, and the storefront decided
  // this customer may see items.
  call->set_credentials(own_credentials_);
  GetItemRequest get;
  get.set_sku(request->sku());
  grpc::Status status = inventory_->GetItem(call.get(), get, reply->mutable_item());
  if (!status.ok()) return FromInventory(status, request->sku());
  reply->set_customer(customer);
  return grpc::Status::OK;
}

}  // namespace lab::auth
