// Given: do not edit. The server and client programs of lesson 08.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <iomanip>
#include <iostream>
#include <sstream>

#include "client.h"
#include "common/serve.h"
#include "common/status_name.h"
#include "order_service.h"

namespace lab::metadata {

int RunServer(int port) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  OrderServiceImpl orders;
  grpc::ServerBuilder builder;
  builder.RegisterService(&orders);
  return common::ServeUntilStopped(builder, port);
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
    std::cerr << "PlaceOrder failed: " << common::StatusCodeName(status.error_code())
              << ": " << status.error_message() << "\n";
    if (!result.request_id.empty()) {
      std::cerr << "  x-request-id " << result.request_id << " (to trace it)\n";
    }
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
