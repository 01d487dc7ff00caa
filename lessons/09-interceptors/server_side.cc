// Lesson 09, part 1: middleware on the server.
#include "middleware.h"

namespace lab::interceptors {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

// TODO(lesson09): write the interceptor classes here: subclasses of
// grpc::experimental::Interceptor whose Intercept(methods) looks at the hook points of
// the batch (methods->QueryInterceptionHookPoint(...)), does its work, and ALWAYS ends
// with methods->Proceed().

}  // namespace

// Contract (middleware.h): one LogRecord per call, added at PRE_SEND_STATUS.
grpc::experimental::Interceptor* LoggingInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // TODO(lesson09): return a new logging interceptor for info->method() (gRPC owns
  // and deletes it). nullptr means "no interceptor for this call".
  return nullptr;
}

// Contract (middleware.h): "<name> <HOOK>" for every hook point of every batch.
grpc::experimental::Interceptor* TraceServerInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  // TODO(lesson09): return a new trace interceptor for name_ and trace_.
  return nullptr;
}

// Contract (middleware.h): UNAUTHENTICATED unless x-api-key equals key_; calls whose
// ":path" starts with "/grpc.reflection." pass.
grpc::Status ApiKeyProcessor::Process(const InputMetadata& auth_metadata,
                                      grpc::AuthContext* context,
                                      OutputMetadata* consumed_auth_metadata,
                                      OutputMetadata* response_metadata) {
  // TODO(lesson09): find x-api-key in auth_metadata and compare it with key_.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson09): implement ApiKeyProcessor::Process in "
                      "lessons/09-interceptors/server_side.cc");
}

}  // namespace lab::interceptors
