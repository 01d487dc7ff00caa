// Contract for lesson 05's sensor upload service. Given: do not edit. Your work is in
// sensor_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include "reading_store.h"
#include "sensors.grpc.pb.h"

namespace lab::sensors {

// The range a reading may have, in tenths of a degree Celsius (-40.0 to 125.0 °C, what
// a common digital temperature sensor can measure). Anything outside is a broken
// sensor or a corrupted message.
inline constexpr int kMinDeciCelsius = -400;
inline constexpr int kMaxDeciCelsius = 1250;

// Implements SensorService from proto/sensors.proto, keeping accepted readings in a
// store it shares with whoever created it.
class SensorServiceImpl final : public SensorService::Service {
 public:
  explicit SensorServiceImpl(ReadingStore& store) : store_(store) {}

  // Reads the client's readings until it half-closes (Read() returns false), stores
  // them in store_ and fills *summary for this upload: count, min, max and the exact
  // mean (a double: 215 and 216 give 215.5). An empty upload is OK with every summary
  // field 0.
  // An upload is stored whole or not at all: after an error, none of its readings are
  // in store_.
  //   INVALID_ARGUMENT  a reading has an empty sensor_id or deci_celsius outside
  //                     kMinDeciCelsius..kMaxDeciCelsius; the message names its
  //                     position ("reading 3: ...", counting from 1). The call ends at
  //                     that reading: the handler reads nothing after it.
  //   CANCELLED         the client cancelled or its deadline passed before it
  //                     half-closed; nothing is stored.
  grpc::Status UploadReadings(grpc::ServerContext* context,
                              grpc::ServerReader<Reading>* reader,
                              UploadSummary* summary) override;

 private:
  ReadingStore& store_;
};

}  // namespace lab::sensors
