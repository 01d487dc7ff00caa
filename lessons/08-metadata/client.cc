// Lesson 08, part 3: a client that sends metadata and reads headers and trailers.
#include "client.h"

#include "metadata_rules.h"

namespace lab::metadata {

// Contract (client.h): x-tenant (and x-request-id if given) through AddRequestMetadata;
// the server's request id whatever the outcome; on OK the reply and the rest of the
// server's metadata.
grpc::Status PlaceOrder(Orders::StubInterface& stub, const std::string& request_id,
                        const std::string& tenant, const OrderRequest& request,
                        OrderResult* result, std::chrono::milliseconds timeout) {
  // TODO(lesson08): one call with a deadline `timeout` from now and the client
  // metadata (refused entries: return the error, no call); then fill *result from the
  // reply and from where the server puts each entry.
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson08): implement PlaceOrder in lessons/08-metadata/client.cc");
}

}  // namespace lab::metadata
