// Given: do not edit. The server and client programs of lesson 16.
#include "run.h"

#include <unistd.h>

#include <iostream>
#include <map>

#include "backend_service.h"
#include "common/serve.h"
#include "common/status_name.h"

namespace lab::balancing {

int RunServer(const std::string& name, int port) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  BackendServiceImpl backend(name);
  grpc::ServerBuilder builder;
  builder.RegisterService(&backend);
  // The pid, so that you can kill -9 this backend in the middle of a run.
  std::cout << "backend " << name << ", pid " << getpid() << std::endl;
  return common::ServeUntilStopped(builder, port);
}

int RunClient(const ClientArgs& args) {
  std::cout << "service config: " << ServiceConfigJson(args.options) << "\n";
  std::shared_ptr<grpc::Channel> channel = NewBalancedChannel(args.target, args.options);
  WhichRequest request;
  request.set_hold_ms(static_cast<uint32_t>(args.hold.count()));
  std::map<std::string, int> answered;
  int exit_code = 0;
  for (int i = 0; i < args.calls; ++i) {
    WhichReply reply;
    grpc::Status status = CallWhich(channel, request, args.timeout, &reply);
    if (status.ok()) {
      ++answered[reply.backend()];
      continue;
    }
    std::cerr << "call " << i + 1
              << " failed: " << common::StatusCodeName(status.error_code()) << ": "
              << status.error_message() << "\n";
    if (exit_code == 0) exit_code = static_cast<int>(status.error_code());
  }
  for (const auto& [backend, count] : answered) {
    std::cout << backend << ": " << count << " call(s)\n";
  }
  return exit_code;
}

}  // namespace lab::balancing
