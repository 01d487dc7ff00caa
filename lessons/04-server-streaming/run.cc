// Given: do not edit. The server and client programs of lesson 04.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <iomanip>
#include <iostream>

#include "client.h"
#include "quote_service.h"

namespace lab::quotes {

Market DefaultMarket() {
  return {
      {"AAPL", 189.95},
      {"BABA", 74.20},
      {"GOOG", 140.10},
      {"TSLA", 251.60},
  };
}

int RunServer(int port, std::chrono::milliseconds interval) {
  // Reflection lets any gRPC tool (build/bin/grpc-call) ask the server what it serves.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  QuoteServiceImpl quotes(DefaultMarket(), interval);

  grpc::ServerBuilder builder;
  int selected_port = 0;  // the builder writes the real port here once it binds
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port),
                           grpc::InsecureServerCredentials(), &selected_port);
  builder.RegisterService(&quotes);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    std::cerr << "could not listen on 127.0.0.1:" << port << " (is the port taken?)\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << selected_port << std::endl;  // flushes
  server->Wait();
  return 0;
}

int RunClient(const std::string& target, const std::string& symbol, int count) {
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = QuoteService::NewStub(channel);
  // Printed from inside the stream: each line appears as its quote arrives.
  grpc::Status status = WatchQuotes(*stub, symbol, count, [](const Quote& quote) {
    std::cout << "#" << quote.sequence() << " " << quote.symbol() << " " << std::fixed
              << std::setprecision(2) << quote.price() << std::endl;
  });
  if (!status.ok()) {
    std::cerr << "StreamQuotes failed: " << status.error_code() << " "
              << status.error_message() << "\n";
    return 1;
  }
  std::cout << "stream ended OK\n";
  return 0;
}

}  // namespace lab::quotes
