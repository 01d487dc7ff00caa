// Lesson 09, part 1: middleware on the server.
#include <openssl/crypto.h>

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
    // The handler has returned; its status is about to leave.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
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

// Contract (middleware.h): UNAUTHENTICATED unless x-api-key equals key_, compared in
// constant time; a call let through has its x-api-key consumed. Calls whose ":path"
// starts with "/grpc.reflection." pass. This runs in gRPC's security layer, before the
// call is dispatched.
grpc::Status ApiKeyProcessor::Process(const InputMetadata& auth_metadata,
                                      grpc::AuthContext* /*context*/,
                                      OutputMetadata* consumed_auth_metadata,
                                      OutputMetadata* /*response_metadata*/) {
  auto path = auth_metadata.find(":path");
  if (path != auth_metadata.end() && path->second.starts_with("/grpc.reflection.")) {
    return grpc::Status::OK;
  }
  auto key = auth_metadata.find(kApiKeyHeader);
  if (key == auth_metadata.end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "missing x-api-key");
  }
  // CRYPTO_memcmp looks at every byte whatever it finds, so the time a rejection takes
  // does not tell a guesser how many leading bytes were right. Only the length leaks.
  const grpc::string_ref sent = key->second;
  if (sent.size() != key_.size() ||
      CRYPTO_memcmp(sent.data(), key_.data(), key_.size()) != 0) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "wrong x-api-key");
  }
  // Consumed: gRPC removes it from the metadata interceptors and handlers see, so none
  // of them can log the secret or pass it on.
  consumed_auth_metadata->insert({kApiKeyHeader, key_});
  return grpc::Status::OK;
}

}  // namespace lab::interceptors
