// Lesson 16, part 1: a channel over several backends, and calls that survive one dying.
#include "channel.h"

namespace lab::balancing {

std::string Ipv4Target(const std::vector<std::string>& addresses) {
  std::string target = "ipv4:";
  for (size_t i = 0; i < addresses.size(); ++i) {
    if (i > 0) target += ",";
    target += addresses[i];
  }
  return target;
}

std::string ServiceConfigJson(const ChannelOptions& options) {
  const char* policy =
      options.policy == Policy::kRoundRobin ? "round_robin" : "pick_first";
  std::string json = std::string(R"({"loadBalancingConfig":[{")") + policy + R"(":{}}])";
  if (!options.health_service.empty()) {
    // Only round_robin honours it: pick_first ignores healthCheckConfig in 1.51.
    json += R"(,"healthCheckConfig":{"serviceName":")" + options.health_service + R"("})";
  }
  // Which is idempotent, so a call that fails UNAVAILABLE (its backend died under it,
  // or refused the connection) may be tried again: the next attempt is a new pick, on
  // a backend that still works. Backoff is short: another backend is usually ready.
  json += R"(,"methodConfig":[{"name":[{"service":")" + std::string(kBackendService) +
          R"("}],"retryPolicy":{"maxAttempts":3,"initialBackoff":"0.01s",)"
          R"("maxBackoff":"0.1s","backoffMultiplier":2,)"
          R"("retryableStatusCodes":["UNAVAILABLE"]}}])";
  return json + "}";
}

std::shared_ptr<grpc::Channel> NewBalancedChannel(const std::string& target,
                                                  const ChannelOptions& options) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(ServiceConfigJson(options));
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

grpc::Status CallWhich(const std::shared_ptr<grpc::Channel>& channel,
                       const WhichRequest& request, std::chrono::milliseconds timeout,
                       WhichReply* reply) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  // With no backend READY (all down, or still connecting after a failure), wait for
  // one until the deadline instead of failing at once with UNAVAILABLE.
  context.set_wait_for_ready(true);
  WhichReply answer;
  grpc::Status status = Backend::NewStub(channel)->Which(&context, request, &answer);
  if (status.ok()) *reply = std::move(answer);
  return status;
}

}  // namespace lab::balancing
