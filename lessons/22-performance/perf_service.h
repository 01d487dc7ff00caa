// The Perf service (proto/perf.proto) on gRPC's callback API, and the server settings
// that decide what size of message it accepts. Implemented in perf_service.cc (yours).
// sync_service.h has the same service on the sync API: the benchmark's baseline.
#pragma once

#include <grpcpp/grpcpp.h>

#include "perf.grpc.pb.h"

namespace lab::perf {

// Every method answers through a reactor and returns at once: no handler blocks one of
// gRPC's threads, so a few threads serve many calls.
class PerfService final : public Perf::CallbackService {
 public:
  // Step 1.1: the record MakeRecord(id) (records.h). INVALID_ARGUMENT for a negative id.
  grpc::ServerUnaryReactor* GetRecord(grpc::CallbackServerContext* context,
                                      const RecordRequest* request,
                                      Record* response) override;

  // Step 1.2: MakeRecord(first_id), MakeRecord(first_id + 1), ... `count` of them, in
  // order, on this one stream, then OK (count 0: no record, OK). INVALID_ARGUMENT, with
  // no record written, for a count below 0 or above kMaxBatch. One write in flight at a
  // time; the call ends early (CANCELLED) if the client goes away.
  grpc::ServerWriteReactor<Record>* StreamRecords(grpc::CallbackServerContext* context,
                                                  const BatchRequest* request) override;

  // Step 1.3: received_bytes = the size of request->data(); data = MakeBytes(
  // reply_bytes, random_reply). A reply of text is sent gzip-compressed; a random
  // reply is sent as it is (gzip cannot shrink it, so trying would only cost time).
  // INVALID_ARGUMENT for a reply_bytes below 0 or above kMaxReplyBytes.
  grpc::ServerUnaryReactor* Transfer(grpc::CallbackServerContext* context,
                                     const Payload* request,
                                     PayloadReply* response) override;
};

struct ServerTuning {
  // The largest message this server must accept, in bytes; 0 keeps gRPC's default
  // (4 MiB, kDefaultReceiveLimit).
  int max_message_bytes = 0;
};

// Step 4.2: applies `tuning` to `builder` before the server is built, so that a client
// can send the server messages of up to tuning.max_message_bytes (and no larger).
void ConfigureServer(grpc::ServerBuilder& builder, const ServerTuning& tuning);

}  // namespace lab::perf
