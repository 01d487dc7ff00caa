#include <grpcpp/support/validate_service_config.h>

#include "retries.h"

namespace lab::retries {

// Step 3.1-3.2: a channel that uses `service_config`; INVALID_ARGUMENT with the
// validator's message for a bad one; perAttemptRecvTimeout must work.
// TODO(lesson18): validate the config, then build the channel with it.
grpc::Status NewLedgerChannel(const std::string& /*target*/,
                              const std::string& /*service_config*/,
                              std::shared_ptr<grpc::Channel>* /*channel*/) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson18): implement NewLedgerChannel in "
                      "lessons/18-retries/client.cc");
}

// Steps 3.3-3.5: one Deposit with a new request id and ONE deadline, `timeout` from
// now, for all of its attempts.
// TODO(lesson18): build the request and the context, then call stub.Deposit.
grpc::Status Deposit(Ledger::StubInterface& /*stub*/, const std::string& /*account*/,
                     int64_t /*amount*/, std::chrono::milliseconds /*timeout*/,
                     DepositReply* /*reply*/) {
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson18): implement Deposit in lessons/18-retries/client.cc");
}

}  // namespace lab::retries
