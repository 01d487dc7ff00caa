// Lesson 22, steps 2 to 4: a client that reuses one channel, fetches batches on one
// stream, and sets its receive limit and compression where they belong. Contracts:
// perf_client.h.
#include "perf_client.h"

namespace lab::perf {

// All calls of this client share one connection; replies of up to
// tuning.max_message_bytes are accepted (0: gRPC's default).
PerfClient::PerfClient(const std::string& target, ClientTuning tuning)
    : tuning_(tuning), target_(target) {
  // TODO(lesson22): set up what every call of this client uses (steps 3 and 4.3).
}

// One GetRecord call, with the client's deadline.
grpc::Status PerfClient::GetRecord(int64_t /*id*/, Record* /*record*/) {
  // TODO(lesson22): one GetRecord call (step 3).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson22): implement GetRecord in "
                      "lessons/22-performance/perf_client.cc");
}

// count records from first_id on ONE StreamRecords call; the call's status.
grpc::Status PerfClient::FetchBatch(int64_t /*first_id*/, int /*count*/,
                                    std::vector<Record>* /*records*/) {
  // TODO(lesson22): fetch the whole batch on one stream (step 2).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson22): implement FetchBatch in "
                      "lessons/22-performance/perf_client.cc");
}

// One Transfer call; its request gzip-compressed only when `compress`.
grpc::Status PerfClient::Transfer(const std::string& /*data*/, int64_t /*reply_bytes*/,
                                  bool /*random_reply*/, bool /*compress*/,
                                  PayloadReply* /*reply*/) {
  // TODO(lesson22): one Transfer call; decide where compression is chosen (step 4.1).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson22): implement Transfer in "
                      "lessons/22-performance/perf_client.cc");
}

}  // namespace lab::perf
