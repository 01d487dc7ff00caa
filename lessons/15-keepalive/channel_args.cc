// Lesson 15: the channel arguments that manage a connection's life.
// The contracts are in keepalive.h; the argument names in
// /usr/include/grpc/impl/codegen/grpc_types.h (README: "The arguments").
#include <grpcpp/grpcpp.h>

#include <chrono>

#include "keepalive.h"

namespace lab::keepalive {

// Keepalive pings (when asked for) and the reconnect backoff, as client channel
// arguments.
grpc::ChannelArguments ClientArguments(const ClientSettings& settings) {
  grpc::ChannelArguments args;
  // TODO(lesson15): 1.1 with keepalive_time > 0: ping every keepalive_time, give up on
  // the connection when a ping is unanswered for keepalive_timeout, keep pinging
  // however long the connection carries no call data, and between calls only with
  // ping_when_idle. With keepalive_time == 0: no keepalive argument.
  // TODO(lesson15): 1.2 the three reconnect backoff arguments, always.
  (void)settings;
  return args;
}

// Each non-zero field of the policy as a server channel argument.
void ApplyServerPolicy(const ServerPolicy& policy, grpc::ServerBuilder& builder) {
  // TODO(lesson15): 2.1-2.2 one builder.AddChannelArgument per field that is set
  // (non-zero, or true); nothing for the others.
  (void)policy;
  (void)builder;
}

// The server must accept a ping every client_keepalive_time, also with no call open.
ServerPolicy PolicyAccepting(std::chrono::milliseconds client_keepalive_time) {
  // TODO(lesson15): 2.3 decide which fields of the policy (and what values) let such a
  // client ping without ever being sent GOAWAY "too_many_pings" (README: "The
  // server's ping policy").
  (void)client_keepalive_time;
  return ServerPolicy{};
}

}  // namespace lab::keepalive
