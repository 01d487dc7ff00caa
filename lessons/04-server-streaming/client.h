// Contract for lesson 04's client. Given: do not edit. Your work is in client.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <string>

#include "quotes.grpc.pb.h"

namespace lab::quotes {

// How long a whole stream may take before the client gives up (DEADLINE_EXCEEDED).
inline constexpr std::chrono::milliseconds kStreamTimeout{60000 /* 1 min */};

// Called once per quote, as soon as it arrives.
using QuoteCallback = std::function<void(const Quote&)>;

// Calls QuoteService.StreamQuotes for `symbol` and `count`, with one deadline
// `timeout` from now for the whole stream. Calls on_quote for every quote the server
// sends, in order, reading until the server ends the stream (however many quotes that
// is), then returns the status the server ended it with, exactly as received. Quotes
// that arrived before an error were still delivered to on_quote.
grpc::Status WatchQuotes(QuoteService::StubInterface& stub, const std::string& symbol,
                         int count, const QuoteCallback& on_quote,
                         std::chrono::milliseconds timeout = kStreamTimeout);

}  // namespace lab::quotes
