// Contract for lesson 03's Greeter. Given: do not edit. Your work is in
// greeter_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include "unary.grpc.pb.h"

namespace lab::unary {

// Implements the Greeter service from proto/unary.proto. protoc's gRPC plugin generated
// Greeter::Service with one virtual method per RPC; a server overrides them.
class GreeterServiceImpl final : public Greeter::Service {
 public:
  // Greets request->name(): reply->message() becomes "Hello, <name>!".
  // Errors: INVALID_ARGUMENT when the name is empty (nobody to greet).
  grpc::Status SayHello(grpc::ServerContext* context, const HelloRequest* request,
                        HelloReply* reply) override;
};

}  // namespace lab::unary
