// Given: do not edit.
#include "records.h"

#include <random>

namespace lab::perf {

Record MakeRecord(int64_t id) {
  static const char* const kCategories[] = {"tools", "garden", "kitchen", "books"};
  Record record;
  record.set_id(id);
  record.set_name("item-" + std::to_string(id));
  record.set_price_cents(199 + (id % 1000) * 7);
  record.set_in_stock(id % 3 != 0);
  for (int i = 0; i < 3; ++i) record.add_warehouse_ids(static_cast<int32_t>(id % 50 + i));
  record.set_category(kCategories[id % 4]);
  return record;
}

std::string MakeBytes(int64_t size, bool random) {
  std::string bytes(static_cast<size_t>(size), '\0');
  if (random) {
    std::mt19937_64 gen(22);
    for (char& c : bytes) c = static_cast<char>(gen() & 0xff);
  } else {
    static const std::string kLine =
        "the quick brown fox jumps over the lazy dog 0123456789\n";
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = kLine[i % kLine.size()];
  }
  return bytes;
}

}  // namespace lab::perf
