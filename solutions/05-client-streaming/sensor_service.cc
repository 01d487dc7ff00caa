// Lesson 05, part 1: a handler that reads a stream of messages.
#include "sensor_service.h"

#include <algorithm>
#include <cstdint>

namespace lab::sensors {
namespace {

// Why `reading` cannot be accepted, or "" if it can.
std::string Problem(const Reading& reading) {
  if (reading.sensor_id().empty()) return "sensor_id is empty";
  const int value = reading.deci_celsius();
  if (value < kMinDeciCelsius || value > kMaxDeciCelsius) {
    return "deci_celsius " + std::to_string(value) + " is outside " +
           std::to_string(kMinDeciCelsius) + ".." + std::to_string(kMaxDeciCelsius);
  }
  return "";
}

UploadSummary Summarise(const std::vector<Reading>& readings) {
  UploadSummary summary;
  // Nothing uploaded: every field stays 0. There is no minimum of nothing, and 0/0
  // would put a NaN on the wire.
  if (readings.empty()) return summary;
  const int count = static_cast<int>(readings.size());
  int min = readings.front().deci_celsius();
  int max = min;
  int64_t sum = 0;
  for (const Reading& reading : readings) {
    min = std::min(min, reading.deci_celsius());
    max = std::max(max, reading.deci_celsius());
    sum += reading.deci_celsius();
  }
  summary.set_count(count);
  summary.set_min_deci_celsius(min);
  summary.set_max_deci_celsius(max);
  summary.set_mean_deci_celsius(static_cast<double>(sum) / count);
  return summary;
}

}  // namespace

// Contract (sensor_service.h): the whole upload is checked, reading by reading, and
// the call ends at the first bad one (INVALID_ARGUMENT, naming its position); an upload
// the client did not finish is CANCELLED; an upload is stored whole or not at all; the
// summary has count, min, max and an exact mean (all 0 for an empty upload).
grpc::Status SensorServiceImpl::UploadReadings(grpc::ServerContext* context,
                                               grpc::ServerReader<Reading>* reader,
                                               UploadSummary* summary) {
  // Collect the upload here first: the store only sees it once all of it is known to
  // be good, so a rejected upload leaves nothing half-applied behind.
  std::vector<Reading> upload;
  Reading reading;
  while (reader->Read(&reading)) {
    const std::string problem = Problem(reading);
    if (!problem.empty()) {
      // Returning ends the call now, at the bad reading: nothing after it is read.
      // The client learns it from Finish(); its Write()s may go on succeeding for a
      // while, since they only hand messages to gRPC's buffers.
      return grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          "reading " + std::to_string(upload.size() + 1) + ": " + problem);
    }
    upload.push_back(reading);
  }
  // Read() returns false both when the client half-closed (WritesDone) and when the
  // call broke off (cancelled, deadline passed). Only the first is a finished upload.
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED,
                        "the upload was cancelled; nothing was stored");
  }
  store_.AddAll(upload);
  *summary = Summarise(upload);
  return grpc::Status::OK;
}

}  // namespace lab::sensors
