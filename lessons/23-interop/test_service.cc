#include "test_service.h"

namespace lab::interop {

// The contract of each method is in test_service.h. Read the request fields named there
// in /usr/share/grpc-proto/grpc/testing/messages.proto.

// TODO(lesson23): answer an empty message.
grpc::Status TestServiceImpl::EmptyCall(grpc::ServerContext* /*context*/,
                                        const grpc::testing::Empty* /*request*/,
                                        grpc::testing::Empty* /*response*/) {
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson23): implement EmptyCall in lessons/23-interop/test_service.cc");
}

// TODO(lesson23): echo the two echo keys (initial one as initial metadata, trailing one
// as trailing metadata); a non-zero response_status is the call's status; else answer
// response_size zero bytes (negative: INVALID_ARGUMENT).
grpc::Status TestServiceImpl::UnaryCall(grpc::ServerContext* /*context*/,
                                        const grpc::testing::SimpleRequest* /*request*/,
                                        grpc::testing::SimpleResponse* /*response*/) {
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson23): implement UnaryCall in lessons/23-interop/test_service.cc");
}

// TODO(lesson23): one response per response_parameters entry, each after its
// interval_us; honour response_status; stop if the caller has gone.
grpc::Status TestServiceImpl::StreamingOutputCall(
    grpc::ServerContext* /*context*/,
    const grpc::testing::StreamingOutputCallRequest* /*request*/,
    grpc::ServerWriter<grpc::testing::StreamingOutputCallResponse>* /*writer*/) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson23): implement StreamingOutputCall in "
                      "lessons/23-interop/test_service.cc");
}

// TODO(lesson23): answer the total size of the payload bodies read.
grpc::Status TestServiceImpl::StreamingInputCall(
    grpc::ServerContext* /*context*/,
    grpc::ServerReader<grpc::testing::StreamingInputCallRequest>* /*reader*/,
    grpc::testing::StreamingInputCallResponse* /*response*/) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson23): implement StreamingInputCall in "
                      "lessons/23-interop/test_service.cc");
}

// TODO(lesson23): echo the echo keys; answer each request as it arrives, as
// StreamingOutputCall does; end OK when the caller half-closes.
grpc::Status TestServiceImpl::FullDuplexCall(
    grpc::ServerContext* /*context*/,
    grpc::ServerReaderWriter<grpc::testing::StreamingOutputCallResponse,
                             grpc::testing::StreamingOutputCallRequest>* /*stream*/) {
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson23): implement FullDuplexCall in lessons/23-interop/test_service.cc");
}

}  // namespace lab::interop
