// The time source of lesson 19. Given: do not edit.
//
// The limiter and the breaker never read std::chrono::steady_clock themselves: they
// ask a Clock. Programs pass a RealClock; the graded tests pass a FakeClock and move
// it forward by hand, so "250 ms later" is exact and no test ever sleeps.
#pragma once

#include <chrono>
#include <mutex>

namespace lab::resilience {

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  // The current time. Never goes backwards. Safe to call from any thread.
  virtual time_point Now() const = 0;
};

// The machine's monotonic clock.
class RealClock final : public Clock {
 public:
  time_point Now() const override { return std::chrono::steady_clock::now(); }
};

// A clock that stands still until a test calls Advance(). Thread-safe.
class FakeClock final : public Clock {
 public:
  time_point Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Advance(std::chrono::nanoseconds by) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += by;
  }

 private:
  mutable std::mutex mu_;
  time_point now_{std::chrono::hours(1)};  // any start will do; not the epoch
};

}  // namespace lab::resilience
