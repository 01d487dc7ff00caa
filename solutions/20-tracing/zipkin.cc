// Lesson 20, part 2: spans as Zipkin v2 JSON.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/status_name.h"
#include "tracing.h"

namespace lab::tracing {
namespace {

nlohmann::json ToZipkin(const Span& span) {
  nlohmann::json tags = {
      {"rpc.system", "grpc"},
      {"rpc.grpc.status_code", std::to_string(static_cast<int>(span.code))},
  };
  // Zipkin (and Jaeger reading Zipkin) marks a span failed by the presence of "error".
  if (span.code != grpc::StatusCode::OK) {
    tags["error"] = common::StatusCodeName(span.code) + ": " + span.error_message;
  }
  nlohmann::json json = {
      {"traceId", span.trace_id},
      {"id", span.id},
      {"name", span.name},
      {"kind", span.kind == Span::Kind::kClient ? "CLIENT" : "SERVER"},
      {"timestamp", span.timestamp_us},
      {"duration", std::max<int64_t>(span.duration_us, 1)},
      {"localEndpoint", {{"serviceName", span.service}}},
      {"tags", tags},
  };
  if (!span.parent_id.empty()) json["parentId"] = span.parent_id;  // absent for a root
  return json;
}

}  // namespace

// Contract (tracing.h): a JSON array with one Zipkin v2 object per span.
std::string ToZipkinJson(const std::vector<Span>& spans) {
  nlohmann::json array = nlohmann::json::array();
  for (const Span& span : spans) array.push_back(ToZipkin(span));
  return array.dump();
}

}  // namespace lab::tracing
