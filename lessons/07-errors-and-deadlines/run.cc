// Given: do not edit. The server and client programs of lesson 07.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "client.h"
#include "common/serve.h"
#include "common/status_name.h"
#include "errors.h"
#include "inventory_service.h"

namespace lab::errors {
namespace {

// Starts `inventory` on 127.0.0.1, on a port the OS picks (*port), with reflection.
// Returns nullptr after saying why on stderr if it cannot.
std::unique_ptr<grpc::Server> StartInventory(InventoryServiceImpl* inventory, int* port) {
  // Reflection here too, so that grpc-call can call the inventory directly.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), port);
  builder.RegisterService(inventory);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || *port == 0) {
    std::cerr << "could not start the inventory service\n";
    return nullptr;
  }
  return server;
}

void PrintError(const std::string& what, const grpc::Status& status) {
  std::cerr << what << " failed: " << common::StatusCodeName(status.error_code()) << ": "
            << status.error_message() << "\n";
  google::rpc::BadRequest bad_request;
  if (ReadBadRequest(status, &bad_request).ok()) {
    for (const auto& violation : bad_request.field_violations()) {
      std::cerr << "  " << violation.field() << ": " << violation.description() << "\n";
    }
  }
}

}  // namespace

int RunServer(int port, std::chrono::milliseconds prepare_time) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h

  // The downstream service, on a port of its own as if it were another machine.
  InventoryServiceImpl inventory(DefaultStock());
  int inventory_port = 0;
  std::unique_ptr<grpc::Server> inventory_server =
      StartInventory(&inventory, &inventory_port);
  if (inventory_server == nullptr) return 1;

  OrderServiceImpl orders(InventoryService::NewStub(grpc::CreateChannel(
                              "127.0.0.1:" + std::to_string(inventory_port),
                              grpc::InsecureChannelCredentials())),
                          prepare_time);
  grpc::ServerBuilder builder;
  builder.RegisterService(&orders);
  // ServeUntilStopped adds reflection, which also describes google.rpc.Status and
  // BadRequest: grpc-call needs them to decode error details. On a stop signal, a
  // PrepareOrder still running is cancelled after the grace period: the handler sees
  // it as it sees a caller's deadline passing.
  const int exit_code = common::ServeUntilStopped(builder, port);
  // The order service is down, so nothing calls the inventory any more.
  common::StopServer(*inventory_server);
  return exit_code;
}

int RunClient(const ClientArgs& args) {
  auto channel = grpc::CreateChannel(args.target, grpc::InsecureChannelCredentials());
  auto stub = OrderService::NewStub(channel);

  PlaceOrderRequest request;
  request.set_order_id(args.order_id);
  request.set_product_id(args.product_id);
  request.set_quantity(args.quantity);
  Order order;
  grpc::Status status =
      PlaceOrder(*stub, request, &order, {args.timeout, args.wait_for_ready});
  if (!status.ok()) {
    PrintError("PlaceOrder", status);
    return static_cast<int>(status.error_code());
  }
  std::cout << "placed " << order.order_id() << ": " << order.quantity() << " x "
            << order.product_id() << "\n";
  if (!args.prepare) return 0;

  PrepareOrderRequest prepare;
  prepare.set_order_id(args.order_id);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + args.timeout);
  status = stub->PrepareOrder(&context, prepare, &order);
  if (!status.ok()) {
    PrintError("PrepareOrder", status);
    return static_cast<int>(status.error_code());
  }
  std::cout << "prepared " << order.order_id() << "\n";
  return 0;
}

}  // namespace lab::errors
