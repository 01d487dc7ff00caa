// Contract for lesson 04's quote feed. Given: do not edit. Your work is in
// quote_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "quotes.grpc.pb.h"

namespace lab::quotes {

// Symbol -> opening price in whole cents (14010 is $140.10), like Quote.price_cents.
using Market = std::map<std::string, int64_t>;

// The market the server program serves (see run.cc).
Market DefaultMarket();

// The largest `count` a client may ask for.
inline constexpr int kMaxQuotesPerStream = 1000;

// Given (market.cc). The price in cents of quote number `sequence` (1, 2, ...) of a
// stock that opened at `opening_cents`: a made-up but repeatable wobble, so that tests
// can check every price.
int64_t QuotePriceCents(int64_t opening_cents, int sequence);

// Given (market.cc). Waits until `when` and returns true, or returns false as soon as
// the call is cancelled (the client cancelled, its deadline passed, or the server is
// shutting down). The sync API has no "client went away" callback, so this looks at
// context->IsCancelled() every few milliseconds while it waits.
bool WaitUnlessCancelled(grpc::ServerContext* context,
                         std::chrono::steady_clock::time_point when);

// Implements QuoteService from proto/quotes.proto over a fixed market, one quote per
// `interval`.
class QuoteServiceImpl final : public QuoteService::Service {
 public:
  QuoteServiceImpl(Market market, std::chrono::milliseconds interval)
      : market_(std::move(market)), interval_(interval) {}

  // Streams request->count() quotes for request->symbol(): quote n has the symbol,
  // sequence n and price_cents QuotePriceCents(opening, n). The first goes out at once,
  // each next one `interval_` after the one before, and the stream ends (OK) right
  // after the last. When the call is cancelled (client gone, deadline passed, server
  // shutting down) the handler stops within one interval, sends nothing more and
  // returns the status code that says what happened to the call (see the README).
  // Errors (before any quote is sent):
  //   INVALID_ARGUMENT  count is not in 1..kMaxQuotesPerStream
  //   NOT_FOUND         the symbol is not in the market; the message names it
  grpc::Status StreamQuotes(grpc::ServerContext* context, const QuoteRequest* request,
                            grpc::ServerWriter<Quote>* writer) override;

 private:
  const Market market_;
  const std::chrono::milliseconds interval_;
};

}  // namespace lab::quotes
