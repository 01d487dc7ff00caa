// Lesson 11, part 5: one service calling another with its own identity.
#include "storefront_service.h"

#include <iostream>

#include "access_policy.h"

namespace lab::auth {

// Contract (storefront_service.h): customer from the AuthContext; Inventory called
// with the storefront's own credentials, bounded by the caller's call and by
// kInventoryTimeout; its errors translated.
grpc::Status StorefrontServiceImpl::ShowItem(grpc::ServerContext* context,
                                             const ShowItemRequest* request,
                                             ShowItemReply* reply) {
  // TODO(lesson11): who the customer is; then the Inventory call, as the
  // storefront, ending with the caller's call and within kInventoryTimeout (the
  // README's one idiom: propagate, then cap); then a reply, or a status that blames
  // the right party (decide with the table in lesson 07's README).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement StorefrontServiceImpl::ShowItem in "
                      "lessons/11-token-auth/storefront_service.cc");
}

}  // namespace lab::auth
