// Mistake: the decoder does not reset *out, so absent fields keep their old values.
// Lesson 02: protobuf's wire format by hand. Contract in wire.h; no generated code here.
#include "wire.h"

#include <utility>

namespace lab::wire {
namespace {

// SensorReading's field numbers (proto/wire.proto).
constexpr uint32_t kDeviceId = 1;
constexpr uint32_t kTimestampMs = 2;
constexpr uint32_t kTemperatureCenti = 3;
constexpr uint32_t kSamples = 4;
constexpr uint32_t kRssiDbm = 16;

// Writes one length-delimited record: tag, length in bytes, the bytes.
void AppendLenRecord(uint32_t field_number, std::string_view payload, std::string* out) {
  AppendTag(field_number, WireType::kLen, out);
  AppendVarint(payload.size(), out);
  out->append(payload);
}

// An error about the record that starts `offset` bytes into the message.
grpc::Status At(size_t offset, const grpc::Status& status) {
  return grpc::Status(status.error_code(), "at byte " + std::to_string(offset) + ": " +
                                               status.error_message());
}

// One record's value: a varint's number, or where a LEN payload's bytes are.
struct Value {
  uint64_t varint = 0;
  std::string_view payload;
};

// Reads (or, for I64 and I32, just steps over) the value of a record of type `type`.
// Reading every value this way is what lets the decoder skip fields it does not know.
grpc::Status ReadValue(WireType type, std::string_view* in, Value* value) {
  switch (type) {
    case WireType::kVarint:
      return ReadVarint(in, &value->varint);
    case WireType::kI64:
    case WireType::kI32: {
      const size_t width = type == WireType::kI64 ? 8 : 4;
      if (in->size() < width) {
        return grpc::Status(grpc::StatusCode::DATA_LOSS, "the bytes end inside a " +
                                                             std::to_string(width) +
                                                             "-byte fixed-width value");
      }
      in->remove_prefix(width);
      return grpc::Status::OK;
    }
    case WireType::kLen: {
      uint64_t length = 0;
      grpc::Status status = ReadVarint(in, &length);
      if (!status.ok()) return status;
      if (length > in->size()) {
        return grpc::Status(grpc::StatusCode::DATA_LOSS,
                            "a length-delimited value of " + std::to_string(length) +
                                " bytes, but only " + std::to_string(in->size()) +
                                " bytes are left");
      }
      value->payload = in->substr(0, length);
      in->remove_prefix(length);
      return grpc::Status::OK;
    }
    default:
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "wire type " + std::to_string(static_cast<uint32_t>(type)) +
                              " is not supported (3 and 4 are groups; 6 and 7 do not "
                              "exist)");
  }
}

}  // namespace

// ---------------------------------------------------------------------------------
// Part 1: building blocks.

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>(0x80 | (value & 0x7f)));  // more bytes follow
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

uint32_t ZigZagEncode32(int32_t value) {
  // Doubling makes room for the sign in the lowest bit; flipping every bit of a
  // negative number turns -1, -2, -3 ... into 1, 3, 5 ...
  const uint32_t doubled = static_cast<uint32_t>(value) << 1;
  return value < 0 ? ~doubled : doubled;
}

void AppendTag(uint32_t field_number, WireType type, std::string* out) {
  AppendVarint((field_number << 3) | static_cast<uint32_t>(type), out);
}

// ---------------------------------------------------------------------------------
// Part 2: the encoder.

grpc::Status EncodeReading(const Reading& reading, std::string* out) {
  if (!IsValidUtf8(reading.device_id)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "device_id is not valid UTF-8; proto3 strings must be");
  }
  std::string bytes;
  // Proto3 writes nothing for a field that holds its default: the reader's default
  // is the same, so the bytes would say nothing new.
  if (!reading.device_id.empty()) {
    AppendLenRecord(kDeviceId, reading.device_id, &bytes);  // length in bytes
  }
  if (reading.timestamp_ms != 0) {
    AppendTag(kTimestampMs, WireType::kVarint, &bytes);
    AppendVarint(reading.timestamp_ms, &bytes);
  }
  if (reading.temperature_centi != 0) {
    AppendTag(kTemperatureCenti, WireType::kVarint, &bytes);
    AppendVarint(ZigZagEncode32(reading.temperature_centi), &bytes);
  }
  if (!reading.samples.empty()) {
    std::string packed;  // the varints back to back, under one tag and one length
    for (uint32_t sample : reading.samples) AppendVarint(sample, &packed);
    AppendLenRecord(kSamples, packed, &bytes);
  }
  if (reading.rssi_dbm != 0) {
    AppendTag(kRssiDbm, WireType::kVarint, &bytes);
    // int32 is widened to 64 bits with its sign, so a negative one takes ten bytes.
    AppendVarint(static_cast<uint64_t>(int64_t{reading.rssi_dbm}), &bytes);
  }
  *out = std::move(bytes);
  return grpc::Status::OK;
}

// ---------------------------------------------------------------------------------
// Part 3: the decoder.

int32_t ZigZagDecode32(uint32_t value) {
  // The lowest bit is the sign; the rest is the magnitude (flipped when negative).
  const uint32_t half = value >> 1;
  return static_cast<int32_t>((value & 1) ? ~half : half);
}

grpc::Status ReadVarint(std::string_view* in, uint64_t* value) {
  uint64_t result = 0;
  for (size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (i == in->size()) {
      return grpc::Status(grpc::StatusCode::DATA_LOSS, "the bytes end inside a varint");
    }
    const auto byte = static_cast<unsigned char>((*in)[i]);
    result |= uint64_t{byte & 0x7fu} << (7 * i);
    if ((byte & 0x80) == 0) {
      in->remove_prefix(i + 1);
      *value = result;
      return grpc::Status::OK;
    }
  }
  return grpc::Status(
      grpc::StatusCode::INVALID_ARGUMENT,
      "a varint longer than " + std::to_string(kMaxVarintBytes) + " bytes");
}

grpc::Status DecodeReading(std::string_view bytes, Reading* out) {
  std::string_view in = bytes;
  while (!in.empty()) {
    const size_t offset = bytes.size() - in.size();
    uint64_t tag = 0;
    grpc::Status status = ReadVarint(&in, &tag);
    if (!status.ok()) return At(offset, status);
    if (tag > UINT32_MAX) {
      return At(offset, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                     "a tag that does not fit in 32 bits"));
    }
    const auto field = static_cast<uint32_t>(tag >> 3);
    const auto type = static_cast<WireType>(tag & 7);
    if (field == 0) {
      return At(offset,
                grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "field number 0"));
    }
    Value value;
    status = ReadValue(type, &in, &value);
    if (!status.ok()) return At(offset, status);

    // Keep what this message knows; everything else has been stepped over already.
    if (field == kDeviceId && type == WireType::kLen) {
      if (!IsValidUtf8(value.payload)) {
        return At(offset, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                       "device_id is not valid UTF-8"));
      }
      out->device_id.assign(value.payload);
    } else if (field == kTimestampMs && type == WireType::kVarint) {
      out->timestamp_ms = value.varint;
    } else if (field == kTemperatureCenti && type == WireType::kVarint) {
      out->temperature_centi = ZigZagDecode32(static_cast<uint32_t>(value.varint));
    } else if (field == kSamples && type == WireType::kVarint) {
      out->samples.push_back(static_cast<uint32_t>(value.varint));  // unpacked
    } else if (field == kSamples && type == WireType::kLen) {
      std::string_view packed = value.payload;
      while (!packed.empty()) {
        uint64_t sample = 0;
        status = ReadVarint(&packed, &sample);
        if (!status.ok()) return At(offset, status);
        out->samples.push_back(static_cast<uint32_t>(sample));
      }
    } else if (field == kRssiDbm && type == WireType::kVarint) {
      out->rssi_dbm = static_cast<int32_t>(static_cast<uint32_t>(value.varint));
    }
  }
  return grpc::Status::OK;
}

}  // namespace lab::wire
