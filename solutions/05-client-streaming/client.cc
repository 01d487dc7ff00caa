// Lesson 05, part 2: writing a stream on the client.
#include "client.h"

namespace lab::sensors {

// Contract (client.h): one call, deadline `timeout` from now, that sends the readings
// in order (none after a failed Write) and says the upload is complete; on OK *summary
// holds the server's answer; any other status comes back unchanged, *summary untouched.
grpc::Status SendReadings(SensorService::StubInterface& stub,
                          const std::vector<Reading>& readings, UploadSummary* summary,
                          std::chrono::milliseconds timeout) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  UploadSummary reply;  // filled in by Finish() when the server answers OK
  std::unique_ptr<grpc::ClientWriterInterface<Reading>> writer =
      stub.UploadReadings(&context, &reply);
  for (const Reading& reading : readings) {
    // A failed Write means the stream is over (the server already answered, e.g. it
    // rejected an earlier reading): stop sending; Finish() will say why. A successful
    // one proves nothing: it only handed the reading to gRPC's buffers.
    if (!writer->Write(reading)) break;
  }
  // Half-close: "no more readings". Without it the server's Read() waits for more
  // until the deadline, and Finish() below waits with it.
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (status.ok()) *summary = std::move(reply);
  return status;
}

}  // namespace lab::sensors
