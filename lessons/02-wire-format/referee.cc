// Given: do not edit. Conversions between Reading and the generated SensorReading.
#include "referee.h"

#include <google/protobuf/util/json_util.h>

namespace lab::wire {

SensorReading ToMessage(const Reading& reading) {
  SensorReading message;
  message.set_device_id(reading.device_id);
  message.set_timestamp_ms(reading.timestamp_ms);
  message.set_temperature_centi(reading.temperature_centi);
  for (uint32_t sample : reading.samples) message.add_samples(sample);
  message.set_rssi_dbm(reading.rssi_dbm);
  return message;
}

Reading FromMessage(const SensorReading& message) {
  Reading reading;
  reading.device_id = message.device_id();
  reading.timestamp_ms = message.timestamp_ms();
  reading.temperature_centi = message.temperature_centi();
  reading.samples.assign(message.samples().begin(), message.samples().end());
  reading.rssi_dbm = message.rssi_dbm();
  return reading;
}

std::string ToJson(const SensorReading& message) {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json).ok()) return "";
  return json;
}

}  // namespace lab::wire
