// Given: do not edit. The server and client programs of lesson 14.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <iostream>
#include <memory>

#include "backend_service.h"
#include "common/serve.h"
#include "common/status_name.h"
#include "health_server.h"
#include "monitor.h"

namespace lab::health {
namespace {

// Waits for SIGINT or SIGTERM, blocked by common::BlockStopSignals() beforehand.
void WaitForStopSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
}

}  // namespace

int RunServer(int port, const std::string& replica,
              const std::vector<std::string>& not_serving) {
  // This program cannot use common::ServeUntilStopped(): it must reach the server's
  // health service to drain it. The steps are the same otherwise.
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  BackendServiceImpl backend(replica);
  grpc::ServerBuilder builder;
  const std::string address = "127.0.0.1:" + std::to_string(port);
  int selected_port = 0;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &selected_port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);  // a taken port is an error
  builder.RegisterService(&backend);

  std::unique_ptr<grpc::Server> server;
  const grpc::Status started =
      StartServer(builder, {Backend::service_full_name()}, &server);
  if (!started.ok() || selected_port == 0) {
    std::cerr << "could not start on " << address << ": "
              << common::StatusCodeName(started.error_code()) << ": "
              << started.error_message() << "\n";
    return 1;
  }
  for (const std::string& name : not_serving) {
    server->GetHealthCheckService()->SetServingStatus(name, false);
  }
  std::cout << "listening on 127.0.0.1:" << selected_port << std::endl;  // flushes

  WaitForStopSignal();
  std::cout << "draining: NOT_SERVING, then calls in flight have " << kDrainGrace.count()
            << " ms to finish" << std::endl;
  Drain(*server, kDrainGrace);
  std::cout << "stopped" << std::endl;
  return 0;
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
