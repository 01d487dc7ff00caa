// Lesson 04, part 1: a handler that sends a stream of messages.
#include "quote_service.h"

namespace lab::quotes {

// Contract (quote_service.h): check count (INVALID_ARGUMENT) and symbol (NOT_FOUND)
// first; then write `count` quotes, sequence 1, 2, ..., one per interval_, the first
// at once; stop within one interval if the call is cancelled.
grpc::Status QuoteServiceImpl::StreamQuotes(grpc::ServerContext* context,
                                            const QuoteRequest* request,
                                            grpc::ServerWriter<Quote>* writer) {
  // TODO(lesson04): 1. validate request->count()  2. look the symbol up in market_
  // 3. loop: writer->Write(quote) for each quote, WaitUnlessCancelled(context, ...)
  // between two quotes, and stop (return CANCELLED) when the call is cancelled.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson04): implement QuoteServiceImpl::StreamQuotes in "
                      "lessons/04-server-streaming/quote_service.cc");
}

}  // namespace lab::quotes
