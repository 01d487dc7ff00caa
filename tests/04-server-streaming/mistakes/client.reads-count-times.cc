// Mistake: the client calls Read() exactly `count` times instead of until it returns
// false, so a shorter stream delivers stale copies of the last quote.
// Lesson 04, part 2: reading a stream on the client.
#include "client.h"

namespace lab::quotes {

// Contract (client.h): one call with a deadline for the whole stream; on_quote for
// each quote until the stream ends; then return the stream's final status unchanged.
grpc::Status WatchQuotes(QuoteService::StubInterface& stub, const std::string& symbol,
                         int count, const QuoteCallback& on_quote,
                         std::chrono::milliseconds timeout) {
  QuoteRequest request;
  request.set_symbol(symbol);
  request.set_count(count);
  // One deadline covers the whole stream, not each message.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  std::unique_ptr<grpc::ClientReaderInterface<Quote>> reader =
      stub.StreamQuotes(&context, request);
  Quote quote;
  // The server was asked for `count` quotes, so read `count` of them.
  for (int i = 0; i < count; ++i) {
    reader->Read(&quote);
    on_quote(quote);
  }
  return reader->Finish();
}

}  // namespace lab::quotes
