// Steps 2 to 5: HTTP to gRPC and back.
#include "transcode.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "google/rpc/status.pb.h"

namespace lab::gateway {

// Step 2: the HTTP status for a gRPC code, by the standard mapping (README's table).
int HttpStatusFor(grpc::StatusCode code) {
  // TODO(lesson21): one HTTP status per code; OK is 200.
  (void)code;
  return -1;
}

// Step 3: fills *request from the body (rule "*": JSON of the whole message), then
// the query and path parameters (a path parameter wins). Unknown fields and malformed
// JSON are INVALID_ARGUMENT with a message saying what was wrong.
grpc::Status BuildRequest(const std::string& body_rule, const std::string& body,
                          const std::multimap<std::string, std::string>& query,
                          const std::map<std::string, std::string>& path_params,
                          google::protobuf::Message* request) {
  // TODO(lesson21): google::protobuf::util::JsonStringToMessage with JsonParseOptions.
  (void)body_rule, (void)body, (void)query, (void)path_params, (void)request;
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson21): implement BuildRequest in lessons/21-gateway/transcode.cc");
}

// Step 4: the kForwardedHeaders the request has become metadata; the deadline is
// `timeout` from now.
void PrepareContext(const httplib::Headers& headers, std::chrono::milliseconds timeout,
                    grpc::ClientContext* context) {
  // TODO(lesson21): forward the allowed headers and set the call's deadline.
  (void)headers, (void)timeout, (void)context;
}

// Step 5: the reply's JSON: JSON field names, default values printed too.
grpc::Status ResponseJson(const google::protobuf::Message& reply, std::string* json) {
  // TODO(lesson21): google::protobuf::util::MessageToJsonString with JsonPrintOptions.
  (void)reply, (void)json;
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson21): implement ResponseJson in lessons/21-gateway/transcode.cc");
}

// Step 5: the JSON of a google.rpc.Status with the status's code and message.
std::string ErrorJson(const grpc::Status& status) {
  // TODO(lesson21): fill a google::rpc::Status and print it as JSON.
  (void)status;
  return "";
}

}  // namespace lab::gateway
