// The Perf service on gRPC's sync API: the same answers as PerfService, the way most
// first servers are written. Each call holds one of the server's threads until its
// handler returns. The benchmark's baseline. Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include "perf.grpc.pb.h"

namespace lab::perf {

class PerfSyncService : public Perf::Service {
 public:
  grpc::Status GetRecord(grpc::ServerContext* context, const RecordRequest* request,
                         Record* response) override;
  grpc::Status StreamRecords(grpc::ServerContext* context, const BatchRequest* request,
                             grpc::ServerWriter<Record>* writer) override;
  grpc::Status Transfer(grpc::ServerContext* context, const Payload* request,
                        PayloadReply* response) override;
};

}  // namespace lab::perf
