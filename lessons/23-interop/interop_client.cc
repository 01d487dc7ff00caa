#include "interop_client.h"

#include "test_service.h"

namespace lab::interop {

// The contract of each case is in interop_client.h. Every call has a deadline
// (kCaseDeadline unless the case says otherwise). A failed check returns a status whose
// message says what came back and what was wanted.

// TODO(lesson23): call EmptyCall with an empty request.
grpc::Status EmptyUnary(grpc::testing::TestService::Stub& /*stub*/) {
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson23): implement EmptyUnary in lessons/23-interop/interop_client.cc");
}

// TODO(lesson23): UnaryCall, 271828 zero bytes in, response_size 314159; check type,
// size, bytes.
grpc::Status LargeUnary(grpc::testing::TestService::Stub& /*stub*/) {
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson23): implement LargeUnary in lessons/23-interop/interop_client.cc");
}

// TODO(lesson23): StreamingOutputCall for 31415, 9, 2653, 58979 bytes; check each, the
// count, the status.
grpc::Status ServerStreaming(grpc::testing::TestService::Stub& /*stub*/) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson23): implement ServerStreaming in "
                      "lessons/23-interop/interop_client.cc");
}

// TODO(lesson23): FullDuplexCall: write a request, read and check its answer, then the
// next; half-close; no extra answer.
grpc::Status PingPong(grpc::testing::TestService::Stub& /*stub*/) {
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson23): implement PingPong in lessons/23-interop/interop_client.cc");
}

// TODO(lesson23): send both echo keys on UnaryCall and on FullDuplexCall; check where
// each comes back.
grpc::Status CustomMetadata(grpc::testing::TestService::Stub& /*stub*/) {
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson23): implement CustomMetadata in lessons/23-interop/interop_client.cc");
}

// TODO(lesson23): ask UnaryCall and FullDuplexCall for {UNKNOWN, "test status method"};
// check code and message.
grpc::Status StatusCodeAndMessage(grpc::testing::TestService::Stub& /*stub*/) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson23): implement StatusCodeAndMessage in "
                      "lessons/23-interop/interop_client.cc");
}

// TODO(lesson23): FullDuplexCall with a 1 ms deadline, one 27182-byte request; must end
// DEADLINE_EXCEEDED.
grpc::Status TimeoutOnSleepingServer(grpc::testing::TestService::Stub& /*stub*/) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson23): implement TimeoutOnSleepingServer in "
                      "lessons/23-interop/interop_client.cc");
}

}  // namespace lab::interop
