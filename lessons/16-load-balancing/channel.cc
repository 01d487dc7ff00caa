// Lesson 16, part 1: a channel over several backends, and calls that survive one dying.
#include "channel.h"

namespace lab::balancing {

// Contract (channel.h): "ipv4:" and the addresses, comma-separated, in order.
std::string Ipv4Target(const std::vector<std::string>& addresses) {
  // TODO(lesson16): one target that names every address, for the ipv4 resolver.
  return "";
}

// Contract (channel.h): the policy, the health check if asked, and what a call to
// kBackendService needs to survive a backend dying; valid service config JSON.
std::string ServiceConfigJson(const ChannelOptions& options) {
  // TODO(lesson16): the service config for `options` (README: "Service config",
  // "Health checking", "When a backend dies").
  return "";
}

// Contract (channel.h): a plaintext channel to `target` with ServiceConfigJson(options).
std::shared_ptr<grpc::Channel> NewBalancedChannel(const std::string& target,
                                                  const ChannelOptions& options) {
  // TODO(lesson16): give the channel its service config.
  return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
}

// Contract (channel.h): one Which call with a deadline `timeout` from now that waits
// for a reachable backend until then; *reply on OK; the status as received.
grpc::Status CallWhich(const std::shared_ptr<grpc::Channel>& channel,
                       const WhichRequest& request, std::chrono::milliseconds timeout,
                       WhichReply* reply) {
  // TODO(lesson16): the call, with its deadline, and the setting that makes it wait
  // while no backend can be reached (README: "When a backend dies").
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson16): implement CallWhich in "
                      "lessons/16-load-balancing/channel.cc");
}

}  // namespace lab::balancing
