// Lesson 19, part 1: a token bucket per caller, on the server.
#include <cmath>

#include "resilience.h"

namespace lab::resilience {

// Contract (resilience.h): takes one token from `caller`'s bucket (created full),
// after refilling it for the time since it was last brought up to date (fractions
// count, never beyond capacity). Returns 0 ms when a token was taken, else the wait
// until one whole token, rounded up to whole milliseconds.
std::chrono::milliseconds RateLimiter::TryTake(const std::string& caller) {
  // TODO(lesson19): the token bucket of `caller`, under mu_, timed by clock_.
  // This starter admits everyone: no limit at all.
  return std::chrono::milliseconds(0);
}

// Contract (resilience.h): OK when TryTake() admits the call's caller (first x-caller
// value; none or empty = the shared anonymous bucket ""); otherwise RESOURCE_EXHAUSTED
// with the wait as trailing metadata retry-after-ms.
grpc::Status RateLimiter::Admit(grpc::ServerContext* context) {
  // TODO(lesson19): find the caller, charge its bucket, and refuse with a retry hint.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson19): implement RateLimiter::Admit in "
                      "lessons/19-resilience/rate_limiter.cc");
}

}  // namespace lab::resilience
