// Lesson 22, step 1: the Perf service on gRPC's callback API, and step 4.2: the
// server's receive limit.
#include "perf_service.h"

#include "records.h"

namespace lab::perf {
namespace {

// Writes MakeRecord(first_id + i) for i in [0, count), one write in flight at a time:
// each OnWriteDone starts the next, the last one finishes the call.
class RecordWriter final : public grpc::ServerWriteReactor<Record> {
 public:
  RecordWriter(int64_t first_id, int count) : next_id_(first_id), left_(count) {
    WriteNext();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {  // the client is gone: nobody reads what is left
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      return;
    }
    WriteNext();
  }

  void OnDone() override { delete this; }

 private:
  void WriteNext() {
    if (left_ == 0) {
      Finish(grpc::Status::OK);
      return;
    }
    --left_;
    record_ = MakeRecord(next_id_++);  // must live until OnWriteDone
    StartWrite(&record_);
  }

  int64_t next_id_;
  int left_;
  Record record_;
};

// A reactor that has already finished: for calls refused before any write.
class RefusedWriter final : public grpc::ServerWriteReactor<Record> {
 public:
  explicit RefusedWriter(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerUnaryReactor* PerfService::GetRecord(grpc::CallbackServerContext* context,
                                                 const RecordRequest* request,
                                                 Record* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (request->id() < 0) {
    reactor->Finish(
        grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "id must not be negative"));
    return reactor;
  }
  *response = MakeRecord(request->id());
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerWriteReactor<Record>* PerfService::StreamRecords(
    grpc::CallbackServerContext* /*context*/, const BatchRequest* request) {
  if (request->count() < 0 || request->count() > kMaxBatch) {
    return new RefusedWriter(
        grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                     "count must be in [0, " + std::to_string(kMaxBatch) + "]"));
  }
  return new RecordWriter(request->first_id(), request->count());
}

grpc::ServerUnaryReactor* PerfService::Transfer(grpc::CallbackServerContext* context,
                                                const Payload* request,
                                                PayloadReply* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (request->reply_bytes() < 0 || request->reply_bytes() > kMaxReplyBytes) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "reply_bytes must be in [0, 64 MiB]"));
    return reactor;
  }
  // Compression is chosen per call: text shrinks, random bytes do not.
  if (!request->random_reply()) context->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  response->set_received_bytes(static_cast<int64_t>(request->data().size()));
  response->set_data(MakeBytes(request->reply_bytes(), request->random_reply()));
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

void ConfigureServer(grpc::ServerBuilder& builder, const ServerTuning& tuning) {
  // The limit that refuses a large request is the one on the side that RECEIVES it.
  if (tuning.max_message_bytes > 0) {
    builder.SetMaxReceiveMessageSize(tuning.max_message_bytes);
  }
}

}  // namespace lab::perf
