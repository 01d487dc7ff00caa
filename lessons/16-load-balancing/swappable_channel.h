// Contract for lesson 16's SwappableChannel: the backend list changes while calls run.
// Given: do not edit. Your work is in swappable_channel.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "channel.h"

namespace lab::balancing {

// Holds the channel to the current list of backends and replaces it when the list
// changes. gRPC 1.51 has no public API to hand a live channel new addresses, so a new
// list means a new channel (README: "Changing the backend list").
//
// Thread-safe: any number of threads may call Get() while another calls Update().
// Lesson 17 feeds Update() from a service registry.
class SwappableChannel {
 public:
  explicit SwappableChannel(ChannelOptions options) : options_(std::move(options)) {}

  // Makes `addresses` (IPv4 "a.b.c.d:port", any order) the backend list. A list with
  // the same addresses as the current one, in any order, changes nothing: the channel
  // and its connections stay. A different list gets a new channel (NewBalancedChannel
  // over Ipv4Target, with the options given at construction), which every later Get()
  // returns. Calls already running on the old channel are not disturbed: they finish
  // on it. Returns INVALID_ARGUMENT, changing nothing, for an empty list.
  grpc::Status Update(std::vector<std::string> addresses);

  // The current channel: one channel, shared by every caller until the next Update()
  // that changes the list (a channel is built once per list, not per call). nullptr
  // before the first successful Update().
  std::shared_ptr<grpc::Channel> Get() const;

 private:
  const ChannelOptions options_;
  mutable std::mutex mu_;                   // guards the two members below
  std::vector<std::string> addresses_;      // the current list, sorted
  std::shared_ptr<grpc::Channel> channel_;  // the channel to addresses_; nullptr at first
};

}  // namespace lab::balancing
