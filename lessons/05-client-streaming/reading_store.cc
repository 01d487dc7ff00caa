// Given: do not edit.
#include "reading_store.h"

namespace lab::sensors {

void ReadingStore::Add(const Reading& reading) {
  std::lock_guard<std::mutex> lock(mu_);
  readings_.push_back(reading);
}

void ReadingStore::AddAll(const std::vector<Reading>& readings) {
  std::lock_guard<std::mutex> lock(mu_);
  readings_.insert(readings_.end(), readings.begin(), readings.end());
}

std::size_t ReadingStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return readings_.size();
}

std::vector<Reading> ReadingStore::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return readings_;
}

}  // namespace lab::sensors
