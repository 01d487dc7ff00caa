// Given: do not edit. The table of case names the client knows.
#include <functional>
#include <utility>

#include "interop_client.h"

namespace lab::interop {
namespace {

using Case = std::function<grpc::Status(grpc::testing::TestService::Stub&)>;

const std::vector<std::pair<std::string, Case>>& Cases() {
  static const auto* cases = new std::vector<std::pair<std::string, Case>>{
      {"empty_unary", EmptyUnary},
      {"large_unary", LargeUnary},
      {"server_streaming", ServerStreaming},
      {"ping_pong", PingPong},
      {"custom_metadata", CustomMetadata},
      {"status_code_and_message", StatusCodeAndMessage},
      {"timeout_on_sleeping_server", TimeoutOnSleepingServer},
  };
  return *cases;
}

}  // namespace

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& [name, run] : Cases()) names.push_back(name);
  return names;
}

grpc::Status RunCase(grpc::testing::TestService::Stub& stub, const std::string& name) {
  for (const auto& [case_name, run] : Cases()) {
    if (case_name == name) return run(stub);
  }
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "unknown test case: " + name);
}

}  // namespace lab::interop
