// Given: do not edit. The service the lesson's server runs beside the health service.
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

#include "health_demo.grpc.pb.h"

namespace lab::health {

// A replica of the Backend service: Work echoes the job and names the replica.
class BackendServiceImpl final : public Backend::Service {
 public:
  explicit BackendServiceImpl(std::string replica) : replica_(std::move(replica)) {}

  grpc::Status Work(grpc::ServerContext* context, const WorkRequest* request,
                    WorkReply* reply) override;

 private:
  const std::string replica_;
};

}  // namespace lab::health
