// Lesson 03, part 1: your first gRPC handler.
#include "greeter_service.h"

namespace lab::unary {

// Contract (greeter_service.h): reply->message() = "Hello, <name>!";
// INVALID_ARGUMENT when request->name() is empty.
grpc::Status GreeterServiceImpl::SayHello(grpc::ServerContext* context,
                                          const HelloRequest* request,
                                          HelloReply* reply) {
  // TODO(lesson03): reject an empty name with grpc::StatusCode::INVALID_ARGUMENT,
  // otherwise set the reply's message and return grpc::Status::OK.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson03): implement GreeterServiceImpl::SayHello in "
                      "lessons/03-unary/greeter_service.cc");
}

}  // namespace lab::unary
