// Contract for lesson 16's channel: one channel over several backends, a policy that
// spreads the calls, and calls that survive a backend dying. Given: do not edit.
// Your work is in channel.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "balancing.grpc.pb.h"

namespace lab::balancing {

// How the channel picks a backend for each call (README: "Two policies").
enum class Policy {
  kPickFirst,   // one backend gets every call; the others are spares
  kRoundRobin,  // each call goes to the next ready backend in turn
};

struct ChannelOptions {
  Policy policy = Policy::kRoundRobin;
  // Non-empty: the channel asks each backend's health service about this service name
  // (grpc.health.v1.Health/Watch, lesson 14) and sends no call to a backend that is not
  // SERVING. Empty: no health checking.
  std::string health_service;
};

// The name Backend's methods have in a service config: "lab.balancing.Backend".
inline constexpr char kBackendService[] = "lab.balancing.Backend";

// "ipv4:127.0.0.1:50051,127.0.0.1:50052" for {"127.0.0.1:50051", "127.0.0.1:50052"}:
// one target naming every address, in the order given, for gRPC's ipv4 resolver.
// Each address is an IPv4 literal and a port ("a.b.c.d:port"); the list is not empty.
std::string Ipv4Target(const std::vector<std::string>& addresses);

// The channel's service config, as JSON: the load-balancing policy of `options`, the
// health check when `options.health_service` is set, and whatever a call to
// kBackendService needs so that a backend dying in the middle of a run costs no failed
// call while another backend can answer (README: "When a backend dies"). It must pass
// grpc::experimental::ValidateServiceConfigJSON.
std::string ServiceConfigJson(const ChannelOptions& options);

// A new channel (plaintext) to `target`, any scheme gRPC resolves (dns:///,
// ipv4:, unix:, unix-abstract:, ...), with ServiceConfigJson(options) as its service
// config. Never nullptr.
std::shared_ptr<grpc::Channel> NewBalancedChannel(const std::string& target,
                                                  const ChannelOptions& options);

// One Backend.Which call on `channel`, with a deadline `timeout` from now. While no
// backend can be reached it waits for one, up to that deadline, rather than failing at
// once. On OK, *reply holds the answer; otherwise the status as received.
grpc::Status CallWhich(const std::shared_ptr<grpc::Channel>& channel,
                       const WhichRequest& request, std::chrono::milliseconds timeout,
                       WhichReply* reply);

}  // namespace lab::balancing
