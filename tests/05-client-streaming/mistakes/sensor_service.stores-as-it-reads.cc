// Mistake: each good reading is stored as it arrives, so a bad reading later in the
// upload leaves the ones before it stored: a half-applied upload.
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

// Contract (sensor_service.h): Read() until it returns false, checking each reading
// (INVALID_ARGUMENT, naming its position); CANCELLED if the client went away; then
// store_.AddAll(...) and fill count, min, max and an exact mean. Empty is OK, all 0.
grpc::Status SensorServiceImpl::UploadReadings(grpc::ServerContext* context,
                                               grpc::ServerReader<Reading>* reader,
                                               UploadSummary* summary) {
  std::vector<Reading> upload;
  Reading reading;
  while (reader->Read(&reading)) {
    const std::string problem = Problem(reading);
    if (!problem.empty()) {
      // Returning ends the call now; the client's next Write() fails and its Finish()
      // gets this status.
      return grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          "reading " + std::to_string(upload.size() + 1) + ": " + problem);
    }
    upload.push_back(reading);
    store_.Add(reading);  // keep it safe right away
  }
  // Read() returns false both when the client half-closed (WritesDone) and when the
  // call broke off (cancelled, deadline passed). Only the first is a finished upload.
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED,
                        "the upload was cancelled; nothing was stored");
  }
  *summary = Summarise(upload);
  return grpc::Status::OK;
}

}  // namespace lab::sensors
