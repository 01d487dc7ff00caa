// Given: do not edit. The backend program of lesson 17.
#include "run.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iostream>

#include "balancing.grpc.pb.h"
#include "common/serve.h"
#include "common/status_name.h"
#include "registry.h"

namespace lab::discovery {
namespace {

// Lesson 16's backend: answers Which with its name (hold_ms is not used here).
class Backend final : public lab::balancing::Backend::Service {
 public:
  explicit Backend(std::string name) : name_(std::move(name)) {}
  grpc::Status Which(grpc::ServerContext*, const lab::balancing::WhichRequest*,
                     lab::balancing::WhichReply* reply) override {
    reply->set_backend(name_);
    return grpc::Status::OK;
  }

 private:
  const std::string name_;
};

// A free TCP port on 127.0.0.1, from the kernel (bind to port 0). The backend must know
// its port before it registers, and ServeUntilStopped() does not tell its hooks which
// port it got, so --port 0 is resolved here. Another program could take the port in
// the moment between; the server then fails to start (it does not share ports) and
// says so.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

void Print(const std::string& what, const grpc::Status& status) {
  std::cout << what << ": " << common::StatusCodeName(status.error_code())
            << (status.ok() ? "" : ": " + status.error_message()) << std::endl;
}

}  // namespace

int RunServer(const ServerArgs& args) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  const int port = args.port != 0 ? args.port : FreePort();
  const std::string address = "127.0.0.1:" + std::to_string(port);
  std::unique_ptr<Registrar> registrar;  // none without --etcd: serve, unregistered
  if (!args.etcd.empty()) {
    registrar = std::make_unique<Registrar>(
        grpc::CreateChannel(args.etcd, grpc::InsecureChannelCredentials()),
        Registration{args.prefix, address, args.ttl});
  }
  Backend backend(args.name);
  grpc::ServerBuilder builder;
  builder.RegisterService(&backend);
  std::cout << "backend " << args.name << ", pid " << getpid() << std::endl;

  common::ServeHooks hooks;
  // Register once the server listens: a client may call as soon as it sees the key.
  hooks.start = [&](grpc::ServerBuilder& b) -> std::unique_ptr<grpc::Server> {
    std::unique_ptr<grpc::Server> server = b.BuildAndStart();
    if (server == nullptr || registrar == nullptr) return server;
    grpc::Status status = registrar->Register();
    Print("registered " + args.prefix + address + " in etcd, lease " +
              std::to_string(registrar->lease_id()),
          status);
    if (!status.ok()) {
      server->Shutdown();
      return nullptr;
    }
    return server;
  };
  // Deregister first, so that clients stop choosing this backend, then stop serving.
  hooks.stop = [&](grpc::Server& server, std::chrono::milliseconds grace) {
    if (registrar != nullptr) Print("deregistered", registrar->Deregister());
    common::StopServer(server, grace);
  };
  return common::ServeUntilStopped(builder, port, nullptr, common::kStopGrace, hooks);
}

}  // namespace lab::discovery
