// The server side of health checking (contracts in health_server.h).
#include "health_server.h"

#include <grpcpp/health_check_service_interface.h>

namespace lab::health {

// Contract (health_server.h): start with the default health service, every name in
// `services` SERVING; UNAVAILABLE if it does not start, INTERNAL without health.
grpc::Status StartServer(grpc::ServerBuilder& builder,
                         const std::vector<std::string>& services,
                         std::unique_ptr<grpc::Server>* server) {
  // A process-wide switch that BuildAndStart() reads: set after it, this server would
  // have no health service.
  grpc::EnableDefaultHealthCheckService(true);
  std::unique_ptr<grpc::Server> started = builder.BuildAndStart();
  if (started == nullptr) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "the server did not start (gRPC's log says why)");
  }
  grpc::HealthCheckServiceInterface* health = started->GetHealthCheckService();
  if (health == nullptr) {
    started->Shutdown(std::chrono::system_clock::now());
    return grpc::Status(grpc::StatusCode::INTERNAL, "the server has no health service");
  }
  // The health service knows only "" until told: a client asking for any other name
  // gets NOT_FOUND.
  for (const std::string& service : services) {
    health->SetServingStatus(service, true);
  }
  *server = std::move(started);
  return grpc::Status::OK;
}

// Contract (health_server.h): NOT_SERVING for every name, then Shutdown with a deadline.
void Drain(grpc::Server& server, std::chrono::milliseconds grace) {
  // First tell the health checkers, while the server still answers: Watch streams carry
  // NOT_SERVING to every client, which stops picking this backend. The health service's
  // own Shutdown() marks every name, "" included, and ignores later changes.
  if (grpc::HealthCheckServiceInterface* health = server.GetHealthCheckService()) {
    health->Shutdown();
  }
  // Then stop. A Watch stream is a call in flight like any other: without a deadline
  // Shutdown() would wait for every monitor to hang up.
  server.Shutdown(std::chrono::system_clock::now() + grace);
}

}  // namespace lab::health
