// Given: do not edit. Prices and pacing for the quote feed.
#include <cmath>
#include <thread>

#include "quote_service.h"

namespace lab::quotes {

int64_t QuotePriceCents(int64_t opening_cents, int sequence) {
  // Up to 2% either side of the opening price; sin() makes it repeatable. The wobble is
  // invented, so a double is fine for it; the price is rounded once, to whole cents.
  const double wobble = 1.0 + 0.02 * std::sin(static_cast<double>(sequence));
  return std::llround(static_cast<double>(opening_cents) * wobble);
}

bool WaitUnlessCancelled(grpc::ServerContext* context,
                         std::chrono::steady_clock::time_point when) {
  // How long a cancelled call can go unnoticed: short, so a handler stops promptly.
  constexpr std::chrono::milliseconds kStep{2};
  while (!context->IsCancelled()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= when) return true;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(kStep, when - now));
  }
  return false;
}

}  // namespace lab::quotes
