// Given: do not edit. The server and client programs of lesson 09.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <map>

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

}  // namespace

int RunServer(int port, const std::string& api_key) {
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  InventoryService inventory;
  LogSink log;

  // Local credentials: plaintext on loopback, but with gRPC's security layer in
  // place, which is what runs an AuthMetadataProcessor (see README).
  auto credentials = grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  credentials->SetAuthMetadataProcessor(std::make_shared<ApiKeyProcessor>(api_key));

  grpc::ServerBuilder builder;
  int selected_port = 0;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port), credentials,
                           &selected_port);
  builder.RegisterService(&inventory);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      creators;
  creators.push_back(std::make_unique<LoggingInterceptorFactory>(&log));
  builder.experimental().SetInterceptorCreators(std::move(creators));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    std::cerr << "could not listen on 127.0.0.1:" << port << " (is the port taken?)\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << selected_port << std::endl;  // flushes
  // Print the log as it grows (the sink is what the tests read instead).
  for (size_t printed = 0;; ++printed) {
    while (!log.WaitForCount(printed + 1, std::chrono::hours(1))) {
    }
    const LogRecord r = log.Records()[printed];
    std::cout << "log " << r.method << " code=" << static_cast<int>(r.code)
              << " duration_us=" << r.duration.count() << " request_id=" << r.request_id
              << std::endl;
  }
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
    std::cerr << "GetItem failed: " << status.error_code() << " "
              << status.error_message() << "\n";
    return 1;
  }
  std::cout << item.sku() << ": " << item.count() << " in stock\n";
  return 0;
}

}  // namespace lab::interceptors
