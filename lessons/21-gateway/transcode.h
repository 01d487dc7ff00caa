// Turning HTTP into gRPC and back. Given: do not edit (you write transcode.cc).
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <chrono>
#include <map>
#include <string>

namespace lab::gateway {

// TODO(lesson21) step 2: the HTTP status for a gRPC status code, by the standard
// mapping (the README's table; google/rpc/code.proto says the same for each code).
// OK is 200. Never returns a value outside 200..599.
int HttpStatusFor(grpc::StatusCode code);

// TODO(lesson21) step 3: fills *request (an empty message of the method's request
// type) from an HTTP request, by the proto3 JSON mapping:
//   - `body` ("" or "*", the route's rule): with "*" the HTTP body is the JSON of the
//     whole request message; an empty body then means an empty message. With "" the
//     HTTP body is ignored.
//   - every query parameter (name -> value), then every path parameter, sets the field
//     of that name (proto name "max_results" or JSON name "maxResults") to the value.
//     They are applied last: a path parameter wins over the body.
// A field the message does not have is an error, never ignored.
// Errors: INVALID_ARGUMENT for malformed JSON, an unknown field (in the body, query or
// path) or a value of the wrong type; the message says what was wrong.
grpc::Status BuildRequest(const std::string& body_rule, const std::string& body,
                          const std::multimap<std::string, std::string>& query,
                          const std::map<std::string, std::string>& path_params,
                          google::protobuf::Message* request);

// The HTTP headers forwarded to the backend as gRPC metadata (gRPC wants lowercase).
inline constexpr const char* kForwardedHeaders[] = {"authorization", "x-request-id"};

// TODO(lesson21) step 4: prepares the backend call's context from the HTTP request:
// each header of kForwardedHeaders that the request has (HTTP header names are
// case-insensitive: "Authorization" is "authorization") becomes metadata of that
// lowercase name with the same value; no other header is forwarded. The call's
// deadline is `timeout` from now.
void PrepareContext(const httplib::Headers& headers, std::chrono::milliseconds timeout,
                    grpc::ClientContext* context);

// TODO(lesson21) step 5: the JSON of a backend's reply, by the proto3 JSON mapping
// with JSON (lowerCamelCase) field names, and with fields at their default value
// (0, "") printed too: a client reads "stock": 0 as "sold out", not "unknown".
// Errors: INTERNAL if the message cannot be printed.
grpc::Status ResponseJson(const google::protobuf::Message& reply, std::string* json);

// TODO(lesson21) step 5: the error body for `status`: the JSON of a google.rpc.Status
// with its code (the gRPC code's number) and message, e.g.
// {"code":5,"message":"no product p-9"}.
std::string ErrorJson(const grpc::Status& status);

}  // namespace lab::gateway
