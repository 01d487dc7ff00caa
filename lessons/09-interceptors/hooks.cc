// Given: do not edit. Names for hook points, and request ids.
#include <cstdio>
#include <random>

#include "middleware.h"

namespace lab::interceptors {

std::string HookName(grpc::experimental::InterceptionHookPoints point) {
  using P = grpc::experimental::InterceptionHookPoints;
  switch (point) {
    case P::PRE_SEND_INITIAL_METADATA:
      return "PRE_SEND_INITIAL_METADATA";
    case P::PRE_SEND_MESSAGE:
      return "PRE_SEND_MESSAGE";
    case P::POST_SEND_MESSAGE:
      return "POST_SEND_MESSAGE";
    case P::PRE_SEND_STATUS:
      return "PRE_SEND_STATUS";
    case P::PRE_SEND_CLOSE:
      return "PRE_SEND_CLOSE";
    case P::PRE_RECV_INITIAL_METADATA:
      return "PRE_RECV_INITIAL_METADATA";
    case P::PRE_RECV_MESSAGE:
      return "PRE_RECV_MESSAGE";
    case P::PRE_RECV_STATUS:
      return "PRE_RECV_STATUS";
    case P::POST_RECV_INITIAL_METADATA:
      return "POST_RECV_INITIAL_METADATA";
    case P::POST_RECV_MESSAGE:
      return "POST_RECV_MESSAGE";
    case P::POST_RECV_STATUS:
      return "POST_RECV_STATUS";
    case P::POST_RECV_CLOSE:
      return "POST_RECV_CLOSE";
    case P::PRE_SEND_CANCEL:
      return "PRE_SEND_CANCEL";
    default:
      return "HOOK_" + std::to_string(static_cast<int>(point));
  }
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  char text[32];
  std::snprintf(text, sizeof text, "req-%016llx",
                static_cast<unsigned long long>(random()));
  return text;
}

}  // namespace lab::interceptors
