// Lesson 05, part 1: a handler that reads a stream of messages.
#include "sensor_service.h"

namespace lab::sensors {

// Contract (sensor_service.h): Read() until it returns false, checking each reading
// (INVALID_ARGUMENT, naming its position); CANCELLED if the client went away; then
// store_.AddAll(...) and fill count, min, max and an exact mean. Empty is OK, all 0.
grpc::Status SensorServiceImpl::UploadReadings(grpc::ServerContext* context,
                                               grpc::ServerReader<Reading>* reader,
                                               UploadSummary* summary) {
  // TODO(lesson05): 1. read and check every reading, keeping them in a local vector
  // 2. did the client really finish, or cancel?  3. store them all at once
  // 4. fill *summary.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson05): implement SensorServiceImpl::UploadReadings in "
                      "lessons/05-client-streaming/sensor_service.cc");
}

}  // namespace lab::sensors
