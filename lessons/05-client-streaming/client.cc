// Lesson 05, part 2: writing a stream on the client.
#include "client.h"

namespace lab::sensors {

// Contract (client.h): one call with a deadline; Write each reading (stop if a Write
// fails); WritesDone; Finish; on OK fill *summary; return the status unchanged.
grpc::Status SendReadings(SensorService::StubInterface& stub,
                          const std::vector<Reading>& readings, UploadSummary* summary,
                          std::chrono::milliseconds timeout) {
  // TODO(lesson05): give a grpc::ClientContext a deadline, open the stream with
  // stub.UploadReadings(&context, &reply), Write() each reading, then WritesDone()
  // and Finish().
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson05): implement SendReadings in lessons/05-client-streaming/client.cc");
}

}  // namespace lab::sensors
