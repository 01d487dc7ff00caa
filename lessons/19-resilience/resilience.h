// Contract for lesson 19: a rate limiter for the server and a circuit breaker for the
// client. Given: do not edit. Your work is in rate_limiter.cc and circuit_breaker.cc.
//
// Both are shared by every call at once (gRPC runs handlers and interceptors on many
// threads): every member function is thread-safe, and all state sits behind mu_.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "clock.h"

namespace lab::resilience {

// The header a caller names itself in, and the trailer a refusal carries.
inline constexpr char kCallerHeader[] = "x-caller";
inline constexpr char kRetryAfterHeader[] = "retry-after-ms";

// ---------------------------------------------------------------------------------
// Part 1: the server's rate limiter (rate_limiter.cc)

struct BucketConfig {
  double capacity = 10;          // tokens in a full bucket: the largest burst
  double tokens_per_second = 5;  // refill rate: the long-run calls per second
};

// One token bucket per caller. A bucket starts full; it refills continuously at
// tokens_per_second (fractions count: 0.5 s at 3 tokens/s adds 1.5 tokens) and never
// holds more than capacity. A call costs one whole token.
class RateLimiter {
 public:
  RateLimiter(BucketConfig config, const Clock* clock) : config_(config), clock_(clock) {}

  // Takes one token from `caller`'s bucket (created full on first use).
  // Returns 0 ms when a token was taken. Otherwise takes nothing and returns how long
  // until the bucket holds one whole token, rounded UP to whole milliseconds (a caller
  // who waits that long and retries is admitted, if no one else took it).
  std::chrono::milliseconds TryTake(const std::string& caller);

  // For a handler's first line: admits the call or refuses it.
  // The caller is the first x-caller value of the call; a call without one (or with an
  // empty one) is charged to one shared anonymous bucket. Returns OK when TryTake
  // took a token; otherwise RESOURCE_EXHAUSTED, with the wait in milliseconds as the
  // trailing metadata retry-after-ms (decimal digits, e.g. "334").
  grpc::Status Admit(grpc::ServerContext* context);

 private:
  struct Bucket {
    double tokens = 0;             // whole and fractional tokens in the bucket
    Clock::time_point refilled{};  // the time `tokens` was last brought up to date
  };
  const BucketConfig config_;
  const Clock* const clock_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;  // by caller ("" = anonymous)
};

// ---------------------------------------------------------------------------------
// Part 2: the client's circuit breaker (circuit_breaker.cc)

enum class BreakerState { kClosed, kOpen, kHalfOpen };

struct BreakerConfig {
  int failure_threshold = 5;                           // consecutive failures to open
  std::chrono::milliseconds open_for{5000 /* 5 s */};  // cool-down before a probe
};

// Does a call that ended with `code` count against the server (toward opening the
// breaker)? OK never does. Your decision (README: which failures count).
bool CountsAsFailure(grpc::StatusCode code);

// Closed: every call goes through; failure_threshold consecutive failures (in the
// sense of CountsAsFailure) open it, any other result resets the count.
// Open: Allow() says no until open_for has passed since it opened; the first Allow()
// after that moves it to half-open and lets that one call (the probe) through.
// Half-open: while the probe is out, Allow() says no; the probe's result closes the
// breaker (not a failure: count starts again at 0) or opens it again (a failure: a
// new cool-down from that moment).
class CircuitBreaker {
 public:
  CircuitBreaker(BreakerConfig config, const Clock* clock)
      : config_(config), clock_(clock) {}

  // May a call go out now? Every true must be followed by exactly one Record() of
  // that call's result; a false is never recorded.
  bool Allow();
  // The status code of a call that Allow() let through. Results arriving while open
  // (calls that left before it opened) change nothing.
  void Record(grpc::StatusCode code);
  BreakerState state() const;

 private:
  const BreakerConfig config_;
  const Clock* const clock_;
  mutable std::mutex mu_;
  BreakerState state_ = BreakerState::kClosed;
  int consecutive_failures_ = 0;   // while closed
  Clock::time_point opened_at_{};  // when it last opened
};

// Creates, per call, a client interceptor that asks *breaker before the call leaves:
// when Allow() says no, the call never reaches the network and ends at once with
// UNAVAILABLE (message starting "circuit breaker open"); when yes, the call goes on and
// its final status code is Record()ed. Unary calls.
class CircuitBreakerInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit CircuitBreakerInterceptorFactory(CircuitBreaker* breaker)
      : breaker_(breaker) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;

 private:
  CircuitBreaker* breaker_;
};

// ---------------------------------------------------------------------------------
// Part 3: gRPC's built-in outlier detection (circuit_breaker.cc)

// How often outlier detection looks at the backends' recent results (its interval).
inline constexpr std::chrono::milliseconds kEjectionInterval{200 /* 0.2 s */};

// The service config (JSON) of a channel to a few backends (three in the tests) that
// balances with round_robin under gRPC 1.51's outlier_detection_experimental policy:
// every kEjectionInterval, a backend that failed at least half of its calls, once it
// had at least 5 in that interval, is ejected for 30 s; never more than half of the
// backends at once. The settings are yours (README: "Built in: outlier detection").
std::string OutlierDetectionServiceConfig();

// A plaintext channel to `target` whose calls all go through *breaker. Given, in
// channel.cc.
std::shared_ptr<grpc::Channel> MakeProtectedChannel(const std::string& target,
                                                    CircuitBreaker* breaker);

}  // namespace lab::resilience
