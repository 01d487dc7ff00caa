// Given: do not edit. The server and client programs of lesson 03.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <chrono>
#include <iostream>

#include "client.h"
#include "common/status_name.h"
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

namespace {

// How long calls still running at a stop signal may go on before gRPC cancels them.
constexpr std::chrono::milliseconds kStopGrace{1000 /* 1 s */};

// SIGINT (Ctrl-C) and SIGTERM (`kill`): the signals that ask a server to stop.
sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

int RunServer(int port) {
  // Step 1, before anything else: block the stop signals in this thread. gRPC starts
  // threads of its own as soon as it is used, and a new thread inherits the signals
  // its creator blocks. Blocked everywhere, a SIGTERM waits for sigwait() below; if
  // some thread did not block it, the kernel could hand it that thread, and SIGTERM's
  // default action ends the process on the spot, with calls half answered.
  const sigset_t stop_signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // Reflection lets any gRPC tool (build/bin/grpc-call) ask the server what it serves.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  GreeterServiceImpl greeter;
  ProductServiceImpl products(DefaultCatalogue());

  grpc::ServerBuilder builder;
  int selected_port = 0;  // the builder writes the real port here once it binds
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port),
                           grpc::InsecureServerCredentials(), &selected_port);
  // Without this, gRPC binds with SO_REUSEPORT: a second server on a port already in
  // use would start as well, and connections would be spread between the two.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(&greeter);
  builder.RegisterService(&products);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    std::cerr << "could not listen on 127.0.0.1:" << port << " (is the port taken?)\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << selected_port << std::endl;  // flushes

  // Step 2: serve until Ctrl-C or `kill`. gRPC's threads answer calls meanwhile.
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);

  // Step 3: stop with a deadline. Shutdown stops listening at once (new calls get
  // UNAVAILABLE) and lets the calls already running finish. Calls still open at the
  // deadline are cancelled: their clients get an error, their handlers see
  // IsCancelled(). Without a deadline it would wait for them however long they take.
  // It returns when every handler has returned; then main() exits with 0.
  std::cout << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
            << ": stopping; calls in flight have " << kStopGrace.count()
            << " ms to finish" << std::endl;
  server->Shutdown(std::chrono::system_clock::now() + kStopGrace);
  std::cout << "stopped" << std::endl;
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
      std::cerr << "SayHello failed: " << common::StatusCodeName(status.error_code())
                << ": " << status.error_message() << "\n";
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
      std::cerr << "GetProductStock failed: "
                << common::StatusCodeName(status.error_code()) << ": "
                << status.error_message() << "\n";
      exit_code = 1;
    }
  }
  return exit_code;
}

}  // namespace lab::unary
