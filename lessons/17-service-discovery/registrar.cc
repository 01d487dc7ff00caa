// Lesson 17, part 1: a backend registers itself in etcd under a lease.
// Contracts: registry.h. The plumbing (the keep-alive thread) is in registry.cc.
#include "registry.h"

namespace lab::discovery {

// Lease (TTL), then the key under it, then the keep-alive. See registry.h.
grpc::Status Registrar::Register() {
  // TODO(lesson17): grant a lease with registration_.ttl (lease_->LeaseGrant), put
  // PREFIX+ADDRESS -> ADDRESS attached to it (kv_->Put), remember the lease in
  // lease_id_, then StartKeepAlive(). Every call with a deadline; return any failure.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson17): implement Registrar::Register in "
                      "lessons/17-service-discovery/registrar.cc");
}

// Renews lease_id_ on one LeaseKeepAlive stream until stopped. See registry.h.
grpc::Status Registrar::KeepAlive() {
  // TODO(lesson17): open the stream on keepalive_context_; renew (write the lease id,
  // read etcd's answer) often enough that the lease never runs out; wait with
  // WaitForStopOr() between renewals. OK when stopped; an error if the stream breaks
  // or etcd says the lease is gone.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson17): implement Registrar::KeepAlive in "
                      "lessons/17-service-discovery/registrar.cc");
}

// Clean shutdown: the key goes at once. See registry.h.
grpc::Status Registrar::Deregister() {
  // TODO(lesson17): FAILED_PRECONDITION if not registered; otherwise stop the
  // keep-alive, then revoke the lease, and return what etcd said.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson17): implement Registrar::Deregister in "
                      "lessons/17-service-discovery/registrar.cc");
}

}  // namespace lab::discovery
