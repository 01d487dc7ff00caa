// A client of the Perf service (proto/perf.proto) that is cheap to call many times.
// Implemented in perf_client.cc (yours).
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "perf.grpc.pb.h"

namespace lab::perf {

struct ClientTuning {
  // The largest message this client must accept from the server, in bytes; 0 keeps
  // gRPC's default (4 MiB, kDefaultReceiveLimit).
  int max_message_bytes = 0;
  // Every call's deadline.
  std::chrono::milliseconds timeout{5000};
};

// One PerfClient makes all its calls, from any number of threads at once, over ONE
// connection to `target` (step 3), opened when it is first needed.
class PerfClient {
 public:
  PerfClient(const std::string& target, ClientTuning tuning = {});

  // The record `id` (one GetRecord call). Errors: the call's status.
  grpc::Status GetRecord(int64_t id, Record* record);

  // Step 2: records first_id .. first_id + count - 1 into *records (replacing what was
  // there), fetched with ONE StreamRecords call, whatever the count. Errors: the
  // call's status (INVALID_ARGUMENT for a bad count), as the server sent it.
  grpc::Status FetchBatch(int64_t first_id, int count, std::vector<Record>* records);

  // Step 4.1: sends `data` with one Transfer call and asks for `reply_bytes` bytes back
  // (random ones when `random_reply`). When `compress`, this call's request goes
  // gzip-compressed; otherwise it goes as it is. Other calls are never compressed by
  // the client. Errors: the call's status (RESOURCE_EXHAUSTED for a message above a
  // limit).
  grpc::Status Transfer(const std::string& data, int64_t reply_bytes, bool random_reply,
                        bool compress, PayloadReply* reply);

 private:
  ClientTuning tuning_;
  std::string target_;
  std::shared_ptr<grpc::Channel> channel_;  // set it up in the constructor
  std::unique_ptr<Perf::Stub> stub_;
};

}  // namespace lab::perf
