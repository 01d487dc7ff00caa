// The gateway's route table, read from the service's descriptor. Given: do not edit.
#pragma once

#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>
#include <vector>

namespace lab::gateway {

// One HTTP route: an HTTP verb and path template bound to one gRPC method.
struct Route {
  std::string verb;           // "GET", "POST", "PUT", "DELETE" or "PATCH"
  std::string path_template;  // e.g. "/v1/products/{product_id}"
  std::string body;           // the rule's body: "" (no body) or "*" (the whole request)
  const google::protobuf::MethodDescriptor* method = nullptr;
};

// TODO(lesson21) step 1 (routes.cc): the routes of `service`, one per method that
//   - has the option (lab.gateway.public) = true (C++: lab::gateway::public_), and
//   - has a google.api.http option (C++: google::api::http) whose pattern is one of
//     get, post, put, delete or patch,
// in the order of the service's methods. Route::verb is the pattern's verb in capitals
// and Route::body the rule's body. A public method without an http option, or with a
// `custom` pattern, is skipped. Errors: INVALID_ARGUMENT when a public method's rule
// has a body other than "" or "*" (this gateway maps no other). Never UNIMPLEMENTED.
grpc::Status LoadRoutes(const google::protobuf::ServiceDescriptor& service,
                        std::vector<Route>* routes);

// Given (gateway.cc): the descriptor of a service compiled into this program, by its
// full name: ServiceNamed(Catalog::service_full_name()) for "lab.gateway.Catalog".
// Dies if there is no such service (a typo in a given name).
const google::protobuf::ServiceDescriptor& ServiceNamed(const char* full_name);

// Given (gateway.cc): matches `path` ("/v1/products/p-100") against `path_template`
// ("/v1/products/{product_id}") segment by segment; a "{name}" segment matches any one
// non-empty segment and binds name -> that segment in *params. False if they differ.
bool MatchPath(const std::string& path_template, const std::string& path,
               std::map<std::string, std::string>* params);

}  // namespace lab::gateway
