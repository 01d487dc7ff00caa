#include <charconv>

#include "retries.h"

namespace lab::retries {

int AttemptNumber(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("grpc-previous-rpc-attempts");
  if (it == metadata.end()) return 1;
  int previous = 0;
  const char* end = it->second.data() + it->second.size();
  auto [ptr, error] = std::from_chars(it->second.data(), end, previous);
  if (error != std::errc() || ptr != end || previous < 0) return 1;
  return previous + 1;
}

grpc::Status LedgerService::Deposit(grpc::ServerContext* /*context*/,
                                    const DepositRequest* request, DepositReply* reply) {
  if (request->request_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "request_id is required: it is how a retry is recognised");
  }
  if (request->account().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "account is required");
  }
  // One lock around check-and-apply: two attempts of one deposit can run at once (a
  // per-attempt timeout retries while the first attempt's handler is still running).
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = applied_.try_emplace(request->request_id());
  if (inserted) {
    int64_t& balance = balances_[request->account()];
    balance += request->amount();
    it->second.set_balance(balance);
  }
  *reply = it->second;
  return grpc::Status::OK;
}

int64_t LedgerService::Balance(const std::string& account) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = balances_.find(account);
  return it == balances_.end() ? 0 : it->second;
}

}  // namespace lab::retries
