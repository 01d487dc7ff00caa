// Step 1: the route table, read from the service's descriptor.
#include "routes.h"

#include "gateway.pb.h"
#include "google/api/annotations.pb.h"

namespace lab::gateway {
namespace {

// The verb and path of a rule's pattern; false for a pattern this gateway does not
// serve (custom, or none).
bool VerbAndPath(const google::api::HttpRule& rule, std::string* verb,
                 std::string* path) {
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      *verb = "GET", *path = rule.get();
      return true;
    case google::api::HttpRule::kPost:
      *verb = "POST", *path = rule.post();
      return true;
    case google::api::HttpRule::kPut:
      *verb = "PUT", *path = rule.put();
      return true;
    case google::api::HttpRule::kDelete:
      *verb = "DELETE", *path = rule.delete_();
      return true;
    case google::api::HttpRule::kPatch:
      *verb = "PATCH", *path = rule.patch();
      return true;
    default:
      return false;
  }
}

}  // namespace

grpc::Status LoadRoutes(const google::protobuf::ServiceDescriptor& service,
                        std::vector<Route>* routes) {
  routes->clear();
  for (int i = 0; i < service.method_count(); ++i) {
    const google::protobuf::MethodDescriptor* method = service.method(i);
    const google::protobuf::MethodOptions& options = method->options();
    if (!options.GetExtension(public_) || !options.HasExtension(google::api::http)) {
      continue;
    }
    const google::api::HttpRule& rule = options.GetExtension(google::api::http);
    Route route;
    if (!VerbAndPath(rule, &route.verb, &route.path_template)) continue;
    if (rule.body() != "" && rule.body() != "*") {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          method->full_name() + ": body \"" + rule.body() +
                              "\" is not mapped (only \"\" and \"*\")");
    }
    route.body = rule.body();
    route.method = method;
    routes->push_back(std::move(route));
  }
  return grpc::Status::OK;
}

}  // namespace lab::gateway
