// Lesson 19, part 2: a circuit breaker on the client, as an interceptor.
#include "resilience.h"

namespace lab::resilience {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

// Asks the breaker before the call leaves. A refused call is hijacked: gRPC sends
// nothing, and this interceptor supplies what the network would have (no message, the
// UNAVAILABLE status).
class BreakerInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BreakerInterceptor(CircuitBreaker* breaker) : breaker_(breaker) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (!breaker_->Allow()) {
        refused_ = true;
        methods->Hijack();  // the rest of this batch does not go out
        return;
      }
    }
    // Only a hijacked call sees the PRE_RECV_* hook points: it fills them in.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_RECV_MESSAGE)) {
      methods->FailHijackedRecvMessage();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_RECV_STATUS)) {
      *methods->GetRecvStatus() = grpc::Status(
          grpc::StatusCode::UNAVAILABLE,
          "circuit breaker open: the server failed repeatedly; not calling it for now");
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_STATUS) &&
        !refused_) {
      // A refused call sees its own UNAVAILABLE here too: it is no news about the
      // server, so only calls that really went out are recorded.
      breaker_->Record(methods->GetRecvStatus()->error_code());
    }
    methods->Proceed();
  }

 private:
  CircuitBreaker* breaker_;
  bool refused_ = false;
};

}  // namespace

// Contract (resilience.h): failures that say the server or the path to it is unwell.
// The caller's own mistakes (a bad argument, a missing item, no permission) say
// nothing about the server's health and must not cut everyone off.
bool CountsAsFailure(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::DATA_LOSS:
      return true;
    default:
      return false;
  }
}

// Contract (resilience.h): closed lets all through; open none until the cool-down
// ends, then one probe; half-open none while the probe is out.
bool CircuitBreaker::Allow() {
  const Clock::time_point now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  switch (state_) {
    case BreakerState::kClosed:
      return true;
    case BreakerState::kOpen:
      if (now - opened_at_ < config_.open_for) return false;
      state_ = BreakerState::kHalfOpen;  // this caller is the probe
      return true;
    case BreakerState::kHalfOpen:
      return false;  // the probe is out
  }
  return false;
}

// Contract (resilience.h): counts consecutive failures while closed; the probe's
// result closes or reopens; results while open change nothing.
void CircuitBreaker::Record(grpc::StatusCode code) {
  const Clock::time_point now = clock_->Now();
  const bool failure = CountsAsFailure(code);
  std::lock_guard<std::mutex> lock(mu_);
  switch (state_) {
    case BreakerState::kClosed:
      consecutive_failures_ = failure ? consecutive_failures_ + 1 : 0;
      if (consecutive_failures_ >= config_.failure_threshold) {
        state_ = BreakerState::kOpen;
        opened_at_ = now;
      }
      return;
    case BreakerState::kHalfOpen:
      consecutive_failures_ = 0;
      state_ = failure ? BreakerState::kOpen : BreakerState::kClosed;
      if (failure) opened_at_ = now;
      return;
    case BreakerState::kOpen:
      return;
  }
}

BreakerState CircuitBreaker::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

grpc::experimental::Interceptor*
CircuitBreakerInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* /*info*/) {
  return new BreakerInterceptor(breaker_);
}

// Contract (resilience.h): round_robin under outlier_detection_experimental, ejecting
// a backend that failed half of its 5+ calls in an interval.
std::string OutlierDetectionServiceConfig() {
  // minimumHosts: failure-percentage ejection only runs when at least that many
  // backends had requestVolume calls in the interval; its default, 5, is more backends
  // than we have, and nothing would ever be ejected.
  return R"({"loadBalancingConfig": [{"outlier_detection_experimental": {
      "interval": "0.2s", "baseEjectionTime": "30s", "maxEjectionPercent": 50,
      "failurePercentageEjection": {"threshold": 50, "enforcementPercentage": 100,
                                    "minimumHosts": 3, "requestVolume": 5},
      "childPolicy": [{"round_robin": {}}]}}]})";
}

}  // namespace lab::resilience
