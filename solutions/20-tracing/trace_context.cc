// Lesson 20, part 1: the W3C traceparent header and random ids.
#include <random>

#include "tracing.h"

namespace lab::tracing {
namespace {

// `digits` random lowercase hex digits, not all zero. One engine per thread, seeded
// from the operating system's random source: no lock, and no two processes share a
// sequence (ids from a time-seeded engine collide across services started together).
std::string RandomHex(size_t digits) {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(digits, '0');
  while (out.find_first_not_of('0') == std::string::npos) {
    for (char& c : out) c = kHex[engine() & 0xf];
  }
  return out;
}

bool IsLowerHex(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789abcdef") == text.npos;
}

bool IsAllZero(std::string_view text) { return text.find_first_not_of('0') == text.npos; }

}  // namespace

std::string NewTraceId() { return RandomHex(32); }
std::string NewSpanId() { return RandomHex(16); }

// Contract (tracing.h): "00-<trace_id>-<span_id>-<01 or 00>".
std::string FormatTraceparent(const SpanContext& context) {
  return "00-" + context.trace_id + "-" + context.span_id +
         (context.sampled ? "-01" : "-00");
}

// Contract (tracing.h): exactly 2-32-16-2 lowercase hex joined by '-', version 00,
// ids not all zero; INVALID_ARGUMENT otherwise, and *out untouched.
grpc::Status ParseTraceparent(std::string_view header, SpanContext* out) {
  constexpr size_t kLength = 2 + 1 + 32 + 1 + 16 + 1 + 2;  // 55
  if (header.size() != kLength || header[2] != '-' || header[35] != '-' ||
      header[52] != '-') {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "traceparent is not 00-<32 hex>-<16 hex>-<2 hex>");
  }
  const std::string_view version = header.substr(0, 2);
  const std::string_view trace_id = header.substr(3, 32);
  const std::string_view span_id = header.substr(36, 16);
  const std::string_view flags = header.substr(53, 2);
  if (!IsLowerHex(version) || !IsLowerHex(trace_id) || !IsLowerHex(span_id) ||
      !IsLowerHex(flags)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "traceparent has a character that is not lowercase hex");
  }
  if (version != "00") {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "traceparent version is not 00");
  }
  if (IsAllZero(trace_id) || IsAllZero(span_id)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "traceparent has an all-zero id");
  }
  out->trace_id = std::string(trace_id);
  out->span_id = std::string(span_id);
  out->sampled = (std::stoi(std::string(flags), nullptr, 16) & 0x01) != 0;
  return grpc::Status::OK;
}

}  // namespace lab::tracing
