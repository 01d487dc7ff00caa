// Contract for lesson 09's middleware. Given: do not edit. Your work is in
// server_side.cc and client_side.cc.
//
// gRPC 1.51 (Debian 12) ships interceptors as an experimental API: everything below
// lives in namespace grpc::experimental and may change in later gRPC versions.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/auth_metadata_processor.h>
#include <grpcpp/support/client_interceptor.h>
#include <grpcpp/support/server_interceptor.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace lab::interceptors {

inline constexpr char kApiKeyHeader[] = "x-api-key";
inline constexpr char kRequestIdHeader[] = "x-request-id";

// A thread-safe list that interceptors append to and tests read. Interceptors run on
// gRPC's threads, so every access takes the lock.
template <typename Record>
class Sink {
 public:
  void Add(Record record) {
    std::lock_guard<std::mutex> lock(mu_);
    records_.push_back(std::move(record));
    changed_.notify_all();
  }
  std::vector<Record> Records() const {
    std::lock_guard<std::mutex> lock(mu_);
    return records_;
  }
  // Waits until at least `count` records are there, at most `timeout`.
  bool WaitForCount(size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return records_.size() >= count; });
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::vector<Record> records_;
};

// One finished server call, as the logging interceptor saw it.
struct LogRecord {
  std::string method;                  // "/lab.interceptors.Inventory/GetItem"
  grpc::StatusCode code;               // the status the server sent
  std::chrono::microseconds duration;  // first hook of the call to the status
  std::string request_id;              // the client's x-request-id ("" if none)
};
using LogSink = Sink<LogRecord>;

// One finished client call, as the latency interceptor saw it.
struct LatencyRecord {
  std::string method;                 // "/lab.interceptors.Inventory/GetItem"
  std::string request_id;             // the x-request-id the call went out with
  std::chrono::microseconds elapsed;  // from sending the headers to the status
};
using LatencySink = Sink<LatencyRecord>;

// "alpha PRE_SEND_INITIAL_METADATA": which interceptor saw which hook point.
using Trace = Sink<std::string>;

// "PRE_SEND_INITIAL_METADATA" for that hook point. Given, in hooks.cc.
std::string HookName(grpc::experimental::InterceptionHookPoints point);

// ---------------------------------------------------------------------------------
// Server side (server_side.cc)

// Creates, per call, an interceptor that adds one LogRecord to *sink when the server
// sends the call's status (PRE_SEND_STATUS): the method, the status code, the time
// since the interceptor first saw the call, and the client's x-request-id.
class LoggingInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit LoggingInterceptorFactory(LogSink* sink) : sink_(sink) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  LogSink* sink_;
};

// Creates, per call, an interceptor that appends "<name> <HOOK>" to *trace for every
// hook point in each batch it sees (in the order of the InterceptionHookPoints enum),
// then lets the call go on.
class TraceServerInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  TraceServerInterceptorFactory(std::string name, Trace* trace)
      : name_(std::move(name)), trace_(trace) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  std::string name_;
  Trace* trace_;
};

// Rejects a call whose x-api-key is missing or not `key` with UNAUTHENTICATED, before
// any interceptor or handler sees it. Calls to the reflection service
// (":path" starting with "/grpc.reflection.") pass without a key, so tools still work.
// The key is compared in constant time (README: a timing side channel), and a call let
// through has its x-api-key consumed: no interceptor or handler ever sees the secret.
// Installed on the server credentials (see README: why not an interceptor).
class ApiKeyProcessor : public grpc::AuthMetadataProcessor {
 public:
  explicit ApiKeyProcessor(std::string key) : key_(std::move(key)) {}
  bool IsBlocking() const override { return false; }  // cheap: run it inline
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  std::string key_;
};

// ---------------------------------------------------------------------------------
// Client side (client_side.cc)

// Creates, per call, an interceptor that adds x-request-id (NewRequestId()) to the
// outgoing metadata unless the call already has one.
class RequestIdInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;
};

// Creates, per call, an interceptor that adds one LatencyRecord to *sink when the
// call's status arrives: the method, the x-request-id the call was sent with, and the
// time from sending the headers (PRE_SEND_INITIAL_METADATA) to the status
// (POST_RECV_STATUS).
class LatencyInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit LatencyInterceptorFactory(LatencySink* sink) : sink_(sink) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;

 private:
  LatencySink* sink_;
};

// The client twin of TraceServerInterceptorFactory.
class TraceClientInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  TraceClientInterceptorFactory(std::string name, Trace* trace)
      : name_(std::move(name)), trace_(trace) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;

 private:
  std::string name_;
  Trace* trace_;
};

// A plaintext channel to `target` whose calls go through the request-id and latency
// interceptors, in the order that lets every LatencyRecord carry the call's request id.
std::shared_ptr<grpc::Channel> MakeClientChannel(const std::string& target,
                                                 LatencySink* latencies);

// "req-" and 16 hex digits. Given, in hooks.cc.
std::string NewRequestId();

}  // namespace lab::interceptors
