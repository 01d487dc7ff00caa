// Lesson 09, part 2: middleware on the client.
#include "middleware.h"

namespace lab::interceptors {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

// TODO(lesson09): write the client interceptor classes here. On the client the
// outgoing headers are methods->GetSendInitialMetadata() at PRE_SEND_INITIAL_METADATA.

}  // namespace

// Contract (middleware.h): adds x-request-id unless the call already has one.
grpc::experimental::Interceptor* RequestIdInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  // TODO(lesson09): return a new request-id interceptor.
  return nullptr;
}

// Contract (middleware.h): one LatencyRecord per call, PRE_SEND_INITIAL_METADATA to
// POST_RECV_STATUS.
grpc::experimental::Interceptor* LatencyInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  // TODO(lesson09): return a new latency interceptor for info->method() and sink_.
  return nullptr;
}

// Contract (middleware.h): "<name> <HOOK>" for every hook point of every batch.
grpc::experimental::Interceptor* TraceClientInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  // TODO(lesson09): return a new trace interceptor for name_ and trace_.
  return nullptr;
}

// Contract (middleware.h): a channel through the request-id and latency interceptors.
std::shared_ptr<grpc::Channel> MakeClientChannel(const std::string& target,
                                                 LatencySink* latencies) {
  // TODO(lesson09): build the chain (a vector of factories, in order) and pass it to
  // grpc::experimental::CreateCustomChannelWithInterceptors(...). This plain channel
  // works but has no middleware.
  return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
}

}  // namespace lab::interceptors
