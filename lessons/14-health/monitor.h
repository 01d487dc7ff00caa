// The client side of health checking: the contract of monitor.cc.
// Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"

namespace lab::health {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using ServingStatus = HealthCheckResponse::ServingStatus;

// Asks the server behind `stub` (Health/Check) how `service` is; "" asks about the
// server as a whole. The call has a deadline `timeout` from now.
// OK with *status set (SERVING or NOT_SERVING), or the call's error unchanged:
// NOT_FOUND for a name the server has never reported, UNIMPLEMENTED for a server
// without a health service, UNAVAILABLE or DEADLINE_EXCEEDED for one it cannot reach.
grpc::Status CheckHealth(Health::StubInterface& stub, const std::string& service,
                         std::chrono::milliseconds timeout, ServingStatus* status);

// Follows `service` with Health/Watch on `context` (the caller sets its deadline and
// may cancel it): calls on_status(s) for each status the server sends, in order
// (SERVICE_UNKNOWN for a name the server has not reported yet). When the stream
// ends, for any reason, nobody knows the service's status any more: calls
// on_status(HealthCheckResponse::UNKNOWN) once, last. Returns the stream's final
// status (UNAVAILABLE when the server went away, DEADLINE_EXCEEDED or CANCELLED when
// the caller stopped watching).
grpc::Status WatchHealth(Health::StubInterface& stub, const std::string& service,
                         grpc::ClientContext& context,
                         const std::function<void(ServingStatus)>& on_status);

// A channel to every backend in `addresses` ("127.0.0.1:PORT", two or more) that
// spreads calls over the backends whose health service reports `service` as SERVING,
// sends none to a backend that reports anything else, and uses it again once it is
// SERVING.
std::shared_ptr<grpc::Channel> NewHealthCheckedChannel(
    const std::vector<std::string>& addresses, const std::string& service);

}  // namespace lab::health
