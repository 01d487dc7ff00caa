// Lesson 09, part 2: middleware on the client.
#include "middleware.h"

namespace lab::interceptors {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

// TODO(lesson09): the interceptor classes the factories below create: one object per
// call, which sees each batch of the call and lets every one of them go on.

}  // namespace

// Contract (middleware.h): adds x-request-id unless the call already has one.
grpc::experimental::Interceptor* RequestIdInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  // TODO(lesson09): this call's request-id interceptor.
  return nullptr;
}

// Contract (middleware.h): one LatencyRecord per call, PRE_SEND_INITIAL_METADATA to
// POST_RECV_STATUS.
grpc::experimental::Interceptor* LatencyInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  // TODO(lesson09): this call's latency interceptor, recording into sink_.
  return nullptr;
}

// Contract (middleware.h): "<name> <HOOK>" for every hook point of every batch.
grpc::experimental::Interceptor* TraceClientInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  // TODO(lesson09): this call's trace interceptor, writing to trace_ as name_.
  return nullptr;
}

// Contract (middleware.h): a channel through the request-id and latency interceptors,
// in the order that lets every LatencyRecord carry the call's request id.
std::shared_ptr<grpc::Channel> MakeClientChannel(const std::string& target,
                                                 LatencySink* latencies) {
  // TODO(lesson09): a channel whose calls pass through both interceptors; which order
  // is your decision (README: The onion). This plain channel works but has no
  // middleware.
  return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
}

}  // namespace lab::interceptors
