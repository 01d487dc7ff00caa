// Lesson 20, part 1: the W3C traceparent header and random ids.
#include "tracing.h"

namespace lab::tracing {

// Contract (tracing.h): 32 random lowercase hex digits, never all zero.
std::string NewTraceId() {
  // TODO(lesson20): draw the digits from a properly seeded random source.
  return "";
}

// Contract (tracing.h): 16 random lowercase hex digits, never all zero.
std::string NewSpanId() {
  // TODO(lesson20): like NewTraceId, 16 digits.
  return "";
}

// Contract (tracing.h): "00-<trace_id>-<span_id>-<01 if sampled, else 00>".
std::string FormatTraceparent(const SpanContext& /*context*/) {
  // TODO(lesson20): build the header.
  return "";
}

// Contract (tracing.h): exactly 2-32-16-2 lowercase hex digits joined by '-', version
// 00, neither id all zero; otherwise INVALID_ARGUMENT and *out untouched.
grpc::Status ParseTraceparent(std::string_view /*header*/, SpanContext* /*out*/) {
  // TODO(lesson20): check every rule, then fill trace_id, span_id and sampled.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson20): implement ParseTraceparent in "
                      "lessons/20-tracing/trace_context.cc");
}

}  // namespace lab::tracing
