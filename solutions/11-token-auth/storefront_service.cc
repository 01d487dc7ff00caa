// Lesson 11, part 5: one service calling another with its own identity.
#include "storefront_service.h"

#include <algorithm>

#include "access_policy.h"
#include "bearer_credentials.h"

namespace lab::auth {

// Contract (storefront_service.h): customer from the AuthContext; Inventory called
// with the storefront's own token and a bounded deadline.
grpc::Status StorefrontServiceImpl::ShowItem(grpc::ServerContext* context,
                                             const ShowItemRequest* request,
                                             ShowItemReply* reply) {
  const std::string customer = CallerProperty(*context, kSubjectProperty);
  if (customer.empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no verified customer");
  }

  grpc::ClientContext call;
  // The storefront speaks for itself. The customer's token was consumed by the
  // processor; the inventory trusts the storefront, and the storefront decided
  // this customer may see items.
  call.set_credentials(BearerTokenCredentials(own_token_));
  call.set_deadline(std::min(context->deadline(),
                             std::chrono::system_clock::now() + kInventoryTimeout));
  GetItemRequest get;
  get.set_sku(request->sku());
  grpc::Status status = inventory_->GetItem(&call, get, reply->mutable_item());
  if (!status.ok()) return status;
  reply->set_customer(customer);
  return grpc::Status::OK;
}

}  // namespace lab::auth
