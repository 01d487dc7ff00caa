// Given: do not edit. A small Zipkin-compatible collector (POST /api/v2/spans) that
// keeps the spans in memory, and the waterfall that prints one trace. The tests and
// build/bin/lesson20_collector use it; a real Zipkin or Jaeger takes the same POSTs.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace lab::tracing {

// One span as the collector read it from the JSON (absent fields are empty / 0).
struct CollectedSpan {
  std::string trace_id, id, parent_id, name, kind, service;
  int64_t timestamp_us = 0;
  int64_t duration_us = 0;
  std::map<std::string, std::string> tags;
  std::string json;  // the span's JSON object as it arrived
};

// Reads a Zipkin v2 JSON array of spans. False if `json` is no such array.
bool ParseZipkinSpans(const std::string& json, std::vector<CollectedSpan>* out);

// One trace as a tree with timings, one line per span, children under their parent.
std::string Waterfall(const std::vector<CollectedSpan>& spans,
                      const std::string& trace_id);

class SpanCollector {
 public:
  SpanCollector();
  ~SpanCollector();  // stops serving
  SpanCollector(const SpanCollector&) = delete;
  SpanCollector& operator=(const SpanCollector&) = delete;

  // Listens on 127.0.0.1:port (0 = any free port). False if it cannot.
  bool Start(int port = 0);
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // From now on answers every POST only after `delay`: a slow collector.
  void set_delay(std::chrono::milliseconds delay) {
    std::lock_guard<std::mutex> lock(mu_);
    delay_ = delay;
  }

  std::vector<CollectedSpan> Spans() const;
  // Waits until at least `count` spans arrived, at most `timeout`.
  bool WaitForSpans(size_t count, std::chrono::milliseconds timeout) const;
  // All spans received so far as one pretty JSON array.
  std::string Json() const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::chrono::milliseconds delay_{0};
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  bool stopping_ = false;
  std::vector<CollectedSpan> spans_;
};

}  // namespace lab::tracing
