// Given: do not edit. The server and client programs of lesson 08.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <iomanip>
#include <iostream>
#include <sstream>

#include "client.h"
#include "order_service.h"

namespace lab::metadata {

int RunServer(int port) {
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  OrderServiceImpl orders;
  grpc::ServerBuilder builder;
  int selected_port = 0;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port),
                           grpc::InsecureServerCredentials(), &selected_port);
  builder.RegisterService(&orders);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    std::cerr << "could not listen on 127.0.0.1:" << port << " (is the port taken?)\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << selected_port << std::endl;  // flushes
  server->Wait();
  return 0;
}

namespace {
std::string Hex(const std::string& bytes) {
  std::ostringstream out;
  for (unsigned char c : bytes) {
    out << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(c);
  }
  return out.str();
}
}  // namespace

int RunClient(const std::string& target, const std::string& request_id,
              const std::string& tenant, const std::string& item) {
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = Orders::NewStub(channel);
  OrderRequest request;
  request.set_item(item);
  request.set_quantity(1);
  OrderResult result;
  grpc::Status status = PlaceOrder(*stub, request_id, tenant, request, &result);
  if (!status.ok()) {
    std::cerr << "PlaceOrder failed: " << status.error_code() << " "
              << status.error_message() << "\n";
    return 1;
  }
  std::cout << "order " << result.reply.order_id() << "\n"
            << "  x-request-id " << result.request_id << "\n"
            << "  x-elapsed-us " << result.elapsed_us << "\n"
            << "  x-order-checksum-bin " << Hex(result.checksum) << " (expected "
            << Hex(OrderChecksum(result.reply.order_id())) << ")\n";
  return 0;
}

}  // namespace lab::metadata
