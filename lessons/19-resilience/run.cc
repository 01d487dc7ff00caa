// Given: do not edit. The server and client programs of lesson 19.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <mutex>

#include "common/serve.h"
#include "common/status_name.h"
#include "resilience.grpc.pb.h"
#include "resilience.h"

namespace lab::resilience {
namespace {

class WorkerService final : public Worker::Service {
 public:
  WorkerService(std::string name, RateLimiter* limiter, bool fail)
      : name_(std::move(name)), limiter_(limiter), fail_(fail) {}

  grpc::Status Work(grpc::ServerContext* context, const WorkRequest* request,
                    WorkReply* reply) override {
    grpc::Status status = limiter_->Admit(context);
    if (status.ok() && fail_) {
      status = grpc::Status(grpc::StatusCode::UNAVAILABLE, name_ + " is sick (--fail)");
    }
    if (status.ok()) {
      reply->set_job(request->job());
      reply->set_backend(name_);
    }
    Print(context, status);
    return status;
  }

 private:
  void Print(grpc::ServerContext* context, const grpc::Status& status) {
    auto it = context->client_metadata().find(kCallerHeader);
    const std::string caller = it == context->client_metadata().end()
                                   ? "(anonymous)"
                                   : std::string(it->second.data(), it->second.size());
    std::lock_guard<std::mutex> lock(print_mu_);
    std::cout << "call from " << caller << ": "
              << common::StatusCodeName(status.error_code()) << std::endl;
  }

  const std::string name_;
  RateLimiter* const limiter_;
  const bool fail_;
  std::mutex print_mu_;
};

const char* StateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed:
      return "closed";
    case BreakerState::kOpen:
      return "open";
    case BreakerState::kHalfOpen:
      return "half-open";
  }
  return "?";
}

}  // namespace

int RunServer(int port, const std::string& name, double capacity, double per_second,
              bool fail) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  RealClock clock;
  RateLimiter limiter(BucketConfig{capacity, per_second}, &clock);
  WorkerService service(name, &limiter, fail);
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  return common::ServeUntilStopped(builder, port);
}

int RunClient(const std::string& target, const std::string& caller, int calls,
              int threshold, int open_for_ms) {
  RealClock clock;
  CircuitBreaker breaker(BreakerConfig{threshold, std::chrono::milliseconds(open_for_ms)},
                         &clock);
  auto stub = Worker::NewStub(MakeProtectedChannel(target, &breaker));
  int failed = 0;
  for (int i = 1; i <= calls; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    if (!caller.empty()) context.AddMetadata(kCallerHeader, caller);
    WorkRequest request;
    request.set_job("job-" + std::to_string(i));
    WorkReply reply;
    const grpc::Status status = stub->Work(&context, request, &reply);
    std::cout << "call " << i << ": " << common::StatusCodeName(status.error_code());
    if (status.ok()) {
      std::cout << " from " << reply.backend();
    } else {
      ++failed;
      std::cout << " (" << status.error_message() << ")";
      auto hint = context.GetServerTrailingMetadata().find(kRetryAfterHeader);
      if (hint != context.GetServerTrailingMetadata().end()) {
        std::cout << " retry-after-ms="
                  << std::string(hint->second.data(), hint->second.size());
      }
    }
    std::cout << "; breaker " << StateName(breaker.state()) << "\n";
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace lab::resilience
