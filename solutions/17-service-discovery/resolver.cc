// Lesson 17, part 2: a client lists the registered backends and follows changes.
#include "registry.h"

namespace lab::discovery {

grpc::Status ListBackends(etcdserverpb::KV::StubInterface& kv, const std::string& prefix,
                          std::set<std::string>* backends, int64_t* revision) {
  etcdserverpb::RangeRequest request;
  request.set_key(prefix);
  request.set_range_end(PrefixRangeEnd(prefix));
  etcdserverpb::RangeResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kEtcdCallTimeout);
  grpc::Status status = kv.Range(&context, request, &response);
  if (!status.ok()) return status;
  backends->clear();
  for (const mvccpb::KeyValue& kv_pair : response.kvs()) {
    backends->insert(kv_pair.key().substr(prefix.size()));
  }
  // The store's revision, not the newest key's: a delete after it has a revision too.
  *revision = response.header().revision();
  return grpc::Status::OK;
}

namespace {

// Applies one event; true if the set changed. A DELETE carries the key only.
bool Apply(const mvccpb::Event& event, const std::string& prefix,
           std::set<std::string>* backends) {
  const std::string address = event.kv().key().substr(prefix.size());
  if (event.type() == mvccpb::Event::PUT) return backends->insert(address).second;
  return backends->erase(address) > 0;
}

}  // namespace

grpc::Status WatchBackends(
    etcdserverpb::Watch::StubInterface& watch, grpc::ClientContext* context,
    const std::string& prefix, int64_t list_revision, std::set<std::string>* backends,
    const std::function<void(const std::set<std::string>&)>& on_change) {
  auto stream = watch.Watch(context);
  etcdserverpb::WatchRequest request;
  etcdserverpb::WatchCreateRequest* create = request.mutable_create_request();
  create->set_key(prefix);
  create->set_range_end(PrefixRangeEnd(prefix));
  // The list holds everything up to list_revision: the next change is list_revision+1.
  create->set_start_revision(list_revision + 1);
  if (!stream->Write(request)) return stream->Finish();
  etcdserverpb::WatchResponse response;
  while (stream->Read(&response)) {
    if (response.canceled()) {
      context->TryCancel();
      stream->Finish();
      return grpc::Status(grpc::StatusCode::ABORTED,
                          "etcd cancelled the watch: " + response.cancel_reason());
    }
    bool changed = false;
    for (const mvccpb::Event& event : response.events()) {
      changed = Apply(event, prefix, backends) || changed;
    }
    if (changed) on_change(*backends);
  }
  return stream->Finish();
}

}  // namespace lab::discovery
