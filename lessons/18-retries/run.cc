// Given: do not edit. The server and client programs of lesson 18.
#include "run.h"

#include <iostream>
#include <mutex>

#include "common/serve.h"
#include "common/status_name.h"
#include "retries.h"

namespace lab::retries {

namespace {

// The ledger behind a flaky front: the first `fail_first` attempts of each call fail
// with UNAVAILABLE, as a restarting backend or a proxy would make them fail.
class FlakyLedger final : public Ledger::Service {
 public:
  explicit FlakyLedger(int fail_first) : fail_first_(fail_first) {}

  grpc::Status Deposit(grpc::ServerContext* context, const DepositRequest* request,
                       DepositReply* reply) override {
    int attempt = AttemptNumber(*context);
    bool fail = attempt <= fail_first_;
    {
      std::lock_guard<std::mutex> lock(print_mu_);
      std::cout << "request " << request->request_id() << ": attempt " << attempt
                << (fail ? ", failing it with UNAVAILABLE" : ", to the ledger")
                << std::endl;
    }
    if (fail) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "flaky on purpose");
    return ledger_.Deposit(context, request, reply);
  }

 private:
  const int fail_first_;
  LedgerService ledger_;
  std::mutex print_mu_;
};

}  // namespace

int RunServer(int port, int fail_first) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  FlakyLedger service(fail_first);
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  return common::ServeUntilStopped(builder, port);
}

int RunClient(const std::string& target, const std::string& account, int64_t amount,
              std::chrono::milliseconds timeout) {
  std::shared_ptr<grpc::Channel> channel;
  grpc::Status status = NewLedgerChannel(target, LedgerServiceConfig(), &channel);
  if (status.ok()) {
    auto stub = Ledger::NewStub(channel);
    DepositReply reply;
    status = Deposit(*stub, account, amount, timeout, &reply);
    if (status.ok()) {
      std::cout << account << ": balance " << reply.balance() << "\n";
      return 0;
    }
  }
  std::cerr << common::StatusCodeName(status.error_code()) << ": "
            << status.error_message() << "\n";
  return static_cast<int>(status.error_code());
}

}  // namespace lab::retries
