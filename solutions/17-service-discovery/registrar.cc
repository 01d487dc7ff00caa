// Lesson 17, part 1: a backend registers itself in etcd under a lease.
#include "registry.h"

namespace lab::discovery {
namespace {

void SetDeadline(grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + kEtcdCallTimeout);
}

}  // namespace

grpc::Status Registrar::Register() {
  etcdserverpb::LeaseGrantRequest grant;
  grant.set_ttl(registration_.ttl.count());
  etcdserverpb::LeaseGrantResponse granted;
  grpc::ClientContext grant_context;
  SetDeadline(grant_context);
  grpc::Status status = lease_->LeaseGrant(&grant_context, grant, &granted);
  if (!status.ok()) return status;
  if (!granted.error().empty()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "LeaseGrant: " + granted.error());
  }

  // The key lives as long as the lease: no keep-alive, no key, a TTL after the end.
  etcdserverpb::PutRequest put;
  put.set_key(registration_.prefix + registration_.address);
  put.set_value(registration_.address);
  put.set_lease(granted.id());
  etcdserverpb::PutResponse put_response;
  grpc::ClientContext put_context;
  SetDeadline(put_context);
  status = kv_->Put(&put_context, put, &put_response);
  if (!status.ok()) return status;

  lease_id_ = granted.id();
  StartKeepAlive();
  return grpc::Status::OK;
}

grpc::Status Registrar::KeepAlive() {
  auto stream = lease_->LeaseKeepAlive(&keepalive_context_);
  etcdserverpb::LeaseKeepAliveRequest request;
  request.set_id(lease_id_);
  // A third of the TTL: two renewals may be lost before the lease runs out.
  const auto interval =
      std::chrono::duration_cast<std::chrono::milliseconds>(registration_.ttl) / 3;
  do {
    etcdserverpb::LeaseKeepAliveResponse response;
    if (!stream->Write(request) || !stream->Read(&response)) {
      if (WaitForStopOr(std::chrono::milliseconds(0))) return grpc::Status::OK;
      grpc::Status status = stream->Finish();
      return status.ok() ? grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                        "the keep-alive stream ended")
                         : status;
    }
    if (response.ttl() <= 0) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          "lease " + std::to_string(lease_id_) + " expired");
    }
  } while (!WaitForStopOr(interval));
  stream->Finish();  // CANCELLED: StopKeepAlive() cancels the stream, as it should
  return grpc::Status::OK;
}

grpc::Status Registrar::Deregister() {
  if (lease_id_ == 0) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "not registered");
  }
  StopKeepAlive();  // first: a renewal after the revoke would fail anyway
  etcdserverpb::LeaseRevokeRequest revoke;
  revoke.set_id(lease_id_);
  etcdserverpb::LeaseRevokeResponse revoked;
  grpc::ClientContext context;
  SetDeadline(context);
  return lease_->LeaseRevoke(&context, revoke, &revoked);
}

}  // namespace lab::discovery
