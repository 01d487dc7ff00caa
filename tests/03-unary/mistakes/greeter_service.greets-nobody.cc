// Mistake: an empty name is greeted ("Hello, !") instead of rejected with
// INVALID_ARGUMENT.

// Lesson 03, part 1: your first gRPC handler.
#include "greeter_service.h"

namespace lab::unary {

// Contract (greeter_service.h): reply->message() = "Hello, <name>!";
// INVALID_ARGUMENT when request->name() is empty.
grpc::Status GreeterServiceImpl::SayHello(grpc::ServerContext* context,
                                          const HelloRequest* request,
                                          HelloReply* reply) {
  reply->set_message("Hello, " + request->name() + "!");
  return grpc::Status::OK;
}

}  // namespace lab::unary
