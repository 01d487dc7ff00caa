// Mistake: the handler never acts on cancellation (the wait's and Write's results
// are ignored), so it streams to the end for a client that has gone.
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
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "no stock with symbol '" + request->symbol() + "'");
  }

  // Pace against a schedule (start, start + interval, ...) rather than "interval after
  // the last write", so the time spent writing does not add up into drift.
  auto next = std::chrono::steady_clock::now();
  for (int sequence = 1; sequence <= count; ++sequence) {
    if (sequence > 1) {
      next += interval_;
      WaitUnlessCancelled(context, next);  // used as a plain sleep
    }
    Quote quote;
    quote.set_symbol(it->first);
    quote.set_sequence(sequence);
    quote.set_price(QuotePrice(it->second, sequence));
    writer->Write(quote);
  }
  return grpc::Status::OK;
}

}  // namespace lab::quotes
