// Given: do not edit. The server and client programs of lesson 15.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <thread>

#include "common/serve.h"
#include "common/status_name.h"
#include "echo_service.h"

namespace lab::keepalive {

int RunServer(int port, const ServerPolicy& policy) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  EchoServiceImpl service;
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  ApplyServerPolicy(policy, builder);
  return common::ServeUntilStopped(builder, port);
}

int RunClient(const ClientArgs& args) {
  auto channel = grpc::CreateCustomChannel(
      args.target, grpc::InsecureChannelCredentials(), ClientArguments(args.settings));
  WatchOptions watch;
  watch.connect = true;
  watch.window = args.timeout;
  watch.stop_at = GRPC_CHANNEL_READY;
  for (const StateChange& change : RecordStates(*channel, watch)) {
    std::cout << change.at.count() << " ms  " << StateName(change.state) << "\n";
  }

  auto stub = EchoService::NewStub(channel);
  int exit_code = 0;
  for (int i = 0; i < args.calls; ++i) {
    // The client program's pause is the point (idle time on the connection), not a
    // wait for something to happen.
    if (i > 0) std::this_thread::sleep_for(args.pause);
    EchoRequest request;
    request.set_text("call " + std::to_string(i + 1));
    request.set_delay_ms(static_cast<uint32_t>(args.delay.count()));
    EchoReply reply;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + args.timeout);
    const auto start = std::chrono::steady_clock::now();
    const grpc::Status status = stub->Echo(&context, request, &reply);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (status.ok()) {
      std::cout << request.text() << ": OK in " << took.count() << " ms, connection "
                << reply.peer() << "\n";
    } else {
      std::cout << request.text() << ": " << common::StatusCodeName(status.error_code())
                << " after " << took.count() << " ms: " << status.error_message() << "\n";
      exit_code = static_cast<int>(status.error_code());
    }
  }
  return exit_code;
}

}  // namespace lab::keepalive
