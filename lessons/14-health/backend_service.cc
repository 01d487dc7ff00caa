// Given: do not edit.
#include "backend_service.h"

namespace lab::health {

grpc::Status BackendServiceImpl::Work(grpc::ServerContext* /*context*/,
                                      const WorkRequest* request, WorkReply* reply) {
  reply->set_job(request->job());
  reply->set_replica(replica_);
  return grpc::Status::OK;
}

}  // namespace lab::health
