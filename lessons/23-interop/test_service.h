// grpc.testing.TestService: the service every gRPC implementation's interop tests call.
// Given: do not edit. You write test_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include "grpc/testing/test.grpc.pb.h"

namespace lab::interop {

// The metadata keys a caller asks to have echoed (interop test "custom_metadata"):
// the value of kEchoInitialKey comes back as INITIAL metadata (headers), the value of
// kEchoTrailingKey (a binary "-bin" key) as TRAILING metadata.
inline constexpr char kEchoInitialKey[] = "x-grpc-test-echo-initial";
inline constexpr char kEchoTrailingKey[] = "x-grpc-test-echo-trailing-bin";

// TestService as the interop test descriptions expect it. Methods not overridden
// (UnimplementedCall, HalfDuplexCall, CacheableUnaryCall) answer UNIMPLEMENTED, which
// is what the "unimplemented_method" case expects.
class TestServiceImpl final : public grpc::testing::TestService::Service {
 public:
  // Answers an empty message.
  grpc::Status EmptyCall(grpc::ServerContext* context,
                         const grpc::testing::Empty* request,
                         grpc::testing::Empty* response) override;

  // Echoes the echo metadata keys (above); then, if request->response_status() has a
  // non-zero code, fails with that code and message. Otherwise answers a COMPRESSABLE
  // payload of response_size zero bytes. A negative response_size is
  // INVALID_ARGUMENT.
  grpc::Status UnaryCall(grpc::ServerContext* context,
                         const grpc::testing::SimpleRequest* request,
                         grpc::testing::SimpleResponse* response) override;

  // One response per entry of response_parameters, in order: each waits interval_us
  // microseconds first, then carries a payload of `size` zero bytes, of the request's
  // response_type. A non-zero response_status ends the call with that status. Stops
  // early (CANCELLED) if the caller goes away.
  grpc::Status StreamingOutputCall(
      grpc::ServerContext* context,
      const grpc::testing::StreamingOutputCallRequest* request,
      grpc::ServerWriter<grpc::testing::StreamingOutputCallResponse>* writer) override;

  // Reads every request; answers the sum of their payload body sizes.
  grpc::Status StreamingInputCall(
      grpc::ServerContext* context,
      grpc::ServerReader<grpc::testing::StreamingInputCallRequest>* reader,
      grpc::testing::StreamingInputCallResponse* response) override;

  // Echoes the echo metadata keys; then, for each request AS IT ARRIVES, answers as
  // StreamingOutputCall does for one request (a non-zero response_status ends the
  // call with that status). Ends OK once the caller has half-closed.
  grpc::Status FullDuplexCall(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::testing::StreamingOutputCallResponse,
                               grpc::testing::StreamingOutputCallRequest>* stream)
      override;
};

}  // namespace lab::interop
