// Lesson 20, part 3: propagation and spans, in a client and a server interceptor.
#include "tracing.h"

namespace lab::tracing {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

// The server span of the handler running on this thread. With the sync API the
// server interceptor's hooks up to PRE_SEND_STATUS and the handler run on one thread
// (README: what the probe showed), and so do a sync client call's hooks and its caller.
thread_local std::optional<SpanContext> current_span;

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Finishes `span` with the call's outcome and hands it to the exporter if sampled.
void Finish(const Tracer& tracer, bool sampled, Span span, const grpc::Status& status) {
  if (!sampled) return;  // unsampled: propagated, never recorded
  span.duration_us = NowMicros() - span.timestamp_us;
  span.code = status.error_code();
  span.error_message = status.error_message();
  tracer.exporter->Export(std::move(span));
}

class ServerTracingInterceptor final : public grpc::experimental::Interceptor {
 public:
  ServerTracingInterceptor(const Tracer* tracer, const char* method) : tracer_(tracer) {
    span_.name = method;
    span_.kind = Span::Kind::kServer;
    span_.service = tracer->service;
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Start(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      current_span.reset();  // the handler is done; this thread serves other calls next
      Finish(*tracer_, context_.sampled, span_, methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Start(const std::multimap<grpc::string_ref, grpc::string_ref>& headers) {
    auto parent = headers.find(kTraceparentHeader);
    SpanContext incoming;
    if (parent != headers.end() &&
        ParseTraceparent({parent->second.data(), parent->second.size()}, &incoming)
            .ok()) {
      context_ = incoming;  // continue the caller's trace
      span_.parent_id = incoming.span_id;
      auto state = headers.find(kTracestateHeader);
      if (state != headers.end()) {
        context_.tracestate.assign(state->second.data(), state->second.size());
      }
    } else {
      // Missing, malformed or all zero: a new trace (and its tracestate is dropped).
      context_.trace_id = NewTraceId();
      context_.sampled = tracer_->sample_new_traces;
    }
    context_.span_id = NewSpanId();  // this server span's own id
    span_.trace_id = context_.trace_id;
    span_.id = context_.span_id;
    span_.timestamp_us = NowMicros();
    current_span = context_;
  }

  const Tracer* tracer_;
  SpanContext context_;
  Span span_;
};

class ClientTracingInterceptor final : public grpc::experimental::Interceptor {
 public:
  ClientTracingInterceptor(const Tracer* tracer, const char* method) : tracer_(tracer) {
    span_.name = method;
    span_.kind = Span::Kind::kClient;
    span_.service = tracer->service;
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      Start(methods->GetSendInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_STATUS)) {
      Finish(*tracer_, context_.sampled, span_, *methods->GetRecvStatus());
    }
    methods->Proceed();
  }

 private:
  void Start(std::multimap<std::string, std::string>* headers) {
    if (std::optional<SpanContext> parent = CurrentSpan()) {
      context_ = *parent;  // same trace, flags and tracestate
      span_.parent_id = parent->span_id;
    } else {
      context_.trace_id = NewTraceId();
      context_.sampled = tracer_->sample_new_traces;
    }
    context_.span_id = NewSpanId();
    span_.trace_id = context_.trace_id;
    span_.id = context_.span_id;
    span_.timestamp_us = NowMicros();
    headers->erase(kTraceparentHeader);  // ours replaces one set by hand
    headers->emplace(kTraceparentHeader, FormatTraceparent(context_));
    if (!context_.tracestate.empty()) {
      headers->erase(kTracestateHeader);
      headers->emplace(kTracestateHeader, context_.tracestate);
    }
  }

  const Tracer* tracer_;
  SpanContext context_;
  Span span_;
};

}  // namespace

// Contract (tracing.h): the server span of this thread's handler, if any.
std::optional<SpanContext> CurrentSpan() { return current_span; }

grpc::experimental::Interceptor* TracingServerInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new ServerTracingInterceptor(&tracer_, info->method());
}

grpc::experimental::Interceptor* TracingClientInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  return new ClientTracingInterceptor(&tracer_, info->method());
}

}  // namespace lab::tracing
