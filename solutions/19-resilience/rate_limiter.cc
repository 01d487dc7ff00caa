// Lesson 19, part 1: a token bucket per caller, on the server.
#include <cmath>

#include "resilience.h"

namespace lab::resilience {

// Contract (resilience.h): one token from `caller`'s bucket, or the wait (rounded up)
// until there is one.
std::chrono::milliseconds RateLimiter::TryTake(const std::string& caller) {
  const Clock::time_point now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, created] = buckets_.try_emplace(caller, Bucket{config_.capacity, now});
  Bucket& bucket = it->second;
  // Refill for the time since the last look, never beyond a full bucket: a caller
  // who was quiet for an hour gets one burst, not an hour's worth.
  const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
  bucket.tokens =
      std::min(config_.capacity, bucket.tokens + elapsed * config_.tokens_per_second);
  bucket.refilled = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::chrono::milliseconds(0);
  }
  const double wait_ms = (1 - bucket.tokens) / config_.tokens_per_second * 1000;
  return std::chrono::milliseconds(static_cast<int64_t>(std::ceil(wait_ms)));
}

// Contract (resilience.h): OK, or RESOURCE_EXHAUSTED with retry-after-ms.
grpc::Status RateLimiter::Admit(grpc::ServerContext* context) {
  std::string caller;  // "" is the shared anonymous bucket
  // The first x-caller value (a multimap's find() may return any of several).
  auto [first, end] = context->client_metadata().equal_range(kCallerHeader);
  if (first != end) caller.assign(first->second.data(), first->second.size());
  const std::chrono::milliseconds wait = TryTake(caller);
  if (wait.count() == 0) return grpc::Status::OK;
  // A hint the client can act on: when to try again, in the trailers that come with
  // the error status.
  context->AddTrailingMetadata(kRetryAfterHeader, std::to_string(wait.count()));
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      "rate limit for caller '" + caller + "': retry in " +
                          std::to_string(wait.count()) + " ms");
}

}  // namespace lab::resilience
