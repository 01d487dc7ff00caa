// Lesson 09, part 2: middleware on the client.
#include "middleware.h"

namespace lab::interceptors {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

class RequestIdInterceptor final : public grpc::experimental::Interceptor {
 public:
  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      // The headers about to go out, including what the caller added to its context.
      auto* headers = methods->GetSendInitialMetadata();
      if (headers->count(kRequestIdHeader) == 0) {
        headers->emplace(kRequestIdHeader, NewRequestId());
      }
    }
    methods->Proceed();
  }
};

class LatencyInterceptor final : public grpc::experimental::Interceptor {
 public:
  LatencyInterceptor(const char* method, LatencySink* sink)
      : method_(method), sink_(sink) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      start_ = std::chrono::steady_clock::now();
      // Interceptors earlier in the chain have already had their turn here.
      auto* headers = methods->GetSendInitialMetadata();
      auto it = headers->find(kRequestIdHeader);
      if (it != headers->end()) request_id_ = it->second;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_STATUS)) {
      sink_->Add({method_, request_id_,
                  std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start_)});
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  LatencySink* sink_;
  std::chrono::steady_clock::time_point start_;
  std::string request_id_;
};

class TraceInterceptor final : public grpc::experimental::Interceptor {
 public:
  TraceInterceptor(const std::string& name, Trace* trace) : name_(name), trace_(trace) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    for (int i = 0; i < static_cast<int>(InterceptionHookPoints::NUM_INTERCEPTION_HOOKS);
         ++i) {
      auto point = static_cast<InterceptionHookPoints>(i);
      if (methods->QueryInterceptionHookPoint(point)) {
        trace_->Add(name_ + " " + HookName(point));
      }
    }
    methods->Proceed();
  }

 private:
  std::string name_;
  Trace* trace_;
};

}  // namespace

grpc::experimental::Interceptor* RequestIdInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* /*info*/) {
  return new RequestIdInterceptor;
}

grpc::experimental::Interceptor* LatencyInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  return new LatencyInterceptor(info->method(), sink_);
}

grpc::experimental::Interceptor* TraceClientInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* /*info*/) {
  return new TraceInterceptor(name_, trace_);
}

// Contract (middleware.h): a channel through the request-id and latency interceptors,
// in the order that lets every LatencyRecord carry the call's request id. On the way
// out the vector's first element runs first: the request id goes first, so the latency
// interceptor finds it in the headers.
std::shared_ptr<grpc::Channel> MakeClientChannel(const std::string& target,
                                                 LatencySink* latencies) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      chain;
  chain.push_back(std::make_unique<RequestIdInterceptorFactory>());
  chain.push_back(std::make_unique<LatencyInterceptorFactory>(latencies));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(),
      std::move(chain));
}

}  // namespace lab::interceptors
