// Lesson 15's contract: the channel arguments that manage a connection's life, and a
// small monitor of a channel's connectivity state. Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <optional>
#include <vector>

namespace lab::keepalive {

// ----------------------------------------------------------------------------------
// The client's side (channel_args.cc).

struct ClientSettings {
  // How often the client pings the server to check that the connection still works.
  // 0: no keepalive pings at all (gRPC's default for a client).
  std::chrono::milliseconds keepalive_time{0};
  // How long a ping may go unanswered before the client closes the connection and
  // fails the calls on it with UNAVAILABLE.
  std::chrono::milliseconds keepalive_timeout{20000};
  // Also ping while no call is open on the connection (an idle connection).
  bool ping_when_idle = false;

  // Reconnecting after a failed connection attempt: the first retry comes after
  // initial_backoff, each later one 1.6 times later than the one before (with +-20%
  // jitter), never later than max_backoff. min_connect_timeout is the least time one
  // attempt is given to complete. The defaults are gRPC's own.
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds min_connect_timeout{20000};
  std::chrono::milliseconds max_backoff{120000};
};

// The channel arguments that make a client channel behave as `settings` says:
//   - keepalive_time > 0: ping every keepalive_time, for as long as the connection
//     lives (also after many pings without any call data), and close the connection
//     when a ping is not answered within keepalive_timeout; with ping_when_idle, keep
//     pinging while no call is open. keepalive_time == 0: no keepalive argument at all.
//   - always: the three reconnect backoff arguments.
grpc::ChannelArguments ClientArguments(const ClientSettings& settings);

// ----------------------------------------------------------------------------------
// The server's side (channel_args.cc).

// 0 in a field means "leave gRPC's default": no limit for the connection limits, and
// for min_ping_interval gRPC's 5 minutes.
struct ServerPolicy {
  // Pings closer together than this (while the server sends no data) count as bad
  // ("strikes"); after too many strikes the server closes the connection with GOAWAY
  // ENHANCE_YOUR_CALM "too_many_pings".
  std::chrono::milliseconds min_ping_interval{0};
  // Accept pings on a connection that has no call open. Without it every such ping
  // is a strike, whatever min_ping_interval says.
  bool allow_idle_pings = false;
  // Close (GOAWAY) a connection that has had no call open for this long.
  std::chrono::milliseconds max_connection_idle{0};
  // Close (GOAWAY) every connection once it is this old (gRPC adds +-10% jitter), so
  // clients reconnect and spread over servers; calls still running then get
  // max_connection_age_grace to finish before the connection is cut.
  std::chrono::milliseconds max_connection_age{0};
  std::chrono::milliseconds max_connection_age_grace{0};
};

// Sets on `builder` the server channel arguments for every non-zero field of
// `policy` (and for allow_idle_pings when true); nothing for the others.
void ApplyServerPolicy(const ServerPolicy& policy, grpc::ServerBuilder& builder);

// A server policy under which a client pinging every `client_keepalive_time`, with
// or without calls open, is never sent GOAWAY "too_many_pings". Only the ping
// fields; no connection limits.
ServerPolicy PolicyAccepting(std::chrono::milliseconds client_keepalive_time);

// ----------------------------------------------------------------------------------
// The connection monitor (monitor.cc).

struct StateChange {
  grpc_connectivity_state state;
  std::chrono::milliseconds at;  // since RecordStates() started
};

struct WatchOptions {
  // Ask the channel to connect if it is IDLE (as a call would).
  bool connect = false;
  // Watch at most this long in total.
  std::chrono::milliseconds window{1000};
  // Stop as soon as the channel is in this state (the first entry counts too).
  std::optional<grpc_connectivity_state> stop_at;
};

// Records the connectivity states `channel` goes through: the first entry is its
// state when called (at ~0 ms), then one entry per change, in order, each different
// from the one before. Returns when the channel reaches options.stop_at, or when
// options.window has passed since the call, whichever comes first; never later.
std::vector<StateChange> RecordStates(grpc::Channel& channel,
                                      const WatchOptions& options);

// "READY" for GRPC_CHANNEL_READY.
const char* StateName(grpc_connectivity_state state);

}  // namespace lab::keepalive
