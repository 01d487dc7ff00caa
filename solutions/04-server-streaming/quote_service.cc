// Lesson 04, part 1: a handler that sends a stream of messages.
#include "quote_service.h"

namespace lab::quotes {

// Contract (quote_service.h): a bad count (INVALID_ARGUMENT) or an unknown symbol
// (NOT_FOUND) ends the call before any quote; otherwise `count` quotes, sequence 1,
// 2, ..., the first at once and then one per interval_, then OK. A cancelled call
// stops within one interval and reports how it ended.
grpc::Status QuoteServiceImpl::StreamQuotes(grpc::ServerContext* context,
                                            const QuoteRequest* request,
                                            grpc::ServerWriter<Quote>* writer) {
  const int count = request->count();
  if (count < 1 || count > kMaxQuotesPerStream) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "count must be 1.." + std::to_string(kMaxQuotesPerStream) +
                            ", got " + std::to_string(count));
  }
  // Errors found now end the stream before a single message is sent: the client's
  // first Read() returns false and Finish() carries the code.
  auto it = market_.find(request->symbol());
  if (it == market_.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "no stock with symbol '" + request->symbol() + "'");
  }

  // Pace against a schedule (start, start + interval, ...) rather than "interval after
  // the last write", so the time spent writing does not add up into drift.
  auto next = std::chrono::steady_clock::now();
  for (int sequence = 1; sequence <= count; ++sequence) {
    if (sequence > 1) {
      next += interval_;
      // The client may have cancelled or hit its deadline while we wait; nobody will
      // read what we send after that, so stop instead of finishing the loop. The
      // client never sees this status, but the server's interceptors and logs do:
      // the stream was cut short, which is not OK.
      if (!WaitUnlessCancelled(context, next)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
      }
    }
    Quote quote;
    quote.set_symbol(it->first);
    quote.set_sequence(sequence);
    quote.set_price_cents(QuotePriceCents(it->second, sequence));
    // Write() blocks while the client is slow to read (flow control) and returns false
    // once the stream is gone: either way, a false means stop.
    if (!writer->Write(quote)) {
      return grpc::Status(grpc::StatusCode::CANCELLED,
                          "the stream closed before quote " + std::to_string(sequence));
    }
  }
  return grpc::Status::OK;
}

}  // namespace lab::quotes
