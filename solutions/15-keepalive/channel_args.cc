// Lesson 15: the channel arguments that manage a connection's life.
#include <grpcpp/grpcpp.h>

#include <chrono>

#include "keepalive.h"

namespace lab::keepalive {
namespace {

int Ms(std::chrono::milliseconds duration) { return static_cast<int>(duration.count()); }

}  // namespace

// Keepalive pings (when asked for) and the reconnect backoff, as client channel
// arguments.
grpc::ChannelArguments ClientArguments(const ClientSettings& settings) {
  grpc::ChannelArguments args;
  if (settings.keepalive_time > std::chrono::milliseconds::zero()) {
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, Ms(settings.keepalive_time));
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, Ms(settings.keepalive_timeout));
    // By default a client stops pinging after 2 pings without call data: a long
    // quiet call (or an idle connection) would then go unwatched.
    args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
    args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, settings.ping_when_idle ? 1 : 0);
  }
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, Ms(settings.initial_backoff));
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, Ms(settings.min_connect_timeout));
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, Ms(settings.max_backoff));
  return args;
}

// Each non-zero field of the policy as a server channel argument.
void ApplyServerPolicy(const ServerPolicy& policy, grpc::ServerBuilder& builder) {
  const auto set_if = [&builder](const char* name, std::chrono::milliseconds value) {
    if (value > std::chrono::milliseconds::zero()) {
      builder.AddChannelArgument(name, Ms(value));
    }
  };
  set_if(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, policy.min_ping_interval);
  if (policy.allow_idle_pings) {
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  }
  set_if(GRPC_ARG_MAX_CONNECTION_IDLE_MS, policy.max_connection_idle);
  set_if(GRPC_ARG_MAX_CONNECTION_AGE_MS, policy.max_connection_age);
  set_if(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, policy.max_connection_age_grace);
}

// The server must accept a ping every client_keepalive_time, also with no call open.
ServerPolicy PolicyAccepting(std::chrono::milliseconds client_keepalive_time) {
  ServerPolicy policy;
  // At most the client's interval; half of it leaves room for timers that fire a
  // little early or late.
  policy.min_ping_interval = client_keepalive_time / 2;
  // Pings between calls count as strikes unless the server allows them.
  policy.allow_idle_pings = true;
  return policy;
}

}  // namespace lab::keepalive
