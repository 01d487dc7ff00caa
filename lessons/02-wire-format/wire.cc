// Lesson 02: protobuf's wire format by hand. Contract in wire.h; no generated code here.
#include "wire.h"

namespace lab::wire {
namespace {

// SensorReading's field numbers (proto/wire.proto).
constexpr uint32_t kDeviceId = 1;
constexpr uint32_t kTimestampMs = 2;
constexpr uint32_t kTemperatureCenti = 3;
constexpr uint32_t kSamples = 4;
constexpr uint32_t kRssiDbm = 16;

// Room for your own helpers, e.g. one that writes a whole length-delimited record, or
// one that steps over a value of a given wire type.

}  // namespace

// ---------------------------------------------------------------------------------
// Part 1: building blocks.

// Contract (wire.h): append `value` as a varint, seven bits per byte, low bits first;
// every byte but the last has its high bit (0x80) set. 300 -> ac 02.
void AppendVarint(uint64_t value, std::string* out) {
  // TODO(lesson02): 1.1 while more than seven bits are left, append the low seven with
  // 0x80 set and shift them away; then append the last group as it is.
}

// Contract (wire.h): 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3 ... INT32_MIN -> 0xffffffff.
uint32_t ZigZagEncode32(int32_t value) {
  // TODO(lesson02): 1.2 zigzag: non-negative n -> 2n, negative n -> -2n - 1, without
  // overflowing.
  return 0;
}

// Contract (wire.h): append the varint of (field_number << 3 | type).
void AppendTag(uint32_t field_number, WireType type, std::string* out) {
  // TODO(lesson02): 1.3 combine field number and wire type, then reuse AppendVarint.
}

// ---------------------------------------------------------------------------------
// Part 2: the encoder.

// Contract (wire.h): replace *out with libprotobuf's bytes for `reading`; fields in
// number order, defaults not written, samples packed. INVALID_ARGUMENT for a
// device_id that is not UTF-8 (IsValidUtf8 in reading.h checks).
grpc::Status EncodeReading(const Reading& reading, std::string* out) {
  // TODO(lesson02): 2.1-2.9 one record per field that is not at its default:
  //   device_id         tag (1, LEN), length in bytes, the bytes
  //   timestamp_ms      tag (2, VARINT), the varint
  //   temperature_centi tag (3, VARINT), the varint of its zigzag
  //   samples           tag (4, LEN), length, then every sample's varint
  //   rssi_dbm          tag (16, VARINT), the varint of the value widened to 64 bits
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson02): implement EncodeReading in lessons/02-wire-format/wire.cc");
}

// ---------------------------------------------------------------------------------
// Part 3: the decoder.

// Contract (wire.h): the inverse of ZigZagEncode32.
int32_t ZigZagDecode32(uint32_t value) {
  // TODO(lesson02): 3.1 the lowest bit is the sign, the other bits the magnitude.
  return 0;
}

// Contract (wire.h): read one varint from the front of *in and remove its bytes.
// DATA_LOSS if *in ends first; INVALID_ARGUMENT after kMaxVarintBytes bytes.
grpc::Status ReadVarint(std::string_view* in, uint64_t* value) {
  // TODO(lesson02): 3.2 the mirror image of AppendVarint, checking for the end of *in.
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson02): implement ReadVarint in lessons/02-wire-format/wire.cc");
}

// Contract (wire.h): reset *out, then read records until the bytes run out: keep the
// fields SensorReading knows, skip the others by their wire type. DATA_LOSS for
// bytes that end too early, INVALID_ARGUMENT for bytes no encoder writes.
grpc::Status DecodeReading(std::string_view bytes, Reading* out) {
  // TODO(lesson02): 3.3-3.9 loop: read a tag, split it into field number and wire
  // type, read or step over the value by its wire type (VARINT, I64 = 8 bytes, LEN,
  // I32 = 4 bytes), then store it if (field number, wire type) is one you know.
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson02): implement DecodeReading in lessons/02-wire-format/wire.cc");
}

}  // namespace lab::wire
