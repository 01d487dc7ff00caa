// Given: shared by the server programs of lessons 04 onwards. See serve.h.
#include "common/serve.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/impl/server_builder_option.h>
#include <signal.h>

#include <iostream>
#include <string>
#include <vector>

namespace lab::common {
namespace {

// The name gRPC 1.51's reflection plugin reports from name().
constexpr char kReflectionPlugin[] = "proto_server_reflection";

// SIGINT (Ctrl-C) and SIGTERM (`kill`): the signals that ask a server to stop.
sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

// True if the calling thread blocks both stop signals.
bool StopSignalsBlocked() {
  sigset_t blocked;
  pthread_sigmask(SIG_BLOCK, nullptr, &blocked);
  return sigismember(&blocked, SIGINT) == 1 && sigismember(&blocked, SIGTERM) == 1;
}

// Adds gRPC's reflection plugin to a builder that does not have it yet. Builders
// copy the plugins registered by InitProtoReflectionServerBuilderPlugin() when they
// are constructed; an option, applied in BuildAndStart(), also reaches a builder
// made before that call. (Linking grpc++_reflection registers the plugin at program
// start in 1.51, so it is usually there already: then this adds nothing, since a
// second reflection service would clash with the first.)
class ReflectionOption final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(
      std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    for (const auto& plugin : *plugins) {
      if (plugin->name() == kReflectionPlugin) return;
    }
    plugins->push_back(std::make_unique<grpc::reflection::ProtoServerReflectionPlugin>());
  }
};

// Adds the port and reflection to `builder` and starts it. Returns the server and
// sets *selected_port, or returns nullptr after saying why on stderr.
std::unique_ptr<grpc::Server> Start(grpc::ServerBuilder& builder, int port,
                                    std::shared_ptr<grpc::ServerCredentials> credentials,
                                    const ServeHooks& hooks, int* selected_port) {
  if (credentials == nullptr) credentials = grpc::InsecureServerCredentials();
  const std::string address = "127.0.0.1:" + std::to_string(port);
  // The builder writes the real port to *selected_port when it binds (0 if it cannot).
  builder.AddListeningPort(address, credentials, selected_port);
  // gRPC 1.51 binds with SO_REUSEPORT unless told otherwise: a second server started
  // on a port that one already uses would start too, and the kernel would spread
  // connections between the two. Without it, a taken port is an error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetOption(std::make_unique<ReflectionOption>());
  std::unique_ptr<grpc::Server> server =
      hooks.start ? hooks.start(builder) : builder.BuildAndStart();
  if (server == nullptr || *selected_port == 0) {
    std::cerr << "could not listen on " << address
              << " (is the port taken? gRPC's log above may say more)\n";
    return nullptr;
  }
  return server;
}

}  // namespace

std::string WaitForStopSignal() {
  const sigset_t signals = StopSignals();
  int signal_number = 0;
  if (sigwait(&signals, &signal_number) != 0) return "a failed sigwait()";
  return signal_number == SIGINT ? "SIGINT" : "SIGTERM";
}

// Contract (serve.h): SIGINT and SIGTERM blocked in this thread and its future ones.
void BlockStopSignals() {
  const sigset_t signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

// Contract (serve.h): port + reflection, start, "listening on ...", wait for a stop
// signal, StopServer() (or the hooks' start and stop). 0 after a clean stop, 1 if it
// could not start.
int ServeUntilStopped(grpc::ServerBuilder& builder, int port,
                      std::shared_ptr<grpc::ServerCredentials> credentials,
                      std::chrono::milliseconds grace, const ServeHooks& hooks) {
  if (!StopSignalsBlocked()) {
    std::cerr
        << "ServeUntilStopped: call lab::common::BlockStopSignals() first in "
           "RunServer, before any gRPC object exists (see lessons/common/serve.h)\n";
    return 1;
  }
  int selected_port = 0;
  std::unique_ptr<grpc::Server> server =
      Start(builder, port, std::move(credentials), hooks, &selected_port);
  if (server == nullptr) return 1;
  std::cout << "listening on 127.0.0.1:" << selected_port << std::endl;  // flushes

  const std::string signal_name = WaitForStopSignal();
  std::cout << signal_name << ": stopping; calls in flight have " << grace.count()
            << " ms to finish" << std::endl;
  if (hooks.stop) {
    hooks.stop(*server, grace);
  } else {
    StopServer(*server, grace);
  }
  std::cout << "stopped" << std::endl;
  return 0;
}

// Contract (serve.h): Shutdown with a deadline `grace` from now; returns when every
// handler has returned.
void StopServer(grpc::Server& server, std::chrono::milliseconds grace) {
  // Without a deadline, Shutdown() would wait for every call in flight however long it
  // runs: one client holding a stream open would keep the server up until something
  // kills it, cutting every call mid-way. With one, short calls end normally and the
  // long ones get a clean error at the deadline.
  server.Shutdown(std::chrono::system_clock::now() + grace);
}

}  // namespace lab::common
