// Lesson 04, part 2: reading a stream on the client.
#include "client.h"

namespace lab::quotes {

// Contract (client.h): one call with a deadline for the whole stream; on_quote for
// each quote until the stream ends; then return the stream's final status unchanged.
grpc::Status WatchQuotes(QuoteService::StubInterface& stub, const std::string& symbol,
                         int count, const QuoteCallback& on_quote,
                         std::chrono::milliseconds timeout) {
  // TODO(lesson04): ask for `count` quotes of `symbol` under one deadline, `timeout`
  // from now, for the whole stream.
  // TODO(lesson04): hand every quote the server sends to on_quote as it arrives, however
  // many there are, and return the status the stream ended with, unchanged.
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson04): implement WatchQuotes in lessons/04-server-streaming/client.cc");
}

}  // namespace lab::quotes
