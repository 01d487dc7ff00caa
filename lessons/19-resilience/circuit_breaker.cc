// Lesson 19, part 2: a circuit breaker on the client, as an interceptor.
#include "resilience.h"

namespace lab::resilience {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

// TODO(lesson19): the interceptor class the factory below creates, one per call. It
// asks the breaker before the call leaves; a refused call is hijacked and ends with
// UNAVAILABLE without reaching the network; a call that went out has its final status
// code recorded (README: Failing fast with Hijack()).

}  // namespace

// Contract (resilience.h): does a call that ended with `code` count against the
// server? OK never does.
bool CountsAsFailure(grpc::StatusCode code) {
  // TODO(lesson19): your decision (README: which failures count).
  return false;
}

// Contract (resilience.h): closed lets every call through; open lets none through
// until open_for has passed since it opened, then lets the first caller through as the
// probe and becomes half-open; half-open lets none through while the probe is out.
bool CircuitBreaker::Allow() {
  // TODO(lesson19): the states, under mu_, timed by clock_.
  return true;
}

// Contract (resilience.h): closed counts consecutive failures and opens at
// failure_threshold (anything else resets the count); half-open closes on a probe
// that did not fail and reopens on one that did; open ignores late results.
void CircuitBreaker::Record(grpc::StatusCode code) {
  // TODO(lesson19): the transitions, under mu_.
}

BreakerState CircuitBreaker::state() const {
  // TODO(lesson19): the current state, read under mu_.
  return BreakerState::kClosed;
}

// Contract (resilience.h): this call's breaker interceptor.
grpc::experimental::Interceptor*
CircuitBreakerInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  // TODO(lesson19): return this call's interceptor, asking breaker_.
  return nullptr;
}

// Contract (resilience.h): round_robin under outlier_detection_experimental, ejecting
// a backend that failed half of its 5+ calls in an interval.
std::string OutlierDetectionServiceConfig() {
  // TODO(lesson19): the service config (README: "Built in: outlier detection").
  return "";
}

}  // namespace lab::resilience
