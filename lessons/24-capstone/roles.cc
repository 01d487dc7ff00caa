// Given: do not edit. The system's programs: the two services and the gateway
// (capstone.h, RoleMain). The wiring they call is yours.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <iostream>
#include <map>
#include <thread>

#include "capstone.h"
#include "common/serve.h"
#include "transcode.h"  // lesson 21

namespace lab::capstone {
namespace {

using std::chrono::milliseconds;

// The catalogue (products) and the stock (inventory): fixed data, enough for a demo.
struct Item {
  std::string name;
  int64_t price_cents;
  int32_t stock;
};
const std::map<std::string, Item>& Catalogue() {
  static const auto* items =
      new std::map<std::string, Item>{{"p-100", {"Green tea", 450, 42}},
                                      {"p-200", {"Coffee beans", 1299, 7}},
                                      {"p-300", {"Teapot", 3500, 0}}};
  return *items;
}

class InventoryService final : public Inventory::Service {
 public:
  explicit InventoryService(std::string replica) : replica_(std::move(replica)) {}
  grpc::Status GetStock(grpc::ServerContext*, const GetStockRequest* request,
                        Stock* reply) override {
    auto it = Catalogue().find(request->product_id());
    if (it == Catalogue().end()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          "no stock for " + request->product_id());
    }
    reply->set_product_id(it->first);
    reply->set_stock(it->second.stock);
    reply->set_replica(replica_);
    return grpc::Status::OK;
  }

 private:
  const std::string replica_;
};

class ProductsService final : public Products::Service {
 public:
  ProductsService(std::string replica, const ReplicaSet* inventory)
      : replica_(std::move(replica)), inventory_(inventory) {}

  grpc::Status GetProduct(grpc::ServerContext* context, const GetProductRequest* request,
                          Product* reply) override {
    auto it = Catalogue().find(request->id());
    if (it == Catalogue().end()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no product " + request->id());
    }
    // The load tests ask for a busy replica: calls in flight when one is killed.
    std::this_thread::sleep_for(milliseconds(std::clamp(request->hold_ms(), 0, 2000)));
    std::shared_ptr<grpc::Channel> channel = inventory_->Get();
    if (channel == nullptr) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "no inventory replica known");
    }
    // The inner hop: the caller's deadline and cancellation go on (lesson 07); the
    // trace goes on through the channel's tracing interceptor (lesson 20).
    std::unique_ptr<grpc::ClientContext> inner =
        grpc::ClientContext::FromServerContext(*context);
    GetStockRequest stock_request;
    stock_request.set_product_id(request->id());
    Stock stock;
    grpc::Status status =
        Inventory::NewStub(channel)->GetStock(inner.get(), stock_request, &stock);
    if (!status.ok()) return status;
    reply->set_id(it->first);
    reply->set_name(it->second.name);
    reply->set_price_cents(it->second.price_cents);
    reply->set_stock(stock.stock());
    reply->set_products_replica(replica_);
    reply->set_inventory_replica(stock.replica());
    if (auto span = lab::tracing::CurrentSpan()) reply->set_trace_id(span->trace_id);
    return grpc::Status::OK;
  }

 private:
  const std::string replica_;
  const ReplicaSet* const inventory_;
};

// A free port on 127.0.0.1 from the kernel: a replica registers its address in etcd,
// so it must know its port before it serves (ServeUntilStopped does not say which
// port it bound). Another program may take the port in between; then the replica
// fails to start and says so.
int PickFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

struct Flags {
  std::string name;
  int port = 0;
  std::string etcd;
  std::string certs;
  std::string collector;
  std::string token_key;
  double rate_burst = 20;
  double rate_per_second = 10;
};

int Fail(const std::string& what, const grpc::Status& status) {
  std::cerr << what << ": " << status.error_message() << std::endl;
  return 1;
}

// SIGUSR1 turns the replica's health to NOT_SERVING while it goes on serving calls:
// how an operator (or System::MarkNotServing, for the tests) takes a replica out of
// round_robin without stopping it. The handler only writes a byte to a pipe (all a
// signal handler may safely do); a thread reads it and switches the health.
class HealthSwitch {
 public:
  HealthSwitch() {
    if (pipe2(pipe_, O_CLOEXEC) != 0) return;
    write_end_ = pipe_[1];
    struct sigaction action {};
    action.sa_handler = [](int) {
      const int saved = errno;
      const char byte = 'u';
      (void)!write(write_end_, &byte, 1);
      errno = saved;
    };
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &action, nullptr);
  }
  HealthSwitch(const HealthSwitch&) = delete;
  HealthSwitch& operator=(const HealthSwitch&) = delete;
  ~HealthSwitch() {
    Stop();
    signal(SIGUSR1, SIG_IGN);
    for (int fd : pipe_) {
      if (fd >= 0) close(fd);
    }
  }

  void Start(const std::string& name, grpc::Server* server) {
    if (pipe_[0] < 0) return;
    thread_ = std::thread([this, name, server] {
      for (char byte = 0; read(pipe_[0], &byte, 1) == 1 && byte == 'u';) {
        grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
        if (health == nullptr) {
          std::cerr << name << ": no health service to switch (step 1)" << std::endl;
          continue;
        }
        health->SetServingStatus(false);  // every service, "" included
        std::cout << name << ": health NOT_SERVING" << std::endl;
      }
    });
  }
  // Before the server goes away: ends the thread.
  void Stop() {
    if (!thread_.joinable()) return;
    const char quit = 'q';
    (void)!write(pipe_[1], &quit, 1);
    thread_.join();
  }

 private:
  static inline int write_end_ = -1;  // for the handler: one switch per process
  int pipe_[2] = {-1, -1};
  std::thread thread_;
};

int RunService(const std::string& role, const Flags& flags) {
  lab::common::BlockStopSignals();  // first: see lessons/common/serve.h
  const int port = flags.port != 0 ? flags.port : PickFreePort();
  const std::string address = "127.0.0.1:" + std::to_string(port);
  const Certs certs{flags.certs};
  lab::tracing::SpanExporter exporter({flags.collector});
  const lab::tracing::Tracer tracer{role, &exporter, true};
  auto etcd = grpc::CreateChannel(flags.etcd, grpc::InsecureChannelCredentials());

  grpc::ServerBuilder builder;
  std::shared_ptr<grpc::ServerCredentials> credentials;
  grpc::Status status = ConfigureServer(certs, tracer, &builder, &credentials);
  if (!status.ok()) return Fail(flags.name + ": ConfigureServer", status);
  if (credentials == nullptr) {
    return Fail(flags.name, grpc::Status(grpc::StatusCode::INTERNAL,
                                         "ConfigureServer gave no server credentials"));
  }

  std::unique_ptr<ReplicaSet> inventory;
  std::unique_ptr<grpc::Service> service;
  std::string prefix = kInventoryPrefix;
  if (role == "products") {
    prefix = kProductsPrefix;
    inventory = std::make_unique<ReplicaSet>(
        etcd, kInventoryPrefix, Inventory::service_full_name(), certs, tracer);
    if (!inventory->WaitForReplicas(std::chrono::seconds(10))) {
      std::cerr << flags.name << ": no inventory replica in etcd after 10 s" << std::endl;
      return 1;
    }
    service = std::make_unique<ProductsService>(flags.name, inventory.get());
  } else {
    service = std::make_unique<InventoryService>(flags.name);
  }
  builder.RegisterService(service.get());

  lab::discovery::Registrar registrar(etcd, {prefix, address, kLeaseTtl});
  HealthSwitch health_switch;
  lab::common::ServeHooks hooks;
  // Registered only once it serves: a client may call as soon as it sees the key.
  hooks.start = [&](grpc::ServerBuilder& b) -> std::unique_ptr<grpc::Server> {
    std::unique_ptr<grpc::Server> server = b.BuildAndStart();
    if (server == nullptr) return nullptr;
    grpc::Status registered = registrar.Register();
    if (!registered.ok()) {
      Fail(flags.name + ": could not register in etcd", registered);
      server->Shutdown();
      return nullptr;
    }
    std::cout << flags.name << " registered " << prefix << address << std::endl;
    health_switch.Start(flags.name, server.get());
    return server;
  };
  // Deregister FIRST: clients stop choosing this replica (their resolvers see the key
  // go at once), then the calls already here get the grace period to finish.
  hooks.stop = [&](grpc::Server& server, milliseconds grace) {
    health_switch.Stop();
    grpc::Status deregistered = registrar.Deregister();
    std::cout << flags.name << " deregistered: "
              << (deregistered.ok() ? "OK" : deregistered.error_message()) << std::endl;
    lab::common::StopServer(server, grace);
  };
  return lab::common::ServeUntilStopped(builder, port, credentials,
                                        lab::common::kStopGrace, hooks);
}

// The gateway's answer for a status that is not OK: lesson 21's mapping and body.
void ReplyError(const grpc::Status& status, httplib::Response& response) {
  response.status = lab::gateway::HttpStatusFor(status.error_code());
  response.set_content(lab::gateway::ErrorJson(status), "application/json");
}

int RunGateway(const Flags& flags) {
  lab::common::BlockStopSignals();
  const Certs certs{flags.certs};
  lab::tracing::SpanExporter exporter({flags.collector});
  const lab::tracing::Tracer tracer{"gateway", &exporter, true};
  auto etcd = grpc::CreateChannel(flags.etcd, grpc::InsecureChannelCredentials());
  ReplicaSet products(etcd, kProductsPrefix, Products::service_full_name(), certs,
                      tracer);
  if (!products.WaitForReplicas(std::chrono::seconds(10))) {
    std::cerr << "gateway: no products replica in etcd after 10 s" << std::endl;
    return 1;
  }
  lab::resilience::RealClock clock;
  lab::resilience::RateLimiter limiter({flags.rate_burst, flags.rate_per_second}, &clock);
  const EdgePolicy policy{flags.token_key, {"viewer", "admin"}, &limiter};

  httplib::Server server;
  server.Get("/healthz", [&](const httplib::Request&, httplib::Response& response) {
    const bool ready = products.Get() != nullptr;
    response.status = ready ? 200 : 503;
    response.set_content(ready ? "SERVING\n" : "NOT_SERVING\n", "text/plain");
  });
  server.Get(R"(/v1/products/([^/]+))", [&](const httplib::Request& request,
                                            httplib::Response& response) {
    std::string subject;
    milliseconds retry_after{0};
    grpc::Status status = CheckEdge(request, policy, &subject, &retry_after);
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      // HTTP's Retry-After is in whole seconds: rounded up.
      response.set_header("Retry-After",
                          std::to_string((retry_after.count() + 999) / 1000));
    }
    if (!status.ok()) return ReplyError(status, response);
    GetProductRequest call_request;
    std::multimap<std::string, std::string> query(request.params.begin(),
                                                  request.params.end());
    status = lab::gateway::BuildRequest("", "", query, {{"id", request.matches[1].str()}},
                                        &call_request);
    if (!status.ok()) return ReplyError(status, response);
    std::shared_ptr<grpc::Channel> channel = products.Get();
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    Product reply;
    status = Products::NewStub(channel)->GetProduct(&context, call_request, &reply);
    std::string json;
    if (status.ok()) status = lab::gateway::ResponseJson(reply, &json);
    if (!status.ok()) return ReplyError(status, response);
    response.set_content(json, "application/json");
  });

  const int port = flags.port != 0
                       ? (server.bind_to_port("127.0.0.1", flags.port) ? flags.port : -1)
                       : server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "gateway: could not listen on 127.0.0.1:" << flags.port << std::endl;
    return 1;
  }
  std::thread serving([&] { server.listen_after_bind(); });
  std::cout << "gateway for " << Products::service_full_name() << std::endl;
  std::cout << "listening on 127.0.0.1:" << port << std::endl;
  lab::common::WaitForStopSignal();
  std::cout << "gateway: stopping" << std::endl;
  server.stop();
  serving.join();
  return 0;
}

}  // namespace

int RoleMain(const std::string& role, int argc, char** argv) {
  CLI::App app{"lesson 24: the capstone's " + role};
  Flags flags;
  flags.name = role;
  app.add_option("--name", flags.name, "this process's name in answers and logs");
  app.add_option("--port", flags.port, "port on 127.0.0.1 (0 = any free port)");
  app.add_option("--etcd", flags.etcd, "etcd's gRPC target")->required();
  app.add_option("--certs", flags.certs, "folder of ca.pem, server.pem, client.pem...")
      ->required();
  app.add_option("--collector", flags.collector, "Zipkin collector URL (\"\" = none)");
  if (role == "gateway") {
    app.add_option("--token-key", flags.token_key, "the HMAC key of tokens")->required();
    app.add_option("--rate-burst", flags.rate_burst, "requests a caller may burst");
    app.add_option("--rate-per-second", flags.rate_per_second, "a caller's refill rate");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (role == "gateway") return RunGateway(flags);
  if (role == "products" || role == "inventory") return RunService(role, flags);
  std::cerr << "no role " << role << std::endl;
  return 2;
}

}  // namespace lab::capstone
