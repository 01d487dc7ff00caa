// Lesson 18's contract: a retry policy, a ledger that applies a retried deposit once,
// and a client with one deadline for all attempts. Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "retries.grpc.pb.h"

namespace lab::retries {

// ---- Step 1: service_config.cc ----

// The service config (JSON) for clients of lab.retries.Ledger: a retryPolicy that
// retries what is safe to retry (decide which codes), with maxAttempts of at least 3
// and backoff small enough for three attempts to fit well inside kDepositTimeout, and
// a retryThrottling that stops a retry storm: when every attempt fails, 10 calls make
// at most 20 attempts in all. Must pass grpc::experimental::ValidateServiceConfigJSON.
std::string LedgerServiceConfig();

// ---- Step 2: ledger_service.cc ----

// Which attempt of its call this is, as the server sees it: 1 for the first attempt,
// 2 for the first retry, ... gRPC tells the server in the request metadata
// "grpc-previous-rpc-attempts" (absent on a first attempt). A value that is not a
// number counts as absent.
int AttemptNumber(const grpc::ServerContext& context);

// The ledger. Deposit is not idempotent, so it remembers each request_id it applied
// and the reply it gave. Safe to call from many threads at once.
class LedgerService : public Ledger::Service {
 public:
  // Adds request->amount() to request->account() and replies with the balance right
  // after it. A request_id seen before is not applied again: the call gets the reply
  // the first one got (OK, not an error). INVALID_ARGUMENT when request_id or account
  // is empty (nothing is applied).
  grpc::Status Deposit(grpc::ServerContext* context, const DepositRequest* request,
                       DepositReply* reply) override;

  // The balance of `account` now (0 for an account never seen). For tests and tools.
  int64_t Balance(const std::string& account) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, int64_t> balances_;      // guarded by mu_
  std::map<std::string, DepositReply> applied_;  // request_id -> first reply; mu_
};

// ---- Step 3: client.cc ----

// How long a Deposit may take, all attempts together, in the client program.
inline constexpr std::chrono::milliseconds kDepositTimeout{2000};

// Makes a channel to `target` that uses `service_config` (JSON). A config that
// grpc::experimental::ValidateServiceConfigJSON rejects is INVALID_ARGUMENT, with the
// validator's message in the status, and no channel. A valid config's
// perAttemptRecvTimeout must work (gRPC 1.51 needs a switch for it: see the README).
grpc::Status NewLedgerChannel(const std::string& target,
                              const std::string& service_config,
                              std::shared_ptr<grpc::Channel>* channel);

// Deposits `amount` into `account` with a new request id (a different one for every
// Deposit call; the same for all of one call's attempts), with ONE deadline of
// `timeout` for the whole call, retries included. Returns the call's status and, when
// OK, the reply.
grpc::Status Deposit(Ledger::StubInterface& stub, const std::string& account,
                     int64_t amount, std::chrono::milliseconds timeout,
                     DepositReply* reply);

}  // namespace lab::retries
