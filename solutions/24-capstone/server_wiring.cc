// Lesson 24, step 1: one replica's server (capstone.h).
#include <grpcpp/health_check_service_interface.h>

#include "capstone.h"
#include "tls_config.h"  // lesson 10

namespace lab::capstone {

grpc::Status ConfigureServer(const Certs& certs, const lab::tracing::Tracer& tracer,
                             grpc::ServerBuilder* builder,
                             std::shared_ptr<grpc::ServerCredentials>* credentials) {
  grpc::Status status = lab::tls::MakeMutualTlsServerCredentials(
      {certs.server_cert(), certs.server_key()}, certs.ca(), credentials);
  if (!status.ok()) return status;
  builder->experimental().SetInterceptorCreators(
      lab::tracing::TracedServerInterceptors(tracer));
  // Process-wide, read when the server is built: the health service answers SERVING
  // for "" while the server runs, NOT_SERVING once it shuts down.
  grpc::EnableDefaultHealthCheckService(true);
  return grpc::Status::OK;
}

}  // namespace lab::capstone
