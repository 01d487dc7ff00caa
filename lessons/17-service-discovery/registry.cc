// Given: do not edit. The plumbing around your code: the keep-alive thread of a
// Registrar, and the Resolver's loop over your ListBackends and WatchBackends.
#include "registry.h"

#include <iostream>

#include "common/status_name.h"

namespace lab::discovery {
namespace {

void Log(const std::string& what, const grpc::Status& status) {
  std::cerr << what << " failed: " << common::StatusCodeName(status.error_code()) << ": "
            << status.error_message() << std::endl;
}

}  // namespace

std::string PrefixRangeEnd(const std::string& prefix) {
  std::string end = prefix;
  end.back() = static_cast<char>(end.back() + 1);
  return end;
}

// --- Registrar -----------------------------------------------------------------------

Registrar::Registrar(std::shared_ptr<grpc::Channel> etcd, Registration registration)
    : registration_(std::move(registration)),
      kv_(etcdserverpb::KV::NewStub(etcd)),
      lease_(etcdserverpb::Lease::NewStub(etcd)) {}

Registrar::~Registrar() { StopKeepAlive(); }

void Registrar::StartKeepAlive() {
  keepalive_thread_ = std::thread([this] {
    grpc::Status status = KeepAlive();
    if (!status.ok()) Log("the keep-alive of lease " + std::to_string(lease_id_), status);
  });
}

void Registrar::StopKeepAlive() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  keepalive_context_.TryCancel();  // ends a Read() that waits for etcd
  if (keepalive_thread_.joinable()) keepalive_thread_.join();
}

bool Registrar::WaitForStopOr(std::chrono::milliseconds delay) {
  std::unique_lock<std::mutex> lock(mu_);
  return stop_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

// --- Resolver ------------------------------------------------------------------------

Resolver::Resolver(std::shared_ptr<grpc::Channel> etcd, std::string prefix,
                   OnUpdate on_update, std::chrono::milliseconds retry_delay)
    : prefix_(std::move(prefix)),
      on_update_(std::move(on_update)),
      retry_delay_(retry_delay),
      kv_(etcdserverpb::KV::NewStub(etcd)),
      watch_(etcdserverpb::Watch::NewStub(etcd)) {}

Resolver::~Resolver() { Stop(); }

void Resolver::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void Resolver::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (watch_context_ != nullptr) watch_context_->TryCancel();
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Resolver::WaitForStopOr(std::chrono::milliseconds delay) {
  std::unique_lock<std::mutex> lock(mu_);
  return stop_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

void Resolver::Publish(const std::set<std::string>& backends) {
  if (published_ && backends == last_published_) return;
  published_ = true;
  last_published_ = backends;
  on_update_(std::vector<std::string>(backends.begin(), backends.end()));
}

void Resolver::Loop() {
  do {
    std::set<std::string> backends;
    int64_t revision = 0;
    grpc::Status status = ListBackends(*kv_, prefix_, &backends, &revision);
    if (!status.ok()) {
      // etcd is away (or the code is not written yet): keep the last list, try again.
      // Said once, not at every retry.
      if (status.error_message() != last_error_) Log("listing " + prefix_, status);
      last_error_ = status.error_message();
      continue;
    }
    last_error_.clear();
    Publish(backends);
    grpc::ClientContext context;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      watch_context_ = &context;
    }
    status = WatchBackends(*watch_, &context, prefix_, revision, &backends,
                           [this](const std::set<std::string>& now) { Publish(now); });
    {
      std::lock_guard<std::mutex> lock(mu_);
      watch_context_ = nullptr;
      if (stopping_) return;
    }
    Log("the watch of " + prefix_, status);
  } while (!WaitForStopOr(retry_delay_));
}

}  // namespace lab::discovery
