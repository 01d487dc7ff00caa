// Given: do not edit. Small helpers the service uses.
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

#include "order_service.h"

namespace lab::metadata {

std::string OrderChecksum(const std::string& order_id) {
  uint32_t hash = 2166136261u;  // FNV-1a, 32 bits
  for (unsigned char c : order_id) {
    hash ^= c;
    hash *= 16777619u;
  }
  std::string bytes(4, '\0');
  for (int i = 0; i < 4; ++i) {
    bytes[i] = static_cast<char>((hash >> (24 - 8 * i)) & 0xff);
  }
  return bytes;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  char text[32];
  std::snprintf(text, sizeof text, "req-%016llx",
                static_cast<unsigned long long>(random()));
  return text;
}

}  // namespace lab::metadata
