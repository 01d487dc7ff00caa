// Lesson 08, part 2: a handler that reads client metadata and sends headers and
// trailers back.
#include "order_service.h"

#include "metadata_rules.h"

namespace lab::metadata {

// Contract (order_service.h): echo (or create) x-request-id in the initial metadata;
// x-elapsed-us and x-order-checksum-bin in the trailing metadata; order id
// "<tenant>-<n>". INVALID_ARGUMENT without a tenant or an item.
grpc::Status OrderServiceImpl::PlaceOrder(grpc::ServerContext* context,
                                          const OrderRequest* request,
                                          OrderReply* reply) {
  // TODO(lesson08): 1. read x-request-id and x-tenant from context->client_metadata()
  // 2. context->AddInitialMetadata(...) the request id (a new one if none came)
  // 3. validate, fill the reply  4. context->AddTrailingMetadata(...) the elapsed time
  // and the checksum.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson08): implement OrderServiceImpl::PlaceOrder in "
                      "lessons/08-metadata/order_service.cc");
}

}  // namespace lab::metadata
