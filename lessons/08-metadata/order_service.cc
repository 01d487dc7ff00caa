// Lesson 08, part 2: a handler that reads client metadata and sends headers and
// trailers back.
#include "order_service.h"

#include "metadata_rules.h"

namespace lab::metadata {

// Contract (order_service.h): x-request-id (the client's or a new one) on every call;
// x-elapsed-us and x-order-checksum-bin; order id "<tenant>-<n>". INVALID_ARGUMENT
// without a tenant or an item.
grpc::Status OrderServiceImpl::PlaceOrder(grpc::ServerContext* context,
                                          const OrderRequest* request,
                                          OrderReply* reply) {
  // TODO(lesson08): the order, and the three server metadata entries, each in the part
  // of the response (headers or trailers) where it belongs: your decision (README).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson08): implement OrderServiceImpl::PlaceOrder in "
                      "lessons/08-metadata/order_service.cc");
}

}  // namespace lab::metadata
