#include "interop_client.h"

#include <array>
#include <memory>
#include <string>
#include <utility>

#include "common/status_name.h"
#include "test_service.h"

namespace lab::interop {
namespace {

using grpc::testing::StreamingOutputCallRequest;
using grpc::testing::StreamingOutputCallResponse;
using grpc::testing::TestService;

constexpr int kLargeRequestSize = 271828;
constexpr int kLargeResponseSize = 314159;
constexpr char kInitialValue[] = "test_initial_metadata_value";
const std::string kTrailingValue("\x0a\x0b\x0a\x0b\x0a\x0b", 6);

grpc::Status Failed(const std::string& what) {
  return grpc::Status(grpc::StatusCode::UNKNOWN, what);
}

void SetCaseDeadline(grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + kCaseDeadline);
}

std::string Zeros(int size) { return std::string(static_cast<size_t>(size), '\0'); }

// OK if `payload` is a COMPRESSABLE payload of `size` zero bytes.
grpc::Status CheckPayload(const grpc::testing::Payload& payload, int size,
                          const std::string& which) {
  if (payload.type() != grpc::testing::COMPRESSABLE) {
    return Failed(which + " has payload type " + std::to_string(payload.type()) +
                  ", want COMPRESSABLE");
  }
  if (payload.body().size() != static_cast<size_t>(size)) {
    return Failed(which + " has " + std::to_string(payload.body().size()) +
                  " bytes, want " + std::to_string(size));
  }
  if (payload.body() != Zeros(size)) return Failed(which + " is not all zero bytes");
  return grpc::Status::OK;
}

grpc::testing::SimpleRequest LargeRequest() {
  grpc::testing::SimpleRequest request;
  request.set_response_type(grpc::testing::COMPRESSABLE);
  request.set_response_size(kLargeResponseSize);
  request.mutable_payload()->set_type(grpc::testing::COMPRESSABLE);
  request.mutable_payload()->set_body(Zeros(kLargeRequestSize));
  return request;
}

StreamingOutputCallRequest DuplexRequest(int request_size, int response_size) {
  StreamingOutputCallRequest request;
  request.set_response_type(grpc::testing::COMPRESSABLE);
  request.add_response_parameters()->set_size(response_size);
  request.mutable_payload()->set_body(Zeros(request_size));
  return request;
}

void AddEchoMetadata(grpc::ClientContext& context) {
  context.AddMetadata(kEchoInitialKey, kInitialValue);
  context.AddMetadata(kEchoTrailingKey, kTrailingValue);
}

// OK if `metadata` holds exactly one `key` whose value is `want`.
grpc::Status CheckEcho(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
                       const std::string& key, const std::string& want,
                       const std::string& where) {
  auto [begin, end] = metadata.equal_range(key);
  if (begin == end) return Failed("no " + key + " in the " + where + " metadata");
  if (std::string(begin->second.data(), begin->second.size()) != want) {
    return Failed(key + " in the " + where + " metadata has the wrong value");
  }
  return grpc::Status::OK;
}

grpc::Status CheckEchoes(const grpc::ClientContext& context, const std::string& call) {
  grpc::Status status = CheckEcho(context.GetServerInitialMetadata(), kEchoInitialKey,
                                  kInitialValue, call + " initial");
  if (!status.ok()) return status;
  return CheckEcho(context.GetServerTrailingMetadata(), kEchoTrailingKey, kTrailingValue,
                   call + " trailing");
}

// OK if `status` is exactly the code and message the case asked the server for.
grpc::Status CheckEchoedStatus(const grpc::Status& status,
                               const grpc::testing::EchoStatus& want,
                               const std::string& call) {
  if (status.error_code() != static_cast<grpc::StatusCode>(want.code()) ||
      status.error_message() != want.message()) {
    return Failed(call + " ended " + common::StatusCodeName(status.error_code()) + " \"" +
                  status.error_message() + "\", want " +
                  common::StatusCodeName(static_cast<grpc::StatusCode>(want.code())) +
                  " \"" + want.message() + "\"");
  }
  return grpc::Status::OK;
}

}  // namespace

grpc::Status EmptyUnary(TestService::Stub& stub) {
  grpc::ClientContext context;
  SetCaseDeadline(context);
  grpc::testing::Empty request;
  grpc::testing::Empty response;
  return stub.EmptyCall(&context, request, &response);
}

grpc::Status LargeUnary(TestService::Stub& stub) {
  grpc::ClientContext context;
  SetCaseDeadline(context);
  grpc::testing::SimpleResponse response;
  grpc::Status status = stub.UnaryCall(&context, LargeRequest(), &response);
  if (!status.ok()) return status;
  return CheckPayload(response.payload(), kLargeResponseSize, "the response");
}

grpc::Status ServerStreaming(TestService::Stub& stub) {
  constexpr std::array<int, 4> kSizes = {31415, 9, 2653, 58979};
  StreamingOutputCallRequest request;
  request.set_response_type(grpc::testing::COMPRESSABLE);
  for (int size : kSizes) request.add_response_parameters()->set_size(size);
  grpc::ClientContext context;
  SetCaseDeadline(context);
  auto reader = stub.StreamingOutputCall(&context, request);
  StreamingOutputCallResponse response;
  size_t count = 0;
  while (reader->Read(&response)) {
    if (count == kSizes.size())
      return Failed("more than " + std::to_string(count) + " responses");
    grpc::Status status = CheckPayload(response.payload(), kSizes[count],
                                       "response " + std::to_string(count));
    if (!status.ok()) return status;
    ++count;
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return status;
  if (count != kSizes.size())
    return Failed("only " + std::to_string(count) + " responses");
  return grpc::Status::OK;
}

grpc::Status PingPong(TestService::Stub& stub) {
  constexpr std::array<std::pair<int, int>, 4> kSizes = {
      {{27182, 31415}, {8, 9}, {1828, 2653}, {45904, 58979}}};
  grpc::ClientContext context;
  SetCaseDeadline(context);
  auto stream = stub.FullDuplexCall(&context);
  StreamingOutputCallResponse response;
  for (size_t i = 0; i < kSizes.size(); ++i) {
    const std::string which = "response " + std::to_string(i);
    // Ping, then wait for its pong: the next request goes out only after this answer.
    if (!stream->Write(DuplexRequest(kSizes[i].first, kSizes[i].second))) break;
    if (!stream->Read(&response)) return Failed("the stream ended before " + which);
    grpc::Status status = CheckPayload(response.payload(), kSizes[i].second, which);
    if (!status.ok()) {
      context.TryCancel();
      return status;
    }
  }
  stream->WritesDone();
  if (stream->Read(&response)) {
    context.TryCancel();
    return Failed("a response after the last request");
  }
  return stream->Finish();
}

grpc::Status CustomMetadata(TestService::Stub& stub) {
  {
    grpc::ClientContext context;
    SetCaseDeadline(context);
    AddEchoMetadata(context);
    grpc::testing::SimpleResponse response;
    grpc::Status status = stub.UnaryCall(&context, LargeRequest(), &response);
    if (!status.ok()) return status;
    status = CheckEchoes(context, "UnaryCall");
    if (!status.ok()) return status;
  }
  grpc::ClientContext context;
  SetCaseDeadline(context);
  AddEchoMetadata(context);
  auto stream = stub.FullDuplexCall(&context);
  stream->Write(DuplexRequest(kLargeRequestSize, kLargeResponseSize));
  stream->WritesDone();
  StreamingOutputCallResponse response;
  while (stream->Read(&response)) {
  }
  grpc::Status status = stream->Finish();
  if (!status.ok()) return status;
  return CheckEchoes(context, "FullDuplexCall");
}

grpc::Status StatusCodeAndMessage(TestService::Stub& stub) {
  grpc::testing::EchoStatus want;
  want.set_code(static_cast<int>(grpc::StatusCode::UNKNOWN));
  want.set_message("test status method");
  {
    grpc::ClientContext context;
    SetCaseDeadline(context);
    grpc::testing::SimpleRequest request;
    *request.mutable_response_status() = want;
    grpc::testing::SimpleResponse response;
    grpc::Status status = CheckEchoedStatus(stub.UnaryCall(&context, request, &response),
                                            want, "UnaryCall");
    if (!status.ok()) return status;
  }
  grpc::ClientContext context;
  SetCaseDeadline(context);
  auto stream = stub.FullDuplexCall(&context);
  StreamingOutputCallRequest request;
  *request.mutable_response_status() = want;
  stream->Write(request);
  stream->WritesDone();
  StreamingOutputCallResponse response;
  while (stream->Read(&response)) {
  }
  return CheckEchoedStatus(stream->Finish(), want, "FullDuplexCall");
}

grpc::Status TimeoutOnSleepingServer(TestService::Stub& stub) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(1));
  auto stream = stub.FullDuplexCall(&context);
  StreamingOutputCallRequest request;
  request.mutable_payload()->set_body(Zeros(27182));
  stream->Write(request);  // may fail: the deadline can pass before it is sent
  StreamingOutputCallResponse response;
  while (stream->Read(&response)) {
  }
  grpc::Status status = stream->Finish();
  if (status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
    return Failed("the call ended " + common::StatusCodeName(status.error_code()) +
                  " \"" + status.error_message() + "\", want DEADLINE_EXCEEDED");
  }
  return grpc::Status::OK;
}

}  // namespace lab::interop
