// Given: do not edit. See collector.h.
#include "collector.h"

#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>

namespace lab::tracing {
namespace {

std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

int64_t NumberField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

bool ParseZipkinSpans(const std::string& json, std::vector<CollectedSpan>* out) {
  const nlohmann::json array = nlohmann::json::parse(json, nullptr, /*exceptions=*/false);
  if (!array.is_array()) return false;
  for (const nlohmann::json& object : array) {
    if (!object.is_object()) return false;
    CollectedSpan span;
    span.trace_id = StringField(object, "traceId");
    span.id = StringField(object, "id");
    span.parent_id = StringField(object, "parentId");
    span.name = StringField(object, "name");
    span.kind = StringField(object, "kind");
    span.timestamp_us = NumberField(object, "timestamp");
    span.duration_us = NumberField(object, "duration");
    if (auto endpoint = object.find("localEndpoint");
        endpoint != object.end() && endpoint->is_object()) {
      span.service = StringField(*endpoint, "serviceName");
    }
    if (auto tags = object.find("tags"); tags != object.end() && tags->is_object()) {
      for (const auto& [key, value] : tags->items()) {
        span.tags[key] = value.is_string() ? value.get<std::string>() : value.dump();
      }
    }
    span.json = object.dump();
    out->push_back(std::move(span));
  }
  return true;
}

// Each line: start and duration in ms, a bar on the trace's time axis, then the span,
// indented under its parent. Spans whose parent is not in the trace are roots.
std::string Waterfall(const std::vector<CollectedSpan>& all,
                      const std::string& trace_id) {
  std::vector<const CollectedSpan*> spans;
  for (const auto& span : all) {
    if (span.trace_id == trace_id) spans.push_back(&span);
  }
  if (spans.empty()) return "trace " + trace_id + ": no spans\n";
  int64_t begin = spans.front()->timestamp_us, end = begin;
  for (const auto* span : spans) {
    begin = std::min(begin, span->timestamp_us);
    end = std::max(end, span->timestamp_us + span->duration_us);
  }
  const double total = std::max<int64_t>(end - begin, 1);
  auto by_start = [](const CollectedSpan* a, const CollectedSpan* b) {
    return a->timestamp_us < b->timestamp_us;
  };
  std::sort(spans.begin(), spans.end(), by_start);
  auto has_parent = [&](const CollectedSpan* span) {
    return std::any_of(spans.begin(), spans.end(),
                       [&](const CollectedSpan* p) { return p->id == span->parent_id; });
  };

  char line[512];
  std::snprintf(line, sizeof line, "trace %s: %zu spans, %.3f ms\n", trace_id.c_str(),
                spans.size(), total / 1000.0);
  std::string out = line;
  constexpr int kWidth = 40;
  std::function<void(const CollectedSpan*, int)> print = [&](const CollectedSpan* span,
                                                             int depth) {
    const int from = static_cast<int>((span->timestamp_us - begin) / total * kWidth);
    const int to = std::max(
        from + 1, static_cast<int>((span->timestamp_us + span->duration_us - begin) /
                                   total * kWidth));
    std::string bar(kWidth, ' ');
    for (int i = from; i < std::min(to, kWidth); ++i) bar[i] = '#';
    auto code = span->tags.find("rpc.grpc.status_code");
    const bool error = span->tags.count("error") > 0;
    std::snprintf(line, sizeof line, "%9.3f ms %9.3f ms |%s| %s%-9s %-6s %s%s%s\n",
                  (span->timestamp_us - begin) / 1000.0, span->duration_us / 1000.0,
                  bar.c_str(), std::string(2 * depth, ' ').c_str(), span->service.c_str(),
                  span->kind.c_str(), span->name.c_str(),
                  code == span->tags.end() ? "" : (" code=" + code->second).c_str(),
                  error ? (" error=\"" + span->tags.at("error") + "\"").c_str() : "");
    out += line;
    for (const auto* child : spans) {
      if (child->parent_id == span->id && child != span) print(child, depth + 1);
    }
  };
  for (const auto* span : spans) {
    if (!has_parent(span)) print(span, 0);
  }
  return out;
}

SpanCollector::SpanCollector() : server_(std::make_unique<httplib::Server>()) {
  server_->Post("/api/v2/spans", [this](const httplib::Request& request,
                                        httplib::Response& response) {
    std::vector<CollectedSpan> received;
    if (!ParseZipkinSpans(request.body, &received)) {
      response.status = 400;
      response.set_content("expected a JSON array of Zipkin v2 spans\n", "text/plain");
      return;
    }
    std::unique_lock<std::mutex> lock(mu_);
    // A slow collector: wait (for the delay, or until stopped) before answering.
    changed_.wait_for(lock, delay_, [&] { return stopping_; });
    for (auto& span : received) spans_.push_back(std::move(span));
    changed_.notify_all();
    response.status = 202;  // what Zipkin answers
  });
}

SpanCollector::~SpanCollector() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

bool SpanCollector::Start(int port) {
  port_ = port == 0 ? server_->bind_to_any_port("127.0.0.1")
                    : (server_->bind_to_port("127.0.0.1", port) ? port : -1);
  if (port_ <= 0) return false;
  // Connections wait in the listen backlog until this thread accepts them.
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return true;
}

std::vector<CollectedSpan> SpanCollector::Spans() const {
  std::lock_guard<std::mutex> lock(mu_);
  return spans_;
}

bool SpanCollector::WaitForSpans(size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return spans_.size() >= count; });
}

std::string SpanCollector::Json() const {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& span : Spans()) array.push_back(nlohmann::json::parse(span.json));
  return array.dump(2) + "\n";
}

}  // namespace lab::tracing
