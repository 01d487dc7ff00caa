// Lesson 16, part 3: a channel that follows a changing backend list.
#include "swappable_channel.h"

#include <algorithm>

namespace lab::balancing {

grpc::Status SwappableChannel::Update(std::vector<std::string> addresses) {
  if (addresses.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "an empty backend list: keeping the current one");
  }
  std::sort(addresses.begin(), addresses.end());
  std::lock_guard<std::mutex> lock(mu_);
  if (addresses == addresses_) return grpc::Status::OK;  // keep channel and connections
  // The old channel is only released here: every caller that took it with Get() holds
  // a reference, so its calls finish on it and it closes when the last one lets go.
  channel_ = NewBalancedChannel(Ipv4Target(addresses), options_);
  addresses_ = std::move(addresses);
  return grpc::Status::OK;
}

std::shared_ptr<grpc::Channel> SwappableChannel::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return channel_;  // a copy: the caller keeps this channel alive while it uses it
}

}  // namespace lab::balancing
