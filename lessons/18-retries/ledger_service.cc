#include "retries.h"

namespace lab::retries {

// Step 2.1: 1 for a first attempt, 2 for the first retry, ... from the metadata
// "grpc-previous-rpc-attempts" (contract in retries.h).
// TODO(lesson18): read the attempt number the client's gRPC sends.
int AttemptNumber(const grpc::ServerContext& /*context*/) { return 0; }

// Steps 2.2-2.5: apply a deposit once per request_id; a repeated request_id gets the
// first reply. INVALID_ARGUMENT for an empty request_id or account.
// TODO(lesson18): validate, then check-and-apply under mu_ (applied_, balances_).
grpc::Status LedgerService::Deposit(grpc::ServerContext* /*context*/,
                                    const DepositRequest* /*request*/,
                                    DepositReply* /*reply*/) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson18): implement Deposit in "
                      "lessons/18-retries/ledger_service.cc");
}

// The balance of `account` now (0 if never seen).
// TODO(lesson18): read balances_ under mu_.
int64_t LedgerService::Balance(const std::string& /*account*/) const { return 0; }

}  // namespace lab::retries
