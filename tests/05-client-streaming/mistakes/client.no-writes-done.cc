// Mistake: the client never half-closes (no WritesDone), so the server keeps waiting
// for readings and the call ends only at its deadline.
// Lesson 05, part 2: writing a stream on the client.
#include "client.h"

namespace lab::sensors {

// Contract (client.h): one call with a deadline; Write each reading (stop if a Write
// fails); WritesDone; Finish; on OK fill *summary; return the status unchanged.
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
    // rejected an earlier reading): stop sending; Finish() will say why.
    if (!writer->Write(reading)) break;
  }
  grpc::Status status = writer->Finish();
  if (status.ok()) *summary = std::move(reply);
  return status;
}

}  // namespace lab::sensors
