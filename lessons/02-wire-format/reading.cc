// Given: do not edit. The sample reading and small text helpers (see reading.h).
#include "reading.h"

#include <cstdio>

namespace lab::wire {

Reading SampleReading() {
  Reading reading;
  reading.device_id = "freezer-3";
  reading.timestamp_ms = 1700000000000;  // 2023-11-14 22:13:20 UTC
  reading.temperature_centi = -1850;     // -18.50 °C
  reading.samples = {4000, 4012, 3998, 0};
  reading.rssi_dbm = -67;
  return reading;
}

std::ostream& operator<<(std::ostream& os, const Reading& reading) {
  os << "{device_id: \"" << reading.device_id
     << "\", timestamp_ms: " << reading.timestamp_ms
     << ", temperature_centi: " << reading.temperature_centi << ", samples: [";
  for (size_t i = 0; i < reading.samples.size(); ++i) {
    os << (i ? ", " : "") << reading.samples[i];
  }
  return os << "], rssi_dbm: " << reading.rssi_dbm << "}";
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t extra;
    uint32_t code_point;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xe0) == 0xc0) {
      extra = 1;
      code_point = lead & 0x1f;
    } else if ((lead & 0xf0) == 0xe0) {
      extra = 2;
      code_point = lead & 0x0f;
    } else if ((lead & 0xf8) == 0xf0) {
      extra = 3;
      code_point = lead & 0x07;
    } else {
      return false;  // a continuation byte where a character should start, or 0xf8+
    }
    if (text.size() - i <= extra) return false;  // cut short
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3f);
    }
    // The shortest form only, no UTF-16 surrogates, nothing past U+10FFFF.
    static constexpr uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (code_point < kSmallest[extra] || code_point > 0x10ffff ||
        (code_point >= 0xd800 && code_point <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string ToHex(std::string_view bytes) {
  std::string hex;
  char buf[4];
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(bytes[i]));
    if (i) hex += ' ';
    hex += buf;
  }
  return hex;
}

}  // namespace lab::wire
