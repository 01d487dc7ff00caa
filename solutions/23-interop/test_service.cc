#include "test_service.h"

#include <chrono>
#include <string>
#include <thread>

namespace lab::interop {
namespace {

using grpc::testing::Payload;
using grpc::testing::ResponseParameters;
using grpc::testing::StreamingOutputCallRequest;
using grpc::testing::StreamingOutputCallResponse;

// Sends back the echo keys the caller sent: initial as initial metadata, trailing as
// trailing metadata. Must run before the first write, which sends the headers.
void EchoMetadata(grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  if (auto it = metadata.find(kEchoInitialKey); it != metadata.end()) {
    context.AddInitialMetadata(kEchoInitialKey,
                               std::string(it->second.data(), it->second.size()));
  }
  if (auto it = metadata.find(kEchoTrailingKey); it != metadata.end()) {
    context.AddTrailingMetadata(kEchoTrailingKey,
                                std::string(it->second.data(), it->second.size()));
  }
}

// The status a request asks for (response_status), OK if it asks for none.
grpc::Status RequestedStatus(const grpc::testing::EchoStatus& echo) {
  return grpc::Status(static_cast<grpc::StatusCode>(echo.code()), echo.message());
}

grpc::Status FillPayload(grpc::testing::PayloadType type, int size, Payload* payload) {
  if (size < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "response size " + std::to_string(size) + " is negative");
  }
  payload->set_type(type);
  payload->set_body(std::string(static_cast<size_t>(size), '\0'));
  return grpc::Status::OK;
}

// Answers one StreamingOutputCallRequest on `stream`: one message per
// response_parameters entry, each after its interval. The sleep is that interval itself
// (the interop cases time it); a caller that left meanwhile is noticed right after.
template <typename Stream>
grpc::Status AnswerStreamingRequest(grpc::ServerContext& context,
                                    const StreamingOutputCallRequest& request,
                                    Stream& stream) {
  if (request.response_status().code() != 0)
    return RequestedStatus(request.response_status());
  for (const ResponseParameters& params : request.response_parameters()) {
    if (params.interval_us() > 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(params.interval_us()));
    }
    if (context.IsCancelled())
      return grpc::Status(grpc::StatusCode::CANCELLED, "caller left");
    StreamingOutputCallResponse response;
    grpc::Status status =
        FillPayload(request.response_type(), params.size(), response.mutable_payload());
    if (!status.ok()) return status;
    if (!stream.Write(response)) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "the stream broke while writing");
    }
  }
  return grpc::Status::OK;
}

}  // namespace

grpc::Status TestServiceImpl::EmptyCall(grpc::ServerContext* /*context*/,
                                        const grpc::testing::Empty* /*request*/,
                                        grpc::testing::Empty* /*response*/) {
  return grpc::Status::OK;
}

grpc::Status TestServiceImpl::UnaryCall(grpc::ServerContext* context,
                                        const grpc::testing::SimpleRequest* request,
                                        grpc::testing::SimpleResponse* response) {
  EchoMetadata(*context);
  if (request->response_status().code() != 0)
    return RequestedStatus(request->response_status());
  return FillPayload(grpc::testing::COMPRESSABLE, request->response_size(),
                     response->mutable_payload());
}

grpc::Status TestServiceImpl::StreamingOutputCall(
    grpc::ServerContext* context, const StreamingOutputCallRequest* request,
    grpc::ServerWriter<StreamingOutputCallResponse>* writer) {
  return AnswerStreamingRequest(*context, *request, *writer);
}

grpc::Status TestServiceImpl::StreamingInputCall(
    grpc::ServerContext* /*context*/,
    grpc::ServerReader<grpc::testing::StreamingInputCallRequest>* reader,
    grpc::testing::StreamingInputCallResponse* response) {
  int64_t total = 0;
  grpc::testing::StreamingInputCallRequest request;
  while (reader->Read(&request))
    total += static_cast<int64_t>(request.payload().body().size());
  response->set_aggregated_payload_size(static_cast<int32_t>(total));
  return grpc::Status::OK;
}

grpc::Status TestServiceImpl::FullDuplexCall(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<StreamingOutputCallResponse, StreamingOutputCallRequest>*
        stream) {
  EchoMetadata(*context);
  StreamingOutputCallRequest request;
  while (stream->Read(&request)) {
    grpc::Status status = AnswerStreamingRequest(*context, request, *stream);
    if (!status.ok()) return status;
  }
  return grpc::Status::OK;
}

}  // namespace lab::interop
