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
  // TODO(lesson04): reject a request the feed cannot serve, before any quote.
  // TODO(lesson04): stream the quotes on the interval's schedule, ending right after
  // the last one.
  // TODO(lesson04): stop as soon as the client is gone, whenever that happens, and
  // return the status that says so (README: "When the client leaves").
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson04): implement QuoteServiceImpl::StreamQuotes in "
                      "lessons/04-server-streaming/quote_service.cc");
}

}  // namespace lab::quotes
