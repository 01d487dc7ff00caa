// Lesson 09, part 1: middleware on the server.
#include "middleware.h"

namespace lab::interceptors {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

// TODO(lesson09): the interceptor classes the factories below create: one object per
// call, which sees each batch of the call and lets every one of them go on.

}  // namespace

// Contract (middleware.h): one LogRecord per call, added at PRE_SEND_STATUS.
grpc::experimental::Interceptor* LoggingInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // TODO(lesson09): this call's logging interceptor (gRPC owns and deletes it).
  // nullptr means "no interceptor for this call".
  return nullptr;
}

// Contract (middleware.h): "<name> <HOOK>" for every hook point of every batch.
grpc::experimental::Interceptor* TraceServerInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // TODO(lesson09): this call's trace interceptor, writing to trace_ as name_.
  return nullptr;
}

// Contract (middleware.h): UNAUTHENTICATED unless x-api-key equals key_, compared in
// constant time; a call let through has its x-api-key consumed. Calls whose ":path"
// starts with "/grpc.reflection." pass.
grpc::Status ApiKeyProcessor::Process(const InputMetadata& auth_metadata,
                                      grpc::AuthContext* context,
                                      OutputMetadata* consumed_auth_metadata,
                                      OutputMetadata* response_metadata) {
  // TODO(lesson09): let a call through only with the right key, and then without it.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson09): implement ApiKeyProcessor::Process in "
                      "lessons/09-interceptors/server_side.cc");
}

}  // namespace lab::interceptors
