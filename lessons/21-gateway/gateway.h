// The REST gateway around your functions: route lookup, the backend call through
// gRPC's generic stub, and cpp-httplib's server. Given: do not edit.
#pragma once

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "routes.h"

namespace lab::gateway {

// How long the backend gets for one HTTP request, unless the options say otherwise.
inline constexpr std::chrono::milliseconds kDefaultTimeout{2000 /* 2 s */};

struct GatewayOptions {
  std::string backend;  // the gRPC backend's address, e.g. "127.0.0.1:50051"
  std::chrono::milliseconds timeout = kDefaultTimeout;  // the per-request deadline
};

// What the gateway answers to one HTTP request.
struct HttpReply {
  int status = 0;    // HTTP status
  std::string body;  // JSON
};

// Transcodes HTTP/JSON requests into calls of lab.gateway.Catalog on the backend.
// Thread-safe: Handle() may run on many threads at once.
class Gateway {
 public:
  // Reads the routes of lab.gateway.Catalog (LoadRoutes) and opens a channel to
  // options.backend. Errors: LoadRoutes' error.
  static grpc::Status Create(const GatewayOptions& options,
                             std::unique_ptr<Gateway>* out);

  // One HTTP request, start to end:
  //   1. the first route whose verb and path template match (MatchPath), else 404
  //      with NOT_FOUND;
  //   2. a request message of the method's input type, BuildRequest();
  //   3. PrepareContext(), then the call through grpc::GenericStub by the method's
  //      full name ("/lab.gateway.Catalog/GetProduct") with the serialized request;
  //   4. the reply parsed as the method's output type, ResponseJson(): 200.
  // Any error status on the way becomes HttpStatusFor(code) with ErrorJson(status).
  HttpReply Handle(const httplib::Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  Gateway(std::vector<Route> routes, const GatewayOptions& options);
  grpc::Status Call(const Route& route, const httplib::Request& request,
                    const std::map<std::string, std::string>& path_params,
                    std::string* json) const;

  std::vector<Route> routes_;
  GatewayOptions options_;
  std::unique_ptr<grpc::GenericStub> stub_;
};

// A Gateway served over HTTP/1.1 by cpp-httplib, on its own threads.
class HttpGateway {
 public:
  // Creates the Gateway and serves it on 127.0.0.1:port (0: a free port the OS
  // picks; see port()). Errors: Create's, or UNAVAILABLE if the port is taken.
  static grpc::Status Start(const GatewayOptions& options, int port,
                            std::unique_ptr<HttpGateway>* out);
  ~HttpGateway();  // Stop()

  int port() const { return port_; }
  const Gateway& gateway() const { return *gateway_; }
  // Stops listening, waits for requests being answered, and returns. Idempotent.
  void Stop();

 private:
  HttpGateway(std::unique_ptr<Gateway> gateway) : gateway_(std::move(gateway)) {}

  std::unique_ptr<Gateway> gateway_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace lab::gateway
