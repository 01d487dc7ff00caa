// Lesson 08, part 3: a client that sends metadata and reads headers and trailers.
#include "client.h"

#include "metadata_rules.h"

namespace lab::metadata {

// Contract (client.h): x-tenant (and x-request-id if given) through AddRequestMetadata;
// on OK fill *result from the reply, the initial and the trailing metadata.
grpc::Status PlaceOrder(Orders::StubInterface& stub, const std::string& request_id,
                        const std::string& tenant, const OrderRequest& request,
                        OrderResult* result, std::chrono::milliseconds timeout) {
  // TODO(lesson08): a ClientContext with a deadline; AddRequestMetadata for each entry
  // (return its error before calling); stub.PlaceOrder(...); then read
  // context.GetServerInitialMetadata() and context.GetServerTrailingMetadata().
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson08): implement PlaceOrder in lessons/08-metadata/client.cc");
}

}  // namespace lab::metadata
