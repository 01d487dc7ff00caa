// Contract for lesson 20: distributed tracing. Given: do not edit. Your work is in
// trace_context.cc, zipkin.cc and interceptors.cc.
//
// gRPC 1.51 (Debian 12) ships interceptors as an experimental API: the factories below
// live in namespace grpc::experimental and may change in later gRPC versions.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>
#include <grpcpp/support/server_interceptor.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace lab::tracing {

// W3C Trace Context headers. gRPC metadata keys are lowercase, like these.
inline constexpr char kTraceparentHeader[] = "traceparent";
inline constexpr char kTracestateHeader[] = "tracestate";

// Where one span sits in its trace, as a traceparent header carries it.
struct SpanContext {
  std::string trace_id;    // 32 lowercase hex digits, not all zero
  std::string span_id;     // 16 lowercase hex digits, not all zero
  bool sampled = false;    // bit 0 of the trace flags: record and export this trace
  std::string tracestate;  // the tracestate header, passed on unchanged ("" if none)
};

// A finished span, what the exporter sends.
struct Span {
  enum class Kind { kClient, kServer };
  std::string trace_id;
  std::string id;
  std::string parent_id;  // "" for the root span of a trace
  std::string name;       // the full method, "/lab.tracing.Orders/CreateOrder"
  Kind kind = Kind::kClient;
  std::string service;       // the service that recorded it, "orders"
  int64_t timestamp_us = 0;  // start, microseconds since the Unix epoch
  int64_t duration_us = 0;   // microseconds
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string error_message;  // the status message ("" when OK)
};

// ---------------------------------------------------------------------------------
// Part 1: trace_context.cc

// A new random trace id: 32 lowercase hex digits, never all zero.
std::string NewTraceId();
// A new random span id: 16 lowercase hex digits, never all zero.
std::string NewSpanId();

// "00-<trace_id>-<span_id>-<flags>": version 00, flags "01" when sampled, else "00".
std::string FormatTraceparent(const SpanContext& context);

// Parses a version-00 traceparent into *out (trace_id, span_id, sampled; tracestate is
// left alone). INVALID_ARGUMENT, *out untouched, unless the header is exactly
// 2-32-16-2 lowercase hex digits joined by '-', version "00", and neither id is all
// zero. Flags bits other than bit 0 (sampled) are ignored.
grpc::Status ParseTraceparent(std::string_view header, SpanContext* out);

// ---------------------------------------------------------------------------------
// Part 2: zipkin.cc

// The spans as a Zipkin v2 JSON array, the body of POST /api/v2/spans. Per span:
// "traceId", "id", "parentId" (left out for a root span), "name", "kind" ("CLIENT" or
// "SERVER"), "timestamp" and "duration" (numbers, microseconds; a duration is at least
// 1), "localEndpoint": {"serviceName": service}, and "tags" (string values):
// "rpc.system": "grpc", "rpc.grpc.status_code": the code as a decimal string ("5"),
// and, only for a span whose code is not OK, "error": "<CODE_NAME>: <message>".
std::string ToZipkinJson(const std::vector<Span>& spans);

// ---------------------------------------------------------------------------------
// Given (exporter.cc): sends spans to a collector on a thread of its own.

class SpanExporter {
 public:
  struct Options {
    std::string collector_url;  // "http://127.0.0.1:9411" ("" = record nothing)
    size_t max_queue = 2048;    // spans waiting; more are dropped and counted
    size_t max_batch = 256;     // spans per POST
    std::chrono::milliseconds timeout{500};  // per POST: connect, send, receive
  };
  explicit SpanExporter(Options options);
  // Sends what is queued, then stops. A failed POST drops the rest, so a collector
  // that is down costs one timeout at most.
  ~SpanExporter();
  SpanExporter(const SpanExporter&) = delete;
  SpanExporter& operator=(const SpanExporter&) = delete;

  // Queues the span and returns at once: never blocks on the network. A full queue
  // drops the span (counted in dropped()).
  void Export(Span span);
  // Waits until every span exported before the call was sent or dropped, at most
  // `timeout`. True if it got there.
  bool Flush(std::chrono::milliseconds timeout);
  uint64_t sent() const;     // spans the collector accepted
  uint64_t dropped() const;  // spans given up: queue full, collector down or failing

 private:
  void Run();
  bool Post(const std::vector<Span>& batch);

  Options options_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Span> queue_;
  uint64_t accepted_ = 0;  // Export calls that queued a span
  uint64_t sent_ = 0;
  uint64_t dropped_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything above exists
};

// What the interceptors of one service need.
struct Tracer {
  std::string service;               // localEndpoint.serviceName, "orders"
  SpanExporter* exporter = nullptr;  // where finished, sampled spans go
  bool sample_new_traces = true;     // the sampled flag of a trace this service starts
};

// ---------------------------------------------------------------------------------
// Part 3: interceptors.cc

// The span the calling thread's handler runs in: set by the server interceptor before
// the handler runs, cleared when the handler's status is sent. std::nullopt on a
// thread that is not running a traced handler.
std::optional<SpanContext> CurrentSpan();

// Per server call: continues the trace of a valid incoming traceparent (the server
// span's parent is the caller's span id; tracestate passed on unchanged), or starts a
// new one (new trace id, no parent, sampled = tracer.sample_new_traces) when the
// header is missing, malformed or all zero -- never failing the call. Gives the
// server span a new span id, makes it CurrentSpan() for the handler, and when the
// status is sent exports a SERVER span (if sampled) with the status code.
class TracingServerInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit TracingServerInterceptorFactory(Tracer tracer) : tracer_(std::move(tracer)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  Tracer tracer_;
};

// Per client call: a CLIENT span, child of CurrentSpan() if there is one (same trace,
// sampled flag and tracestate), else the root of a new trace (sampled =
// tracer.sample_new_traces). Sends traceparent (with the client span's id) and, if
// not empty, tracestate; when the status arrives exports the span (if sampled) with
// the status code.
class TracingClientInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit TracingClientInterceptorFactory(Tracer tracer) : tracer_(std::move(tracer)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;

 private:
  Tracer tracer_;
};

// Given (services.cc): a plaintext channel to `target` whose calls are traced.
std::shared_ptr<grpc::Channel> TracedChannel(const std::string& target, Tracer tracer);

// Given (services.cc): the interceptor list a traced server installs with
// builder.experimental().SetInterceptorCreators(...).
std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
TracedServerInterceptors(Tracer tracer);

}  // namespace lab::tracing
