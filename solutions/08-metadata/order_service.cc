// Lesson 08, part 2: a handler that reads client metadata and sends headers and
// trailers back.
#include "order_service.h"

#include <chrono>

#include "metadata_rules.h"

namespace lab::metadata {

// Contract (order_service.h): x-request-id (the client's or a new one) on every call;
// x-elapsed-us and x-order-checksum-bin; order id "<tenant>-<n>". INVALID_ARGUMENT
// without a tenant or an item.
grpc::Status OrderServiceImpl::PlaceOrder(grpc::ServerContext* context,
                                          const OrderRequest* request,
                                          OrderReply* reply) {
  const auto start = std::chrono::steady_clock::now();
  const MetadataView& incoming = context->client_metadata();

  // The request id goes in the headers: they reach the client before the reply. A
  // unary handler's headers leave when it returns, with the reply or the error, so
  // adding it first puts it on every return path.
  // Never echo a value into headers unchecked: one gRPC refuses would abort the server.
  std::string request_id = FindMetadata(incoming, kRequestIdKey).value_or("");
  if (request_id.empty() || !ValidateMetadata(kRequestIdKey, request_id).ok()) {
    request_id = NewRequestId();
  }
  context->AddInitialMetadata(kRequestIdKey, request_id);

  const std::string tenant = FindMetadata(incoming, kTenantKey).value_or("");
  if (tenant.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "missing x-tenant metadata: say whose order this is");
  }
  if (request->item().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "the item is empty");
  }
  reply->set_order_id(tenant + "-" + std::to_string(next_order_++));

  // Trailers go out after the reply: the place for what is known only at the end.
  const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  context->AddTrailingMetadata(kElapsedKey, std::to_string(elapsed.count()));
  // Raw bytes: gRPC base64-encodes a -bin value on the wire and decodes it again.
  context->AddTrailingMetadata(kChecksumKey, OrderChecksum(reply->order_id()));
  return grpc::Status::OK;
}

}  // namespace lab::metadata
