// The client side of health checking. Edit this file (contracts in monitor.h).
#include "monitor.h"

namespace lab::health {

// Health/Check for `service`, with a deadline `timeout` from now: OK with *status, or
// the call's error unchanged. See monitor.h.
grpc::Status CheckHealth(Health::StubInterface& stub, const std::string& service,
                         std::chrono::milliseconds timeout, ServingStatus* status) {
  // TODO(lesson14): ask the server with Health/Check, with a deadline.
  (void)stub, (void)service, (void)timeout, (void)status;
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson14): implement CheckHealth in lessons/14-health/monitor.cc");
}

// Health/Watch for `service` on `context`: on_status for each status, in order, then
// on_status(UNKNOWN) once the stream ends; returns the stream's final status.
grpc::Status WatchHealth(Health::StubInterface& stub, const std::string& service,
                         grpc::ClientContext& context,
                         const std::function<void(ServingStatus)>& on_status) {
  // TODO(lesson14): read the Watch stream to its end; then decide what a monitor knows.
  (void)stub, (void)service, (void)context, (void)on_status;
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson14): implement WatchHealth in lessons/14-health/monitor.cc");
}

// A channel over every address that sends calls only to backends whose health service
// reports `service` SERVING. See monitor.h.
std::shared_ptr<grpc::Channel> NewHealthCheckedChannel(
    const std::vector<std::string>& addresses, const std::string& service) {
  // TODO(lesson14): one channel to all the addresses, with a service config that
  // balances over them and health-checks `service`.
  (void)addresses, (void)service;
  return nullptr;
}

}  // namespace lab::health
