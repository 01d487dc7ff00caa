// Contract for lesson 17: a service registry in etcd. Given: do not edit.
// Your work is in registrar.cc (a backend registers itself) and resolver.cc (a client
// finds the backends and follows changes).
//
// The layout in etcd: one key per backend, PREFIX + ADDRESS, whose value is ADDRESS
// ("127.0.0.1:PORT"), attached to the backend's lease. Example, prefix "/lab/backend/":
//   /lab/backend/127.0.0.1:40123 -> 127.0.0.1:40123
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "etcd/etcdserver/etcdserverpb/rpc.grpc.pb.h"

namespace lab::discovery {

// The deadline of each unary call to etcd (LeaseGrant, Put, Range, LeaseRevoke).
inline constexpr std::chrono::seconds kEtcdCallTimeout{2};

// The end of the key range that holds every key starting with `prefix` (etcd's
// range_end): `prefix` with its last byte increased by one ("/a/" -> "/a0").
// Given: a prefix must not be empty or end in byte 0xff.
std::string PrefixRangeEnd(const std::string& prefix);

// ---------------------------------------------------------------------------------
// Part 1: a backend registers itself (registrar.cc).

struct Registration {
  std::string prefix;   // e.g. "/lab/backend/"
  std::string address;  // this backend, "127.0.0.1:PORT"
  // How long the registration outlives a backend that stops renewing it (crash, kill
  // -9, lost network). etcd 3.4 grants at least 2 s (README: "Leases").
  std::chrono::seconds ttl{2};
};

class Registrar {
 public:
  Registrar(std::shared_ptr<grpc::Channel> etcd, Registration registration);
  // Stops the keep-alive (if running) WITHOUT revoking the lease: the key then goes
  // when its lease expires, as if the process had died. Call Deregister() first for
  // a clean shutdown.
  ~Registrar();
  Registrar(const Registrar&) = delete;
  Registrar& operator=(const Registrar&) = delete;

  // TODO(lesson17) in registrar.cc. Grants a lease with the registration's TTL
  // (LeaseGrant), puts the key PREFIX+ADDRESS with value ADDRESS under that lease
  // (Put), and starts the keep-alive: StartKeepAlive(), which runs KeepAlive() on a
  // thread of its own. Each call has a deadline of kEtcdCallTimeout. Returns the first
  // failing call's status (the lease granted so far may be left to expire), OK once
  // registered. Call it once.
  grpc::Status Register();

  // TODO(lesson17) in registrar.cc. Clean shutdown: stops the keep-alive
  // (StopKeepAlive()), then revokes the lease (LeaseRevoke), which deletes the key at
  // once: clients see the backend go now, not a TTL later. Returns the LeaseRevoke
  // status; FAILED_PRECONDITION if Register() did not succeed.
  grpc::Status Deregister();

  // The lease Register() granted (0 before).
  int64_t lease_id() const { return lease_id_; }

 private:
  // TODO(lesson17) in registrar.cc. Runs on the keep-alive thread until StopKeepAlive():
  // keeps lease_id_ alive over one LeaseKeepAlive stream opened on
  // `keepalive_context_`, renewing it well within the TTL (a third of it is usual) and
  // reading etcd's answer to each renewal. Waits between renewals with
  // WaitForStopOr(). Returns OK when stopped; UNAVAILABLE (or the stream's status) if
  // the stream breaks; NOT_FOUND if etcd answers with a TTL <= 0 (the lease is gone).
  grpc::Status KeepAlive();

  // Given (registrar_control.cc).
  void StartKeepAlive();  // runs KeepAlive() on keepalive_thread_; logs its failure
  void StopKeepAlive();   // sets the stop flag, cancels keepalive_context_, joins
  // Waits `delay` or until StopKeepAlive(), whichever is first: true if stopped.
  bool WaitForStopOr(std::chrono::milliseconds delay);

  const Registration registration_;
  const std::unique_ptr<etcdserverpb::KV::Stub> kv_;
  const std::unique_ptr<etcdserverpb::Lease::Stub> lease_;
  int64_t lease_id_ = 0;
  grpc::ClientContext keepalive_context_;  // the keep-alive stream's; cancelled by Stop
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread keepalive_thread_;
};

// ---------------------------------------------------------------------------------
// Part 2: a client finds the backends and follows changes (resolver.cc).

// TODO(lesson17) in resolver.cc. Reads every key under `prefix` (one Range over
// [prefix, PrefixRangeEnd(prefix)), deadline kEtcdCallTimeout) into *backends (the
// addresses: each key without the prefix), and sets *revision to the revision of the
// store the answer describes (the response header's). Returns the Range status.
grpc::Status ListBackends(etcdserverpb::KV::StubInterface& kv, const std::string& prefix,
                          std::set<std::string>* backends, int64_t* revision);

// TODO(lesson17) in resolver.cc. Follows every change under `prefix` made AFTER
// `list_revision` (the revision ListBackends reported for *backends): none missed,
// none applied twice. Opens a Watch stream on `context` (the caller may cancel it),
// asks for one watch of the prefix, and applies each event to *backends (PUT: the
// address is added; DELETE, also a lease that expired or was revoked: removed), then
// calls on_change(*backends) after each response that changed the set.
// Returns when the stream ends: CANCELLED if the context was cancelled, the stream's
// status (UNAVAILABLE when etcd went away) otherwise, ABORTED if etcd cancelled the
// watch. Never clears *backends: what was known stays known.
grpc::Status WatchBackends(
    etcdserverpb::Watch::StubInterface& watch, grpc::ClientContext* context,
    const std::string& prefix, int64_t list_revision, std::set<std::string>* backends,
    const std::function<void(const std::set<std::string>&)>& on_change);

// Given (resolver_loop.cc): keeps a client's backend list in step with the registry,
// on a thread of its own, with your ListBackends and WatchBackends:
//   ListBackends -> on_update(list) -> WatchBackends(from that revision) -> ...
// When etcd cannot be reached or the watch breaks, the last list stays (on_update is
// not called) and it starts over (ListBackends, then a new watch) after retry_delay,
// until Stop(). on_update gets the sorted addresses, only when they changed; it may be
// an empty list (every backend gone): the receiver decides what to do with it
// (lesson 16's SwappableChannel keeps its current channel).
class Resolver {
 public:
  using OnUpdate = std::function<void(std::vector<std::string>)>;
  Resolver(std::shared_ptr<grpc::Channel> etcd, std::string prefix, OnUpdate on_update,
           std::chrono::milliseconds retry_delay = std::chrono::milliseconds(200));
  ~Resolver();  // Stop()
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  void Start();
  void Stop();  // cancels the watch in progress and joins; on_update is not called after

 private:
  void Loop();
  void Publish(const std::set<std::string>& backends);
  bool WaitForStopOr(std::chrono::milliseconds delay);

  const std::string prefix_;
  const OnUpdate on_update_;
  const std::chrono::milliseconds retry_delay_;
  const std::unique_ptr<etcdserverpb::KV::Stub> kv_;
  const std::unique_ptr<etcdserverpb::Watch::Stub> watch_;
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;                         // guarded by mu_
  grpc::ClientContext* watch_context_ = nullptr;  // guarded by mu_: the watch running now
  bool published_ = false;                        // Loop's thread only
  std::set<std::string> last_published_;          // Loop's thread only
  std::string last_error_;  // Loop's thread only: the last one logged
  std::thread thread_;
};

}  // namespace lab::discovery
