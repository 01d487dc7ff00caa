// Lesson 17, part 2: a client lists the registered backends and follows changes.
// Contracts: registry.h. The loop that calls these (the Resolver) is in registry.cc.
#include "registry.h"

namespace lab::discovery {

// One Range of the prefix: the addresses, and the revision they are from.
grpc::Status ListBackends(etcdserverpb::KV::StubInterface& kv, const std::string& prefix,
                          std::set<std::string>* backends, int64_t* revision) {
  // TODO(lesson17): Range [prefix, PrefixRangeEnd(prefix)) with a deadline; fill
  // *backends with the addresses and *revision with the revision the answer is from.
  (void)kv;
  (void)prefix;
  (void)backends;
  (void)revision;
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson17): implement ListBackends in "
                      "lessons/17-service-discovery/resolver.cc");
}

// One Watch of the prefix, from just after list_revision, until the stream ends.
grpc::Status WatchBackends(
    etcdserverpb::Watch::StubInterface& watch, grpc::ClientContext* context,
    const std::string& prefix, int64_t list_revision, std::set<std::string>* backends,
    const std::function<void(const std::set<std::string>&)>& on_change) {
  // TODO(lesson17): open the Watch stream on `context`, create one watch of the prefix
  // that starts where the list ended (decide which revision: README "Revisions"),
  // apply PUT and DELETE events to *backends, call on_change after each response that
  // changed it, and return the stream's status when it ends (ABORTED if etcd cancels
  // the watch).
  (void)watch;
  (void)context;
  (void)prefix;
  (void)list_revision;
  (void)backends;
  (void)on_change;
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson17): implement WatchBackends in "
                      "lessons/17-service-discovery/resolver.cc");
}

}  // namespace lab::discovery
