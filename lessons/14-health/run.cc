// Given: do not edit. The server and client programs of lesson 14.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <memory>

#include "backend_service.h"
#include "common/serve.h"
#include "common/status_name.h"
#include "health_server.h"
#include "monitor.h"

namespace lab::health {

int RunServer(int port, const std::string& replica,
              const std::vector<std::string>& not_serving) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  BackendServiceImpl backend(replica);
  grpc::ServerBuilder builder;
  builder.RegisterService(&backend);
  common::ServeHooks hooks;
  // Started by your StartServer (with the health service), not by BuildAndStart().
  hooks.start = [&](grpc::ServerBuilder& prepared) -> std::unique_ptr<grpc::Server> {
    std::unique_ptr<grpc::Server> server;
    const grpc::Status started =
        StartServer(prepared, {Backend::service_full_name()}, &server);
    if (!started.ok()) {
      std::cerr << "StartServer: " << common::StatusCodeName(started.error_code()) << ": "
                << started.error_message() << "\n";
      return nullptr;
    }
    for (const std::string& name : not_serving) {
      server->GetHealthCheckService()->SetServingStatus(name, false);
    }
    return server;
  };
  hooks.stop = Drain;  // yours: NOT_SERVING first, then the shutdown
  return common::ServeUntilStopped(builder, port, nullptr, kDrainGrace, hooks);
}

int RunClient(const ClientArgs& args) {
  auto stub = Health::NewStub(
      grpc::CreateChannel(args.target, grpc::InsecureChannelCredentials()));
  const std::string name = args.service.empty() ? "(server)" : args.service;
  if (!args.watch) {
    ServingStatus status = HealthCheckResponse::UNKNOWN;
    const grpc::Status result = CheckHealth(*stub, args.service, args.timeout, &status);
    if (!result.ok()) {
      std::cerr << "Check " << name
                << " failed: " << common::StatusCodeName(result.error_code()) << ": "
                << result.error_message() << "\n";
      return static_cast<int>(result.error_code());
    }
    std::cout << name << ": " << HealthCheckResponse::ServingStatus_Name(status) << "\n";
    return status == HealthCheckResponse::SERVING ? 0 : 1;
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + args.timeout);
  const grpc::Status result =
      WatchHealth(*stub, args.service, context, [&name](ServingStatus status) {
        std::cout << name << ": " << HealthCheckResponse::ServingStatus_Name(status)
                  << std::endl;
      });
  std::cout << "watch ended: " << common::StatusCodeName(result.error_code()) << ": "
            << result.error_message() << "\n";
  return result.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED
             ? 0
             : static_cast<int>(result.error_code());
}

}  // namespace lab::health
