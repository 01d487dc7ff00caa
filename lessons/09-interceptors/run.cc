// Given: do not edit. The server and client programs of lesson 09.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <thread>

#include "common/serve.h"
#include "common/status_name.h"
#include "interceptors.grpc.pb.h"
#include "middleware.h"

namespace lab::interceptors {
namespace {

class InventoryService final : public Inventory::Service {
 public:
  grpc::Status GetItem(grpc::ServerContext*, const ItemRequest* request,
                       Item* reply) override {
    static const std::map<std::string, int> stock = {{"apple", 12}, {"pear", 0}};
    auto it = stock.find(request->sku());
    if (it == stock.end()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no sku '" + request->sku() + "'");
    }
    reply->set_sku(it->first);
    reply->set_count(it->second);
    return grpc::Status::OK;
  }
};

// Prints each record of `log` as it arrives; once `stopped`, the rest, and returns.
void PrintLog(const LogSink& log, const std::atomic<bool>& stopped) {
  for (size_t printed = 0;;) {
    const bool last_round = stopped;  // read before the records, so none is missed
    const std::vector<LogRecord> records = log.Records();
    for (; printed < records.size(); ++printed) {
      const LogRecord& r = records[printed];
      std::cout << "log " << r.method << " code=" << common::StatusCodeName(r.code)
                << " duration_us=" << r.duration.count() << " request_id=" << r.request_id
                << std::endl;
    }
    if (last_round) return;
    log.WaitForCount(printed + 1, std::chrono::milliseconds(100 /* 0.1 s */));
  }
}

}  // namespace

int RunServer(int port, const std::string& api_key) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  InventoryService inventory;
  LogSink log;

  // Local credentials: plaintext on loopback, but with gRPC's security layer in
  // place, which is what runs an AuthMetadataProcessor (see README).
  auto credentials = grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  credentials->SetAuthMetadataProcessor(std::make_shared<ApiKeyProcessor>(api_key));

  grpc::ServerBuilder builder;
  builder.RegisterService(&inventory);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      creators;
  creators.push_back(std::make_unique<LoggingInterceptorFactory>(&log));
  builder.experimental().SetInterceptorCreators(std::move(creators));

  // Print the log as it grows (the sink is what the tests read instead), on a thread
  // of its own while this one serves.
  std::atomic<bool> stopped{false};
  std::thread printer([&] { PrintLog(log, stopped); });
  const int exit_code = common::ServeUntilStopped(builder, port, credentials);
  stopped = true;  // every call has returned: the log is complete
  printer.join();
  return exit_code;
}

int RunClient(const std::string& target, const std::string& api_key,
              const std::string& sku) {
  LatencySink latencies;
  auto stub = Inventory::NewStub(MakeClientChannel(target, &latencies));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  if (!api_key.empty()) context.AddMetadata(kApiKeyHeader, api_key);
  ItemRequest request;
  request.set_sku(sku);
  Item item;
  grpc::Status status = stub->GetItem(&context, request, &item);
  for (const LatencyRecord& r : latencies.Records()) {
    std::cout << "latency " << r.method << " request_id=" << r.request_id
              << " elapsed_us=" << r.elapsed.count() << "\n";
  }
  if (!status.ok()) {
    std::cerr << "GetItem failed: " << common::StatusCodeName(status.error_code()) << ": "
              << status.error_message() << "\n";
    return 1;
  }
  std::cout << item.sku() << ": " << item.count() << " in stock\n";
  return 0;
}

}  // namespace lab::interceptors
