// Lesson 15: a connection monitor built on GetState and WaitForStateChange.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <vector>

#include "keepalive.h"

namespace lab::keepalive {

// The states `channel` goes through until options.stop_at or the end of the window.
std::vector<StateChange> RecordStates(grpc::Channel& channel,
                                      const WatchOptions& options) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  const auto since_start = [start] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  };
  // One deadline for the whole watch: each wait gets only what is left of it.
  const auto deadline = std::chrono::system_clock::now() + options.window;

  std::vector<StateChange> changes;
  grpc_connectivity_state state = channel.GetState(options.connect);
  changes.push_back({state, since_start()});
  while (state != options.stop_at) {
    // False when the deadline passes with the channel still in `state`.
    if (!channel.WaitForStateChange(state, deadline)) break;
    const grpc_connectivity_state now = channel.GetState(false);
    if (now == state) continue;  // it changed and changed back: nothing to record
    state = now;
    changes.push_back({state, since_start()});
  }
  return changes;
}

}  // namespace lab::keepalive
