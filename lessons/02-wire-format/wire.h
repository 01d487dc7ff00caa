// Contract for lesson 02: protobuf's wire format, by hand. Given: do not edit. Your
// work is in wire.cc.
//
// An encoded message is a sequence of records, one per field that has a value:
//   record = tag value        tag = varint of (field_number << 3 | wire_type)
// and the wire type says how long the value is, so that a reader can skip a record it
// does not understand. Your code builds and reads these bytes itself: wire.cc must not
// use the generated class lab::wire::SensorReading (the graded tests use it as the
// referee that your bytes are compared with).
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "reading.h"

namespace lab::wire {

// The low three bits of every tag.
enum class WireType : uint32_t {
  kVarint = 0,  // int32 int64 uint32 uint64 sint32 sint64 bool enum
  kI64 = 1,     // fixed64 sfixed64 double: 8 bytes, little-endian
  kLen = 2,     // string bytes messages packed-repeated: varint length, then the bytes
  kSGroup = 3,  // group start (deprecated before proto3; not supported here)
  kEGroup = 4,  // group end (likewise)
  kI32 = 5,     // fixed32 sfixed32 float: 4 bytes, little-endian
};

// Field numbers run from 1 to 2^29 - 1: with the wire type they fit a 32-bit tag.
inline constexpr uint32_t kMaxFieldNumber = (uint32_t{1} << 29) - 1;
// A 64-bit value in 7-bit groups takes at most ten bytes.
inline constexpr size_t kMaxVarintBytes = 10;

// ---------------------------------------------------------------------------------
// Part 1: the building blocks of an encoder.

// Appends `value` to *out as a varint: seven bits per byte, least significant group
// first, the high bit of each byte set when more bytes follow. 300 -> ac 02.
// Appends: what *out already holds stays in front.
void AppendVarint(uint64_t value, std::string* out);

// Zigzag, the mapping sint32 uses so that small negative numbers stay small:
// 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, ..., INT32_MAX -> 0xfffffffe, INT32_MIN ->
// 0xffffffff.
uint32_t ZigZagEncode32(int32_t value);

// Appends the tag of a record: the varint of (field_number << 3 | type).
// field_number is 1..kMaxFieldNumber. (1, kLen) -> 0a; (16, kVarint) -> 80 01.
void AppendTag(uint32_t field_number, WireType type, std::string* out);

// ---------------------------------------------------------------------------------
// Part 2: the encoder.

// Replaces *out with `reading` encoded exactly as libprotobuf encodes the same
// SensorReading (proto/wire.proto): fields in field-number order; a field that holds
// its default (0, "", no samples) is not written at all; samples packed.
// Errors:
//   INVALID_ARGUMENT  device_id is not valid UTF-8 (proto3 strings must be; a
//                     receiver using libprotobuf would refuse the message)
grpc::Status EncodeReading(const Reading& reading, std::string* out);

// ---------------------------------------------------------------------------------
// Part 3: the decoder.

// The inverse of ZigZagEncode32: 1 -> -1, 2 -> 1, 0xffffffff -> INT32_MIN.
int32_t ZigZagDecode32(uint32_t value);

// Reads one varint from the front of *in into *value and removes its bytes from *in.
// Errors:
//   DATA_LOSS         *in ends before the varint does (every byte so far had its
//                     high bit set), or *in is empty
//   INVALID_ARGUMENT  the varint goes on past kMaxVarintBytes bytes
grpc::Status ReadVarint(std::string_view* in, uint64_t* value);

// Decodes a SensorReading's bytes into *out, accepting what libprotobuf accepts:
//   - *out is reset first: a field absent from the bytes keeps its default;
//   - a field number this message does not know is skipped, whatever its wire type
//     (VARINT, I64, LEN, I32), and so is a known field number with a wire type that
//     field cannot have (libprotobuf treats both as unknown fields);
//   - samples may come packed (LEN) or unpacked (one VARINT record per sample), and
//     repeated records append; any other field that appears twice keeps the last value;
//   - a varint too wide for a 32-bit field keeps its low 32 bits (an int32 of -67
//     arrives as a 10-byte varint).
// Errors (on error *out is unspecified):
//   DATA_LOSS         the bytes end inside a tag, a value or a length-delimited
//                     payload, or a varint in a packed payload runs past its end
//   INVALID_ARGUMENT  a varint longer than kMaxVarintBytes; a tag that does not fit
//                     in 32 bits; field number 0; wire type 3, 4, 6 or 7 (6 and 7
//                     do not exist; groups are not supported here); a device_id that
//                     is not valid UTF-8
grpc::Status DecodeReading(std::string_view bytes, Reading* out);

}  // namespace lab::wire
