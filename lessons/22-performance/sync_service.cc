// Given: do not edit.
#include "sync_service.h"

#include "records.h"

namespace lab::perf {

grpc::Status PerfSyncService::GetRecord(grpc::ServerContext* /*context*/,
                                        const RecordRequest* request, Record* response) {
  if (request->id() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "id must not be negative");
  }
  *response = MakeRecord(request->id());
  return grpc::Status::OK;
}

grpc::Status PerfSyncService::StreamRecords(grpc::ServerContext* /*context*/,
                                            const BatchRequest* request,
                                            grpc::ServerWriter<Record>* writer) {
  if (request->count() < 0 || request->count() > kMaxBatch) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "count must be in [0, " + std::to_string(kMaxBatch) + "]");
  }
  for (int i = 0; i < request->count(); ++i) {
    if (!writer->Write(MakeRecord(request->first_id() + i))) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
    }
  }
  return grpc::Status::OK;
}

grpc::Status PerfSyncService::Transfer(grpc::ServerContext* context,
                                       const Payload* request, PayloadReply* response) {
  if (request->reply_bytes() < 0 || request->reply_bytes() > kMaxReplyBytes) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "reply_bytes must be in [0, 64 MiB]");
  }
  if (!request->random_reply()) context->set_compression_algorithm(GRPC_COMPRESS_GZIP);
  response->set_received_bytes(static_cast<int64_t>(request->data().size()));
  response->set_data(MakeBytes(request->reply_bytes(), request->random_reply()));
  return grpc::Status::OK;
}

}  // namespace lab::perf
