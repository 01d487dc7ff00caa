#include <grpcpp/support/validate_service_config.h>

#include <cstdio>
#include <random>

#include "retries.h"

namespace lab::retries {

namespace {

// 128 random bits in hex: unique enough that two deposits never share an id.
std::string NewRequestId() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  char id[33];
  std::snprintf(id, sizeof id, "%016llx%016llx",
                static_cast<unsigned long long>(engine()),
                static_cast<unsigned long long>(engine()));
  return id;
}

}  // namespace

grpc::Status NewLedgerChannel(const std::string& target,
                              const std::string& service_config,
                              std::shared_ptr<grpc::Channel>* channel) {
  // A channel given a bad config fails every call with "Failed to create secure
  // client channel" and logs the reason: say why here, before any call is made.
  std::string error = grpc::experimental::ValidateServiceConfigJSON(service_config);
  if (!error.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "bad service config: " + error);
  }
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(service_config);
  // gRPC 1.51 ignores perAttemptRecvTimeout unless this experimental switch is on.
  args.SetInt(GRPC_ARG_EXPERIMENTAL_ENABLE_HEDGING, 1);
  *channel = grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
  return grpc::Status::OK;
}

grpc::Status Deposit(Ledger::StubInterface& stub, const std::string& account,
                     int64_t amount, std::chrono::milliseconds timeout,
                     DepositReply* reply) {
  DepositRequest request;
  request.set_request_id(NewRequestId());
  request.set_account(account);
  request.set_amount(amount);
  grpc::ClientContext context;
  // One deadline for the call: gRPC's retries all happen inside it.
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  return stub.Deposit(&context, request, reply);
}

}  // namespace lab::retries
