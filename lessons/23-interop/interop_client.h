// A C++ interop client: some of the standard cases, against any TestService server.
// Given: do not edit. You write interop_client.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <vector>

#include "grpc/testing/test.grpc.pb.h"

namespace lab::interop {

// Every call of a case has this deadline, except timeout_on_sleeping_server's.
inline constexpr std::chrono::seconds kCaseDeadline{10};

// Each case makes its calls on `stub` and checks the answers as the interop test
// descriptions say. Returns OK if the server passed; otherwise a status whose message
// says what was wrong (e.g. "payload body 2 has 9 bytes, want 2653"), or the failed
// call's own status.

// EmptyCall with an empty request: must succeed.
grpc::Status EmptyUnary(grpc::testing::TestService::Stub& stub);
// UnaryCall: 271828 zero bytes in, response_size 314159: the answer must be a
// COMPRESSABLE payload of exactly 314159 zero bytes.
grpc::Status LargeUnary(grpc::testing::TestService::Stub& stub);
// StreamingOutputCall asking for 31415, 9, 2653, 58979 bytes: exactly those four
// payloads, in that order, then OK.
grpc::Status ServerStreaming(grpc::testing::TestService::Stub& stub);
// FullDuplexCall, one request at a time: 27182 bytes asking for 31415, then 8 for 9,
// 1828 for 2653, 45904 for 58979. Each response is read (and checked) BEFORE the next
// request is written; then half-close, no further response, OK.
grpc::Status PingPong(grpc::testing::TestService::Stub& stub);
// large_unary's UnaryCall, and one FullDuplexCall request asking for 314159 bytes, each
// sent with kEchoInitialKey "test_initial_metadata_value" and kEchoTrailingKey
// "\x0a\x0b\x0a\x0b\x0a\x0b": each value must come back, the first as initial metadata,
// the second as trailing metadata.
grpc::Status CustomMetadata(grpc::testing::TestService::Stub& stub);
// UnaryCall and FullDuplexCall with response_status {code 2, "test status method"}:
// both must end with exactly that code (UNKNOWN) and message.
grpc::Status StatusCodeAndMessage(grpc::testing::TestService::Stub& stub);
// FullDuplexCall with a 1 ms deadline, one request of 27182 bytes, no half-close: must
// end DEADLINE_EXCEEDED.
grpc::Status TimeoutOnSleepingServer(grpc::testing::TestService::Stub& stub);

// The case names (as the official clients spell them) this client knows.
std::vector<std::string> CaseNames();
// Runs the case `name` (INVALID_ARGUMENT for a name not in CaseNames()).
grpc::Status RunCase(grpc::testing::TestService::Stub& stub, const std::string& name);

}  // namespace lab::interop
