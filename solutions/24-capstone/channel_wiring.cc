// Lesson 24, steps 2 and 3: a client's channel to the replicas of a service
// (capstone.h).
#include "capstone.h"
#include "tls_config.h"  // lesson 10

namespace lab::capstone {

std::string ServiceConfigJson(const std::string& service) {
  // round_robin over the replicas whose health service says SERVING. A call that a
  // killed replica held fails with UNAVAILABLE: a read is safe to send again, to a
  // replica that is up. Not DEADLINE_EXCEEDED (the caller's time is spent), not
  // INTERNAL or NOT_FOUND (another replica answers the same).
  return R"({
    "loadBalancingConfig": [{"round_robin": {}}],
    "healthCheckConfig": {"serviceName": ""},
    "methodConfig": [{
      "name": [{"service": ")" +
         service + R"("}],
      "retryPolicy": {
        "maxAttempts": 4,
        "initialBackoff": "0.02s",
        "maxBackoff": "0.2s",
        "backoffMultiplier": 2,
        "retryableStatusCodes": ["UNAVAILABLE"]
      }
    }]
  })";
}

grpc::Status NewReplicaChannel(const std::vector<std::string>& addresses,
                               const std::string& service, const Certs& certs,
                               const lab::tracing::Tracer& tracer,
                               std::shared_ptr<grpc::Channel>* out) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  grpc::Status status = lab::tls::MakeMutualTlsChannelCredentials(
      certs.ca(), {certs.client_cert(), certs.client_key()}, &credentials);
  if (!status.ok()) return status;
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  args.SetServiceConfigJSON(ServiceConfigJson(service));
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(
      std::make_unique<lab::tracing::TracingClientInterceptorFactory>(tracer));
  *out = grpc::experimental::CreateCustomChannelWithInterceptors(
      Ipv4Target(addresses), credentials, args, std::move(interceptors));
  return grpc::Status::OK;
}

}  // namespace lab::capstone
