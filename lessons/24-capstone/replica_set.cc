// Given: do not edit. A client's view of one service's replicas (capstone.h).
#include <iostream>

#include "capstone.h"

namespace lab::capstone {

std::string Ipv4Target(const std::vector<std::string>& addresses) {
  std::string target = "ipv4:";
  for (size_t i = 0; i < addresses.size(); ++i) {
    target += (i == 0 ? "" : ",") + addresses[i];
  }
  return target;
}

ReplicaSet::ReplicaSet(std::shared_ptr<grpc::Channel> etcd, std::string prefix,
                       std::string service, Certs certs, lab::tracing::Tracer tracer)
    : service_(std::move(service)),
      certs_(std::move(certs)),
      tracer_(std::move(tracer)),
      resolver_(
          std::move(etcd), std::move(prefix),
          [this](std::vector<std::string> addresses) { Update(std::move(addresses)); }) {
  resolver_.Start();
}

ReplicaSet::~ReplicaSet() { resolver_.Stop(); }

std::shared_ptr<grpc::Channel> ReplicaSet::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return channel_;
}

bool ReplicaSet::WaitForReplicas(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return channel_ != nullptr; });
}

// The resolver's thread. An empty list (every replica gone) keeps the channel we have:
// its replicas may come back, and a call then fails with gRPC's own status.
void ReplicaSet::Update(std::vector<std::string> addresses) {
  if (addresses.empty()) return;
  std::shared_ptr<grpc::Channel> channel;
  grpc::Status status = NewReplicaChannel(addresses, service_, certs_, tracer_, &channel);
  if (!status.ok() || channel == nullptr) {
    std::cerr << service_ << ": no channel to " << Ipv4Target(addresses) << ": "
              << status.error_message() << std::endl;
    return;
  }
  std::cout << service_ << " replicas: " << Ipv4Target(addresses) << std::endl;
  std::lock_guard<std::mutex> lock(mu_);
  addresses_ = std::move(addresses);
  channel_ = std::move(channel);
  changed_.notify_all();
}

}  // namespace lab::capstone
