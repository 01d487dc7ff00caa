// Step 1: the route table, read from the service's descriptor.
#include "routes.h"

#include "gateway.pb.h"
#include "google/api/annotations.pb.h"

namespace lab::gateway {

// The routes of `service`: one per method with (lab.gateway.public) = true and a
// google.api.http rule of verb get/post/put/delete/patch, in the methods' order.
// INVALID_ARGUMENT for a public rule whose body is neither "" nor "*".
grpc::Status LoadRoutes(const google::protobuf::ServiceDescriptor& service,
                        std::vector<Route>* routes) {
  // TODO(lesson21): read each method's options (method->options()): the lab's
  // extension lab::gateway::public_ and google::api::http, an HttpRule.
  (void)service;
  routes->clear();
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson21): implement LoadRoutes in lessons/21-gateway/routes.cc");
}

}  // namespace lab::gateway
