// The backend every lesson 16 program and test runs. Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

#include "balancing.grpc.pb.h"

namespace lab::balancing {

// Answers Which with its own name. A request's hold_ms keeps the call open that long
// first (it ends early if the call is cancelled), so calls can be in flight when
// something happens to the backend or to the client's backend list.
class BackendServiceImpl final : public Backend::Service {
 public:
  explicit BackendServiceImpl(std::string name) : name_(std::move(name)) {}

  grpc::Status Which(grpc::ServerContext* context, const WhichRequest* request,
                     WhichReply* reply) override;

 private:
  const std::string name_;
};

}  // namespace lab::balancing
