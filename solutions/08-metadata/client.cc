// Lesson 08, part 3: a client that sends metadata and reads headers and trailers.
#include "client.h"

#include <cstdlib>

#include "metadata_rules.h"

namespace lab::metadata {

// Contract (client.h): x-tenant (and x-request-id if given) through AddRequestMetadata;
// the server's request id whatever the outcome; on OK the reply and the rest of the
// server's metadata.
grpc::Status PlaceOrder(Orders::StubInterface& stub, const std::string& request_id,
                        const std::string& tenant, const OrderRequest& request,
                        OrderResult* result, std::chrono::milliseconds timeout) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  if (!request_id.empty()) {
    grpc::Status status = AddRequestMetadata(&context, kRequestIdKey, request_id);
    if (!status.ok()) return status;  // no call made: nothing to read from `context`
  }
  grpc::Status status = AddRequestMetadata(&context, kTenantKey, tenant);
  if (!status.ok()) return status;

  OrderReply reply;
  status = stub.PlaceOrder(&context, request, &reply);
  // Both maps are filled once the call has finished, failed or not. The server's
  // headers came before its reply; a failed call has them too (empty if the error came
  // from gRPC itself, before any handler ran).
  result->request_id =
      FindMetadata(context.GetServerInitialMetadata(), kRequestIdKey).value_or("");
  if (!status.ok()) return status;

  result->reply = std::move(reply);
  const MetadataView& trailers = context.GetServerTrailingMetadata();
  result->checksum = FindMetadata(trailers, kChecksumKey).value_or("");
  auto elapsed = FindMetadata(trailers, kElapsedKey);
  result->elapsed_us = elapsed ? std::strtoll(elapsed->c_str(), nullptr, 10) : -1;
  return status;
}

}  // namespace lab::metadata
