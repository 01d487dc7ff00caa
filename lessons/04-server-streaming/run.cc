// Given: do not edit. The server and client programs of lesson 04.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "client.h"
#include "common/serve.h"
#include "common/status_name.h"
#include "quote_service.h"

namespace lab::quotes {

Market DefaultMarket() {
  return {
      {"AAPL", 18995},  // $189.95
      {"BABA", 7420},
      {"GOOG", 14010},
      {"TSLA", 25160},
  };
}

namespace {

// 14010 -> "140.10": cents become dollars only when shown, with integer arithmetic.
std::string Dollars(int64_t cents) {
  const int64_t whole = std::llabs(cents) / 100;
  const int64_t rest = std::llabs(cents) % 100;
  return std::string(cents < 0 ? "-" : "") + std::to_string(whole) +
         (rest < 10 ? ".0" : ".") + std::to_string(rest);
}

}  // namespace

int RunServer(int port, std::chrono::milliseconds interval) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  QuoteServiceImpl quotes(DefaultMarket(), interval);
  grpc::ServerBuilder builder;
  builder.RegisterService(&quotes);
  // On Ctrl-C or SIGTERM, open streams get a grace period, then are cancelled: your
  // handler sees IsCancelled() as when a client leaves (step 5), and must stop.
  return common::ServeUntilStopped(builder, port);
}

int RunClient(const std::string& target, const std::string& symbol, int count) {
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = QuoteService::NewStub(channel);
  // Printed from inside the stream: each line appears as its quote arrives.
  grpc::Status status = WatchQuotes(*stub, symbol, count, [](const Quote& quote) {
    std::cout << "#" << quote.sequence() << " " << quote.symbol() << " "
              << Dollars(quote.price_cents()) << std::endl;
  });
  if (!status.ok()) {
    std::cerr << "StreamQuotes failed: " << common::StatusCodeName(status.error_code())
              << ": " << status.error_message() << "\n";
    return 1;
  }
  std::cout << "stream ended OK\n";
  return 0;
}

}  // namespace lab::quotes
