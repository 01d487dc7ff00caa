// Lesson 05, part 2: writing a stream on the client.
#include "client.h"

namespace lab::sensors {

// Contract (client.h): one call, deadline `timeout` from now, that sends the readings
// in order (none after a failed Write) and says the upload is complete; on OK *summary
// holds the server's answer; any other status comes back unchanged, *summary untouched.
grpc::Status SendReadings(SensorService::StubInterface& stub,
                          const std::vector<Reading>& readings, UploadSummary* summary,
                          std::chrono::milliseconds timeout) {
  // TODO(lesson05): upload the readings, in order, under the deadline `timeout`.
  // TODO(lesson05): let the server know the upload is complete, then get its answer:
  // the summary on OK, the status unchanged either way.
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson05): implement SendReadings in lessons/05-client-streaming/client.cc");
}

}  // namespace lab::sensors
