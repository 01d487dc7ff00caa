// The server side of health checking: the contract of health_server.cc.
// Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace lab::health {

// Starts the server the caller prepared on `builder` (listening port and services
// already added) with gRPC's default health service (grpc.health.v1.Health), and
// reports each name in `services` as SERVING. The names are full service names, as
// clients ask for them: "lab.health.Backend" (Backend::service_full_name()).
// The server as a whole (the name "") is SERVING too.
// On success sets *server to the running server and returns OK. Errors, with *server
// left empty: UNAVAILABLE if the server did not start (a port it cannot bind, say),
// INTERNAL if it started without a health service (a server that has one is shut
// down again).
grpc::Status StartServer(grpc::ServerBuilder& builder,
                         const std::vector<std::string>& services,
                         std::unique_ptr<grpc::Server>* server);

// Drains `server` (one that StartServer started), in the order that lets clients
// leave without failed calls:
//   - every name its health service knows, "" included, becomes NOT_SERVING, and stays
//     so: health checkers (monitors, health-checking channels) hear it and move away;
//   - then the server shuts down with a deadline `grace` from now: new calls are
//     refused at once, calls in flight may finish until the deadline, and calls still
//     open then (a monitor's Watch stream, say) are cancelled.
// Returns once every handler has returned: after about `grace` at most.
void Drain(grpc::Server& server, std::chrono::milliseconds grace);

}  // namespace lab::health
