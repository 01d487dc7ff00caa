// The client side of health checking (contracts in monitor.h).
#include "monitor.h"

namespace lab::health {

// Contract (monitor.h): Health/Check with a deadline `timeout` from now.
grpc::Status CheckHealth(Health::StubInterface& stub, const std::string& service,
                         std::chrono::milliseconds timeout, ServingStatus* status) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::Status result = stub.Check(&context, request, &response);
  if (result.ok()) *status = response.status();
  return result;
}

// Contract (monitor.h): every status the stream brings, then UNKNOWN once it ends.
grpc::Status WatchHealth(Health::StubInterface& stub, const std::string& service,
                         grpc::ClientContext& context,
                         const std::function<void(ServingStatus)>& on_status) {
  HealthCheckRequest request;
  request.set_service(service);
  std::unique_ptr<grpc::ClientReaderInterface<HealthCheckResponse>> stream =
      stub.Watch(&context, request);
  HealthCheckResponse response;
  while (stream->Read(&response)) on_status(response.status());
  // The last status heard is history now: the server may be gone, or anything.
  on_status(HealthCheckResponse::UNKNOWN);
  return stream->Finish();
}

// Contract (monitor.h): round_robin over every address, skipping unhealthy backends.
std::shared_ptr<grpc::Channel> NewHealthCheckedChannel(
    const std::vector<std::string>& addresses, const std::string& service) {
  // ipv4: takes a comma-separated list, one subchannel per address.
  std::string target = "ipv4:";
  for (size_t i = 0; i < addresses.size(); ++i) {
    if (i > 0) target += ",";
    target += addresses[i];
  }
  // healthCheckConfig makes each subchannel Watch `service` on its backend; round_robin
  // picks only the subchannels whose backend says SERVING (pick_first ignores it).
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(R"({"loadBalancingConfig":[{"round_robin":{}}],)"
                            R"("healthCheckConfig":{"serviceName":")" +
                            service + R"("}})");
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

}  // namespace lab::health
