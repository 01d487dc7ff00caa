// Where the sensor service keeps the readings it accepted. Given: do not edit.
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

#include "sensors.pb.h"

namespace lab::sensors {

// A thread-safe list of stored readings. The sync server runs several uploads at once
// on different threads; every method here may be called from any of them.
class ReadingStore {
 public:
  // Appends one reading.
  void Add(const Reading& reading);
  // Appends all of `readings` in one step: any other thread sees all of them or none.
  void AddAll(const std::vector<Reading>& readings);
  // How many readings are stored.
  std::size_t size() const;
  // A copy of every stored reading, in the order they were added.
  std::vector<Reading> Snapshot() const;

 private:
  mutable std::mutex mu_;
  std::vector<Reading> readings_;
};

}  // namespace lab::sensors
