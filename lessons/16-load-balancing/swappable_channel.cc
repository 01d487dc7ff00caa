// Lesson 16, part 3: a channel that follows a changing backend list.
#include "swappable_channel.h"

namespace lab::balancing {

// Contract (swappable_channel.h): INVALID_ARGUMENT for an empty list; the same list in
// any order changes nothing; a new list gets a new channel for later Get() calls,
// without disturbing calls running on the old one. Safe against concurrent Get().
grpc::Status SwappableChannel::Update(std::vector<std::string> addresses) {
  // TODO(lesson16): compare with the current list, build a channel for a new one and
  // make it current (README: "Changing the backend list").
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson16): implement SwappableChannel::Update in "
                      "lessons/16-load-balancing/swappable_channel.cc");
}

// Contract (swappable_channel.h): the current channel, shared by all callers; nullptr
// before the first Update(). Safe against a concurrent Update().
std::shared_ptr<grpc::Channel> SwappableChannel::Get() const {
  // TODO(lesson16): hand out the current channel so that an Update() running at the
  // same time cannot pull it from under the caller.
  return nullptr;
}

}  // namespace lab::balancing
