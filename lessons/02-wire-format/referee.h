// Lesson 02: the referee. Given: do not edit.
//
// libprotobuf's generated class for the same message, for comparing your bytes with
// the real thing. The graded tests and build/bin/lesson02_dump use these; your
// wire.cc must not (it encodes and decodes by hand).
#pragma once

#include <string>

#include "reading.h"
#include "wire.pb.h"

namespace lab::wire {

// The same values in the generated class, and back.
SensorReading ToMessage(const Reading& reading);
Reading FromMessage(const SensorReading& message);

// The message as protobuf's canonical JSON (google::protobuf::util::
// MessageToJsonString with default options: camelCase names, default values left out,
// 64-bit integers as strings). Empty if conversion fails.
std::string ToJson(const SensorReading& message);

}  // namespace lab::wire
