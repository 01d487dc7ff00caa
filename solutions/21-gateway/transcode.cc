// Steps 2 to 5: HTTP to gRPC and back.
#include "transcode.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "google/rpc/status.pb.h"

namespace lab::gateway {
namespace {

// Parses `json` into *message, rejecting fields the message does not have.
grpc::Status ParseJson(const std::string& json, const std::string& what,
                       google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto parsed = google::protobuf::util::JsonStringToMessage(json, message, options);
  if (!parsed.ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "invalid " + what + ": " + std::string(parsed.message()));
  }
  return grpc::Status::OK;
}

}  // namespace

// Step 2: the standard mapping, as in google/rpc/code.proto.
int HttpStatusFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;  // "client closed request"
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    default:  // UNKNOWN, INTERNAL, DATA_LOSS
      return 500;
  }
}

// Step 3: the body first, then query and path parameters on top.
grpc::Status BuildRequest(const std::string& body_rule, const std::string& body,
                          const std::multimap<std::string, std::string>& query,
                          const std::map<std::string, std::string>& path_params,
                          google::protobuf::Message* request) {
  if (body_rule == "*" && !body.empty()) {
    grpc::Status parsed = ParseJson(body, "JSON body", request);
    if (!parsed.ok()) return parsed;
  }
  // Parameters go through the JSON mapping too: a JSON object of strings (the
  // mapping accepts "2" for an int32 field), printed by protobuf so that it is
  // escaped correctly, then parsed into a message of the request's type.
  google::protobuf::Struct params;
  for (const auto& [name, value] : query) {
    (*params.mutable_fields())[name].set_string_value(value);
  }
  for (const auto& [name, value] : path_params) {
    (*params.mutable_fields())[name].set_string_value(value);
  }
  if (params.fields().empty()) return grpc::Status::OK;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(params, &json).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "cannot print the parameters");
  }
  std::unique_ptr<google::protobuf::Message> from_params(request->New());
  grpc::Status parsed = ParseJson(json, "parameter", from_params.get());
  if (!parsed.ok()) return parsed;
  request->MergeFrom(*from_params);
  return grpc::Status::OK;
}

// Step 4: an allowlist of headers, and a deadline per request.
void PrepareContext(const httplib::Headers& headers, std::chrono::milliseconds timeout,
                    grpc::ClientContext* context) {
  for (const char* name : kForwardedHeaders) {
    auto found = headers.find(name);  // httplib::Headers compares case-insensitively
    if (found != headers.end()) context->AddMetadata(name, found->second);
  }
  context->set_deadline(std::chrono::system_clock::now() + timeout);
}

// Step 5: replies and errors as JSON.
grpc::Status ResponseJson(const google::protobuf::Message& reply, std::string* json) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  json->clear();
  if (!google::protobuf::util::MessageToJsonString(reply, json, options).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "cannot print the reply as JSON");
  }
  return grpc::Status::OK;
}

std::string ErrorJson(const grpc::Status& status) {
  google::rpc::Status body;
  body.set_code(static_cast<int>(status.error_code()));
  body.set_message(status.error_message());
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(body, &json).ok()) {
    return R"({"code":13,"message":"cannot print the error"})";
  }
  return json;
}

}  // namespace lab::gateway
