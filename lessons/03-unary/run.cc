// Given: do not edit. The server and client programs of lesson 03.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "client.h"
#include "greeter_service.h"
#include "product_service.h"

namespace lab::unary {

Catalogue DefaultCatalogue() {
  return {
      {"P1001", {"Mechanical keyboard", 12}},
      {"P1002", {"USB-C cable", 0}},  // sold out
      {"P1003", {"27-inch monitor", 3}},
  };
}

int RunServer(int port) {
  // Reflection lets any gRPC tool (build/bin/grpc-call) ask the server what it serves.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  GreeterServiceImpl greeter;
  ProductServiceImpl products(DefaultCatalogue());

  grpc::ServerBuilder builder;
  int selected_port = 0;  // the builder writes the real port here once it binds
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port),
                           grpc::InsecureServerCredentials(), &selected_port);
  builder.RegisterService(&greeter);
  builder.RegisterService(&products);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    std::cerr << "could not listen on 127.0.0.1:" << port << " (is the port taken?)\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << selected_port << std::endl;  // flushes
  server->Wait();
  return 0;
}

int RunClient(const std::string& target, const std::string& name,
              const std::string& product_id) {
  // A channel is a virtual connection to `target`; stubs made from it are cheap.
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  int exit_code = 0;
  if (!name.empty()) {
    auto greeter = Greeter::NewStub(channel);
    std::string greeting;
    grpc::Status status = Greet(*greeter, name, &greeting);
    if (status.ok()) {
      std::cout << greeting << "\n";
    } else {
      std::cerr << "SayHello failed: " << status.error_code() << " "
                << status.error_message() << "\n";
      exit_code = 1;
    }
  }
  if (!product_id.empty()) {
    auto products = ProductService::NewStub(channel);
    ProductStock stock;
    grpc::Status status = FetchStock(*products, product_id, &stock);
    if (status.ok()) {
      std::cout << stock.product_id() << " " << stock.name() << ": " << stock.quantity()
                << " in stock\n";
    } else {
      std::cerr << "GetProductStock failed: " << status.error_code() << " "
                << status.error_message() << "\n";
      exit_code = 1;
    }
  }
  return exit_code;
}

}  // namespace lab::unary
