// Lesson 02: a sensor reading as a plain C++ struct. Given: do not edit.
//
// Reading mirrors the message SensorReading in proto/wire.proto field for field, but
// it is ordinary C++: no generated code. Your encoder turns one into protobuf bytes by
// hand, and your decoder turns bytes back into one.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace lab::wire {

struct Reading {
  std::string device_id;          // field 1   string           -> LEN
  uint64_t timestamp_ms = 0;      // field 2   uint64           -> VARINT
  int32_t temperature_centi = 0;  // field 3   sint32           -> VARINT of the zigzag
  std::vector<uint32_t> samples;  // field 4   repeated uint32  -> LEN (packed varints)
  int32_t rssi_dbm = 0;           // field 16  int32            -> VARINT, two-byte tag

  bool operator==(const Reading& other) const {
    return device_id == other.device_id && timestamp_ms == other.timestamp_ms &&
           temperature_centi == other.temperature_centi && samples == other.samples &&
           rssi_dbm == other.rssi_dbm;
  }
  bool operator!=(const Reading& other) const { return !(*this == other); }
};

// The reading that README.md takes apart byte by byte and build/bin/lesson02_dump
// prints: a freezer at -18.50 °C with a weak radio signal.
Reading SampleReading();

// {device_id: "freezer-3", timestamp_ms: 1700000000000, ...}; GoogleTest prints
// Readings with it.
std::ostream& operator<<(std::ostream& os, const Reading& reading);

// True when `text` is well-formed UTF-8. Proto3 requires it of every string field:
// libprotobuf refuses to parse a message whose string is not UTF-8.
bool IsValidUtf8(std::string_view text);

// "0a 09 66 72" : each byte as two hex digits, separated by spaces.
std::string ToHex(std::string_view bytes);

}  // namespace lab::wire
