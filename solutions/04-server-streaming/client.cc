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
  // Read() returns false once the server has ended the stream, with OK or with an
  // error: it does not say which. Only Finish() does.
  while (reader->Read(&quote)) on_quote(quote);
  return reader->Finish();
}

}  // namespace lab::quotes
