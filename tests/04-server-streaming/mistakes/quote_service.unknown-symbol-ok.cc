// Mistake: an unknown symbol ends the stream with OK and zero quotes, so the client
// cannot tell it from a real answer.
// Lesson 04, part 1: a handler that sends a stream of messages.
#include "quote_service.h"

namespace lab::quotes {

// Contract (quote_service.h): check count (INVALID_ARGUMENT) and symbol (NOT_FOUND)
// first; then write `count` quotes, sequence 1, 2, ..., one per interval_, the first
// at once; stop within one interval if the call is cancelled.
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
    return grpc::Status::OK;  // nothing to stream
  }

  // Pace against a schedule (start, start + interval, ...) rather than "interval after
  // the last write", so the time spent writing does not add up into drift.
  auto next = std::chrono::steady_clock::now();
  for (int sequence = 1; sequence <= count; ++sequence) {
    if (sequence > 1) {
      next += interval_;
      // The client may have cancelled or hit its deadline while we wait; nobody will
      // read what we send after that, so stop instead of finishing the loop.
      if (!WaitUnlessCancelled(context, next)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
      }
    }
    Quote quote;
    quote.set_symbol(it->first);
    quote.set_sequence(sequence);
    quote.set_price(QuotePrice(it->second, sequence));
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
