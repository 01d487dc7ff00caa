// Given: do not edit. The gateway program of lesson 21.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>

#include <csignal>
#include <iostream>

#include "catalog_service.h"
#include "common/serve.h"

namespace lab::gateway {

int RunGateway(int http_port, std::chrono::milliseconds timeout) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h

  CatalogServiceImpl catalog;
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int backend_port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &backend_port);
  builder.RegisterService(&catalog);
  std::unique_ptr<grpc::Server> backend = builder.BuildAndStart();
  if (backend == nullptr || backend_port == 0) {
    std::cerr << "could not start the catalogue backend\n";
    return 1;
  }
  std::cout << "backend on 127.0.0.1:" << backend_port << "\n";

  std::unique_ptr<HttpGateway> gateway;
  grpc::Status started = HttpGateway::Start(
      {"127.0.0.1:" + std::to_string(backend_port), timeout}, http_port, &gateway);
  if (!started.ok()) {
    std::cerr << "could not start the gateway: " << started.error_message() << "\n";
    common::StopServer(*backend);
    return 1;
  }
  for (const Route& route : gateway->gateway().routes()) {
    std::cout << "  " << route.verb << " " << route.path_template << " -> "
              << route.method->full_name() << "\n";
  }
  std::cout << "listening on 127.0.0.1:" << gateway->port() << std::endl;

  common::WaitForStopSignal();
  gateway->Stop();
  common::StopServer(*backend);
  return 0;
}

}  // namespace lab::gateway
