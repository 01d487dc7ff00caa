// Lesson 05, part 1: a handler that reads a stream of messages.
#include "sensor_service.h"

namespace lab::sensors {

// Contract (sensor_service.h): the whole upload is checked, reading by reading, and
// the call ends at the first bad one (INVALID_ARGUMENT, naming its position); an upload
// the client did not finish is CANCELLED; an upload is stored whole or not at all; the
// summary has count, min, max and an exact mean (all 0 for an empty upload).
grpc::Status SensorServiceImpl::UploadReadings(grpc::ServerContext* context,
                                               grpc::ServerReader<Reading>* reader,
                                               UploadSummary* summary) {
  // TODO(lesson05): take in the upload, ending the call at the first bad reading.
  // TODO(lesson05): tell an upload the client finished from one that broke off.
  // TODO(lesson05): store an upload whole or not at all (README: "All or nothing").
  // TODO(lesson05): answer with the upload's summary.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson05): implement SensorServiceImpl::UploadReadings in "
                      "lessons/05-client-streaming/sensor_service.cc");
}

}  // namespace lab::sensors
