// Given: do not edit. The span exporter: a bounded queue and one thread that POSTs
// batches to a Zipkin-compatible collector. An RPC only ever pays for Export(): a lock
// and a push onto a deque. The network is this thread's business.
#include <httplib.h>

#include "tracing.h"

namespace lab::tracing {

SpanExporter::SpanExporter(Options options)
    : options_(std::move(options)), thread_([this] { Run(); }) {}

SpanExporter::~SpanExporter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void SpanExporter::Export(Span span) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++accepted_;
    if (queue_.size() >= options_.max_queue) {
      ++dropped_;  // never wait for room: the RPC must not pay for a slow collector
    } else {
      queue_.push_back(std::move(span));
    }
  }
  changed_.notify_all();
}

bool SpanExporter::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  const uint64_t target = accepted_;
  return changed_.wait_for(lock, timeout, [&] { return sent_ + dropped_ >= target; });
}

uint64_t SpanExporter::sent() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sent_;
}

uint64_t SpanExporter::dropped() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

// Takes up to max_batch spans, POSTs them WITHOUT holding the lock (Export must not
// wait for the network), counts the outcome, repeats. When stopping, a failed POST
// drops the rest: the destructor waits for one timeout at most, not one per batch.
void SpanExporter::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to send
    std::vector<Span> batch;
    while (!queue_.empty() && batch.size() < options_.max_batch) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    const bool ok = Post(batch);
    lock.lock();
    (ok ? sent_ : dropped_) += batch.size();
    if (!ok && stopping_) {
      dropped_ += queue_.size();
      queue_.clear();
    }
    changed_.notify_all();  // Flush() waits for these counts
  }
}

// One POST /api/v2/spans with the batch as Zipkin v2 JSON. True on a 2xx answer
// (Zipkin answers 202 Accepted).
bool SpanExporter::Post(const std::vector<Span>& batch) {
  if (options_.collector_url.empty()) return false;
  httplib::Client client(options_.collector_url);
  if (!client.is_valid()) return false;
  client.set_connection_timeout(options_.timeout);
  client.set_read_timeout(options_.timeout);
  client.set_write_timeout(options_.timeout);
  const httplib::Result result =
      client.Post("/api/v2/spans", ToZipkinJson(batch), "application/json");
  return result && result->status >= 200 && result->status < 300;
}

}  // namespace lab::tracing
