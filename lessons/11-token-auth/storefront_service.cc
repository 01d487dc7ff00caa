// Lesson 11, part 5: one service calling another with its own identity.
#include "storefront_service.h"

#include "access_policy.h"
#include "bearer_credentials.h"

namespace lab::auth {

// Contract (storefront_service.h): customer from the AuthContext; Inventory called
// with the storefront's own token and a bounded deadline.
grpc::Status StorefrontServiceImpl::ShowItem(grpc::ServerContext* context,
                                             const ShowItemRequest* request,
                                             ShowItemReply* reply) {
  // TODO(lesson11): read the customer with CallerProperty(*context,
  // kSubjectProperty); make a grpc::ClientContext with
  // set_credentials(BearerTokenCredentials(own_token_)) and a deadline; call
  // inventory_->GetItem; fill *reply.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement StorefrontServiceImpl::ShowItem in "
                      "lessons/11-token-auth/storefront_service.cc");
}

}  // namespace lab::auth
