// Contract for lesson 05's client. Given: do not edit. Your work is in client.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <vector>

#include "sensors.grpc.pb.h"

namespace lab::sensors {

// How long an upload may take before the client gives up (DEADLINE_EXCEEDED).
inline constexpr std::chrono::milliseconds kUploadTimeout{5000 /* 5 s */};

// Uploads `readings` with one SensorService.UploadReadings call, deadline `timeout`
// from now: writes them in order (stopping early if a Write fails, which means the call
// is already over; a Write that succeeds does not mean the server has read it), tells
// the server it is done (WritesDone), and waits for the answer (Finish). On OK,
// *summary holds the server's summary. Otherwise returns the call's status exactly as
// received and leaves *summary alone.
grpc::Status SendReadings(SensorService::StubInterface& stub,
                          const std::vector<Reading>& readings, UploadSummary* summary,
                          std::chrono::milliseconds timeout = kUploadTimeout);

}  // namespace lab::sensors
