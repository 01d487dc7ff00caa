// Given: do not edit.
#include "inventory_service.h"

#include "access_policy.h"

namespace lab::auth {

grpc::Status InventoryServiceImpl::GetItem(grpc::ServerContext* context,
                                           const GetItemRequest* request, Item* reply) {
  std::lock_guard<std::mutex> lock(mu_);
  auto item = stock_.find(request->sku());
  if (item == stock_.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no item " + request->sku());
  }
  reply->set_sku(item->first);
  reply->set_quantity(item->second);
  return grpc::Status::OK;
}

grpc::Status InventoryServiceImpl::SetItem(grpc::ServerContext* context,
                                           const SetItemRequest* request, Item* reply) {
  if (request->sku().empty() || request->quantity() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "need a sku and a quantity >= 0");
  }
  std::lock_guard<std::mutex> lock(mu_);
  stock_[request->sku()] = request->quantity();
  reply->set_sku(request->sku());
  reply->set_quantity(request->quantity());
  return grpc::Status::OK;
}

grpc::Status InventoryServiceImpl::WhoAmI(grpc::ServerContext* context,
                                          const WhoAmIRequest* request, Caller* reply) {
  const std::string subject = CallerProperty(*context, kSubjectProperty);
  if (subject.empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no verified caller");
  }
  reply->set_subject(subject);
  reply->set_role(CallerProperty(*context, kRoleProperty));
  return grpc::Status::OK;
}

}  // namespace lab::auth
