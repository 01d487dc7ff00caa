// Given: do not edit.
#include "backend_service.h"

#include <chrono>
#include <thread>

namespace lab::balancing {

grpc::Status BackendServiceImpl::Which(grpc::ServerContext* context,
                                       const WhichRequest* request, WhichReply* reply) {
  // A sync handler is not interrupted when its call is cancelled: it looks.
  const auto until =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(request->hold_ms());
  while (std::chrono::steady_clock::now() < until) {
    if (context->IsCancelled()) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "the caller left");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  reply->set_backend(name_);
  return grpc::Status::OK;
}

}  // namespace lab::balancing
