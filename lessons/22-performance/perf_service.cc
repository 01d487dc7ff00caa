// Lesson 22, step 1: the Perf service on gRPC's callback API, and step 4.2: the
// server's receive limit. Contracts: perf_service.h.
#include "perf_service.h"

#include "records.h"

namespace lab::perf {
namespace {

// A reactor that has already finished: what every method answers until you write it.
class NotStartedWriter final : public grpc::ServerWriteReactor<Record> {
 public:
  NotStartedWriter() {
    Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        "TODO(lesson22): implement StreamRecords in "
                        "lessons/22-performance/perf_service.cc"));
  }
  void OnDone() override { delete this; }
};

}  // namespace

// The record MakeRecord(id); INVALID_ARGUMENT for a negative id.
grpc::ServerUnaryReactor* PerfService::GetRecord(grpc::CallbackServerContext* context,
                                                 const RecordRequest* /*request*/,
                                                 Record* /*response*/) {
  // TODO(lesson22): answer through a reactor without blocking (step 1.1).
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                               "TODO(lesson22): implement GetRecord in "
                               "lessons/22-performance/perf_service.cc"));
  return reactor;
}

// `count` records from first_id, in order, one write in flight at a time, then OK;
// INVALID_ARGUMENT (nothing written) for a count outside [0, kMaxBatch].
grpc::ServerWriteReactor<Record>* PerfService::StreamRecords(
    grpc::CallbackServerContext* /*context*/, const BatchRequest* /*request*/) {
  // TODO(lesson22): a ServerWriteReactor whose OnWriteDone starts the next write and
  // which finishes after the last one (or when the client is gone) (step 1.2).
  return new NotStartedWriter();
}

// received_bytes and reply_bytes bytes of MakeBytes; a text reply goes gzip-compressed,
// a random one as it is; INVALID_ARGUMENT for a reply_bytes outside [0, kMaxReplyBytes].
grpc::ServerUnaryReactor* PerfService::Transfer(grpc::CallbackServerContext* context,
                                                const Payload* /*request*/,
                                                PayloadReply* /*response*/) {
  // TODO(lesson22): answer, and choose this reply's compression (step 1.3).
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                               "TODO(lesson22): implement Transfer in "
                               "lessons/22-performance/perf_service.cc"));
  return reactor;
}

// Lets clients send this server messages of up to tuning.max_message_bytes (0: keep
// gRPC's default).
void ConfigureServer(grpc::ServerBuilder& /*builder*/, const ServerTuning& /*tuning*/) {
  // TODO(lesson22): set the one limit that decides how large a request may be (step 4.2).
}

}  // namespace lab::perf
