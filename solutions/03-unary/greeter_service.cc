// Lesson 03, part 1: your first gRPC handler.
#include "greeter_service.h"

namespace lab::unary {

// Contract (greeter_service.h): reply->message() = "Hello, <name>!";
// INVALID_ARGUMENT when request->name() is empty.
grpc::Status GreeterServiceImpl::SayHello(grpc::ServerContext* context,
                                          const HelloRequest* request,
                                          HelloReply* reply) {
  if (request->name().empty()) {
    // The caller sent something unusable: their fault, so INVALID_ARGUMENT (not
    // INTERNAL, which would blame the server).
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "name must not be empty");
  }
  reply->set_message("Hello, " + request->name() + "!");
  return grpc::Status::OK;
}

}  // namespace lab::unary
