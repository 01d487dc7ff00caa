// The server side of health checking. Edit this file (contracts in health_server.h).
#include "health_server.h"

#include <grpcpp/health_check_service_interface.h>

namespace lab::health {

// Starts the server on `builder` with gRPC's default health service and reports each
// name in `services` SERVING. UNAVAILABLE if it does not start, INTERNAL if it has no
// health service. See health_server.h.
grpc::Status StartServer(grpc::ServerBuilder& builder,
                         const std::vector<std::string>& services,
                         std::unique_ptr<grpc::Server>* server) {
  // TODO(lesson14): give the server gRPC's default health service (when must that be
  // decided?), start it, check that it started and has a health service, and report
  // each name in `services` as SERVING.
  (void)builder, (void)services, (void)server;
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson14): implement StartServer in lessons/14-health/health_server.cc");
}

// Drains `server`: health checkers hear NOT_SERVING for every name, then the server
// shuts down with a deadline `grace` from now. See health_server.h.
void Drain(grpc::Server& server, std::chrono::milliseconds grace) {
  // TODO(lesson14): drain in the order the README's "Draining" explains. Until then
  // this cancels every call at once and tells no health checker anything.
  (void)grace;
  server.Shutdown(std::chrono::system_clock::now());
}

}  // namespace lab::health
