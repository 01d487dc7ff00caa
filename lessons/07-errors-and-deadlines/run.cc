// Given: do not edit. The server and client programs of lesson 07.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "client.h"
#include "errors.h"
#include "inventory_service.h"

namespace lab::errors {

int RunServer(int port, std::chrono::milliseconds prepare_time) {
  // Reflection lets any gRPC tool (build/bin/grpc-call) ask the server what it serves,
  // including google.rpc.Status and BadRequest, which it needs to decode error details.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  // The downstream service, on a port of its own as if it were another machine.
  InventoryServiceImpl inventory(DefaultStock());
  grpc::ServerBuilder inventory_builder;
  int inventory_port = 0;
  inventory_builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                                     &inventory_port);
  inventory_builder.RegisterService(&inventory);
  std::unique_ptr<grpc::Server> inventory_server = inventory_builder.BuildAndStart();
  if (inventory_server == nullptr || inventory_port == 0) {
    std::cerr << "could not start the inventory service\n";
    return 1;
  }

  OrderServiceImpl orders(InventoryService::NewStub(grpc::CreateChannel(
                              "127.0.0.1:" + std::to_string(inventory_port),
                              grpc::InsecureChannelCredentials())),
                          prepare_time);
  grpc::ServerBuilder builder;
  int selected_port = 0;  // the builder writes the real port here once it binds
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

void PrintError(const std::string& what, const grpc::Status& status) {
  std::cerr << what << " failed: code " << status.error_code() << ": "
            << status.error_message() << "\n";
  google::rpc::BadRequest bad_request;
  if (ReadBadRequest(status, &bad_request).ok()) {
    for (const auto& violation : bad_request.field_violations()) {
      std::cerr << "  " << violation.field() << ": " << violation.description() << "\n";
    }
  }
}

}  // namespace

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
