// Mistake: the key is checked by an interceptor, after the handler has already run.
// Lesson 09, part 1: middleware on the server.
#include "middleware.h"

namespace lab::interceptors {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

// One per call: gRPC creates it through the factory and deletes it when the call ends.
class LoggingInterceptor final : public grpc::experimental::Interceptor {
 public:
  LoggingInterceptor(const char* method, LogSink* sink) : method_(method), sink_(sink) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    // The first batch a server interceptor sees holds the client's headers.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      start_ = std::chrono::steady_clock::now();
      auto* headers = methods->GetRecvInitialMetadata();
      auto it = headers->find(kRequestIdHeader);
      if (it != headers->end()) {
        request_id_.assign(it->second.data(), it->second.size());
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* headers = methods->GetRecvInitialMetadata();
      auto key = headers->find(kApiKeyHeader);
      authorized_ = key != headers->end() && key->second == "s3cret";
    }
    // The handler has returned; its status is about to leave.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      if (!authorized_) {
        methods->ModifySendStatus(
            grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "missing x-api-key"));
      }
      sink_->Add({method_, methods->GetSendStatus().error_code(),
                  std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start_),
                  request_id_});
    }
    methods->Proceed();  // always: without it the call never moves on
  }

 private:
  std::string method_;
  LogSink* sink_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::string request_id_;
  bool authorized_ = false;
};

// Appends one line per hook point of each batch, then lets the batch go on.
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

grpc::experimental::Interceptor* LoggingInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new LoggingInterceptor(info->method(), sink_);  // gRPC owns it
}

grpc::experimental::Interceptor* TraceServerInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* /*info*/) {
  return new TraceInterceptor(name_, trace_);
}

// Contract (middleware.h): UNAUTHENTICATED unless x-api-key equals key_; reflection
// passes. This runs in gRPC's security layer, before the call is dispatched.
grpc::Status ApiKeyProcessor::Process(const InputMetadata& auth_metadata,
                                      grpc::AuthContext* /*context*/,
                                      OutputMetadata* /*consumed_auth_metadata*/,
                                      OutputMetadata* /*response_metadata*/) {
  return grpc::Status::OK;  // the logging interceptor checks the key instead
}

}  // namespace lab::interceptors
