// Lesson 02 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: the building blocks of an encoder (varint, zigzag, tag).
//   Part 2: your EncodeReading, byte for byte against libprotobuf's SerializeAsString.
//   Part 3: your DecodeReading, on libprotobuf's bytes, unknown fields, broken bytes.
//   Part 4: "binary is smaller than JSON", measured.
// libprotobuf's generated class SensorReading (proto/wire.proto) is the referee: the
// tests compare your bytes with its bytes and your decoding with its parsing.
#include "wire.h"

#include <google/protobuf/stubs/logging.h>
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "lab/testing.h"
#include "reading.h"
#include "referee.h"
#include "wire.pb.h"

namespace lab::wire {
namespace {

using grpc::StatusCode;

// ---------------------------------------------------------------------------------
// Helpers: bytes as hex, and an explanation of how two encodings differ.

// "0a 09 66" for the bytes 0x0a 0x09 0x66; "(no bytes)" for none.
std::string Hex(std::string_view bytes) {
  return bytes.empty() ? "(no bytes)" : ToHex(bytes);  // ToHex: given, reading.h
}

// The bytes written as hex, e.g. Bytes("ac 02").
std::string Bytes(std::string_view hex) {
  std::string bytes;
  std::istringstream in{std::string(hex)};
  std::string pair;
  while (in >> pair) bytes.push_back(static_cast<char>(std::stoi(pair, nullptr, 16)));
  return bytes;
}

std::string Todo(const std::string& step) {
  return "TODO(lesson02) " + step + " in lessons/02-wire-format/wire.cc";
}

// What each of SensorReading's fields looks like on the wire.
std::string FieldName(uint32_t field) {
  switch (field) {
    case 1:
      return "field 1, device_id (string: tag 0a, length in bytes, the UTF-8 bytes)";
    case 2:
      return "field 2, timestamp_ms (uint64: tag 10, varint)";
    case 3:
      return "field 3, temperature_centi (sint32: tag 18, varint of the zigzag)";
    case 4:
      return "field 4, samples (repeated uint32, packed: tag 22, length, the varints)";
    case 16:
      return "field 16, rssi_dbm (int32: two-byte tag 80 01, varint of the value "
             "sign-extended to 64 bits)";
    default:
      return "field " + std::to_string(field) + " (SensorReading has no such field)";
  }
}

// The test's own reader, independent of yours.
bool TestReadVarint(std::string_view* in, uint64_t* value) {
  *value = 0;
  for (size_t i = 0; i < 10 && i < in->size(); ++i) {
    const auto byte = static_cast<unsigned char>((*in)[i]);
    *value |= uint64_t{byte & 0x7fu} << (7 * i);
    if (!(byte & 0x80)) {
      in->remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

struct Record {
  uint32_t field = 0;
  uint32_t wire_type = 0;
  std::string bytes;  // tag and value
};

// Splits an encoding into its records. False, with *error, if it is not one.
bool SplitRecords(std::string_view bytes, std::vector<Record>* records,
                  std::string* error) {
  std::string_view in = bytes;
  while (!in.empty()) {
    const size_t start = bytes.size() - in.size();
    const std::string where = "at byte " + std::to_string(start) + ": ";
    uint64_t tag = 0;
    if (!TestReadVarint(&in, &tag) || tag > UINT32_MAX || (tag >> 3) == 0) {
      *error = where + "no valid tag";
      return false;
    }
    Record record;
    record.field = static_cast<uint32_t>(tag >> 3);
    record.wire_type = static_cast<uint32_t>(tag & 7);
    uint64_t n = 0;
    switch (record.wire_type) {
      case 0:
        if (!TestReadVarint(&in, &n)) {
          *error = where + "a VARINT record whose varint is cut off";
          return false;
        }
        break;
      case 1:
      case 5:
        n = record.wire_type == 1 ? 8 : 4;
        if (in.size() < n) {
          *error = where + "a fixed-width record cut off";
          return false;
        }
        in.remove_prefix(n);
        break;
      case 2:
        if (!TestReadVarint(&in, &n) || n > in.size()) {
          *error = where + "a LEN record whose length runs past the end";
          return false;
        }
        in.remove_prefix(n);
        break;
      default:
        *error = where + "wire type " + std::to_string(record.wire_type);
        return false;
    }
    const size_t end = bytes.size() - in.size();
    record.bytes = std::string(bytes.substr(start, end - start));
    records->push_back(record);
  }
  return true;
}

const char* WireTypeName(uint64_t type) {
  switch (type) {
    case 0:
      return "VARINT";
    case 1:
      return "I64";
    case 2:
      return "LEN";
    case 5:
      return "I32";
    default:
      return "?";
  }
}

// Passes when `mine` equals `theirs` (libprotobuf's bytes). Otherwise shows both in hex
// and says which field's records differ, and how.
::testing::AssertionResult SameBytes(const std::string& mine, const std::string& theirs) {
  if (mine == theirs) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  failure << "your bytes differ from libprotobuf's SerializeAsString:\n"
          << "  libprotobuf: " << Hex(theirs) << "  (" << theirs.size() << " bytes)\n"
          << "  yours:       " << Hex(mine) << "  (" << mine.size() << " bytes)\n";
  std::vector<Record> want, got;
  std::string error;
  if (!SplitRecords(theirs, &want, &error)) {
    return failure << "(the referee's bytes did not split: " << error << ")";
  }
  if (!SplitRecords(mine, &got, &error)) {
    failure << "Yours are not a sequence of valid records (" << error << ").\n";
    size_t at = 0;
    while (at < mine.size() && at < theirs.size() && mine[at] == theirs[at]) ++at;
    size_t start = 0;  // where libprotobuf's record holding byte `at` starts
    for (const Record& r : want) {
      if (at < start + r.bytes.size()) {
        const std::string_view yours =
            std::string_view(mine).substr(start, r.bytes.size());
        failure << "The first difference is at byte " << at << ", in "
                << FieldName(r.field) << ":\n    libprotobuf writes " << Hex(r.bytes)
                << "\n    yours has          " << Hex(yours) << "\n";
        std::string_view tag_bytes = yours;
        uint64_t tag = 0;
        if (at == start && TestReadVarint(&tag_bytes, &tag)) {
          failure << "    The tag differs: yours says field " << (tag >> 3)
                  << ", wire type " << (tag & 7) << " (" << WireTypeName(tag & 7)
                  << "); libprotobuf's says field " << r.field << ", wire type "
                  << r.wire_type << " (" << WireTypeName(r.wire_type) << ").\n";
        }
        break;
      }
      start += r.bytes.size();
    }
    return failure;
  }
  std::map<uint32_t, std::vector<const Record*>> want_by_field, got_by_field;
  for (const Record& r : want) want_by_field[r.field].push_back(&r);
  for (const Record& r : got) got_by_field[r.field].push_back(&r);
  std::map<uint32_t, bool> fields;
  for (const Record& r : want) fields[r.field] = true;
  for (const Record& r : got) fields[r.field] = true;
  auto joined = [](const std::vector<const Record*>& records) {
    std::string all;
    for (const Record* r : records) all += r->bytes;
    return all;
  };
  bool explained = false;
  for (const auto& [field, unused] : fields) {
    const auto& w = want_by_field[field];
    const auto& g = got_by_field[field];
    if (joined(w) == joined(g)) continue;
    explained = true;
    failure << "- " << FieldName(field) << ":\n";
    if (w.empty()) {
      failure << "    libprotobuf writes nothing (the value is the field's default, and "
                 "proto3 leaves defaults out); you wrote "
              << Hex(joined(g)) << "\n";
      continue;
    }
    if (g.empty()) {
      failure << "    missing: libprotobuf writes " << Hex(joined(w)) << "\n";
      continue;
    }
    failure << "    libprotobuf writes " << Hex(joined(w)) << "\n"
            << "    you wrote          " << Hex(joined(g)) << "\n";
    if (g.size() > w.size()) {
      failure << "    as " << g.size() << " records: a packed repeated field is one "
              << "record (one tag, wire type LEN, one length, then every value's "
                 "varint)\n";
    } else if (g.front()->wire_type != w.front()->wire_type) {
      failure << "    your tag says wire type " << g.front()->wire_type << " ("
              << WireTypeName(g.front()->wire_type) << "); this field's is "
              << w.front()->wire_type << " (" << WireTypeName(w.front()->wire_type)
              << ")\n";
    }
  }
  if (!explained) {
    failure << "The records are the same but in another order: libprotobuf writes "
               "fields in field-number order.";
  }
  return failure;
}

// Encodes `reading` with your EncodeReading and compares with libprotobuf's bytes.
// Returns false on any failure (so that loops can stop at the first).
bool EncodesLikeLibprotobuf(const Reading& reading) {
  std::string mine;
  grpc::Status status = EncodeReading(reading, &mine);
  if (!status.ok()) {
    ADD_FAILURE() << lab::testing::IsOk(status).message() << "\n  encoding " << reading;
    return false;
  }
  auto same = SameBytes(mine, ToMessage(reading).SerializeAsString());
  if (!same) {
    ADD_FAILURE() << "encoding " << reading << "\n" << same.message();
    return false;
  }
  return true;
}

Reading OnlyDevice(std::string id) {
  Reading r;
  r.device_id = std::move(id);
  return r;
}
Reading OnlyTimestamp(uint64_t ms) {
  Reading r;
  r.timestamp_ms = ms;
  return r;
}
Reading OnlyTemperature(int32_t centi) {
  Reading r;
  r.temperature_centi = centi;
  return r;
}
Reading OnlySamples(std::vector<uint32_t> samples) {
  Reading r;
  r.samples = std::move(samples);
  return r;
}
Reading OnlyRssi(int32_t dbm) {
  Reading r;
  r.rssi_dbm = dbm;
  return r;
}

// ---------------------------------------------------------------------------------
// Part 1: the building blocks.

// 1.1 AppendVarint writes seven bits per byte, low group first, 0x80 on all but the last.
TEST(Lesson02WireBlocks, AppendVarintWritesSevenBitGroupsLowFirst) {
  const std::vector<std::pair<uint64_t, std::string>> cases = {
      {0, "00"},
      {1, "01"},
      {127, "7f"},
      {128, "80 01"},
      {150, "96 01"},
      {300, "ac 02"},
      {16383, "ff 7f"},
      {16384, "80 80 01"},
      {UINT32_MAX, "ff ff ff ff 0f"},
      {1700000000000, "80 d0 95 ff bc 31"},
      {uint64_t{1} << 63, "80 80 80 80 80 80 80 80 80 01"},
      {UINT64_MAX, "ff ff ff ff ff ff ff ff ff 01"}};
  std::vector<std::string> outs;
  bool wrote_anything = false;
  for (const auto& [value, hex] : cases) {
    std::string out;
    AppendVarint(value, &out);
    wrote_anything = wrote_anything || !out.empty();
    outs.push_back(out);
  }
  if (!wrote_anything) {
    FAIL() << "not started yet: AppendVarint writes nothing (" << Todo("1.1") << ")";
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(Hex(outs[i]), cases[i].second)
        << "AppendVarint(" << cases[i].first << ")"
        << (outs[i].empty() ? ": a varint always has at least one byte (0 is 00)" : "");
  }
  std::string out = Bytes("0a");
  AppendVarint(300, &out);
  EXPECT_EQ(Hex(out), "0a ac 02")
      << "AppendVarint appends: the bytes already in *out stay in front";
}

// 1.2 ZigZagEncode32 maps small negative numbers to small unsigned ones.
TEST(Lesson02WireBlocks, ZigZagEncodeKeepsSmallNegativesSmall) {
  const std::vector<std::pair<int32_t, uint32_t>> cases = {{0, 0},
                                                           {-1, 1},
                                                           {1, 2},
                                                           {-2, 3},
                                                           {2, 4},
                                                           {-64, 127},
                                                           {64, 128},
                                                           {-1850, 3699},
                                                           {INT32_MAX, 0xfffffffe},
                                                           {INT32_MIN, 0xffffffff}};
  bool all_zero = true;
  for (const auto& [value, want] : cases)
    all_zero = all_zero && ZigZagEncode32(value) == 0;
  if (all_zero) {
    FAIL() << "not started yet: ZigZagEncode32 returns 0 for everything (" << Todo("1.2")
           << ")";
  }
  for (const auto& [value, want] : cases) {
    const uint32_t got = ZigZagEncode32(value);
    EXPECT_EQ(got, want) << "ZigZagEncode32(" << value << ")"
                         << (value < 0 && got == static_cast<uint32_t>(value)
                                 ? ": that is the two's complement bit pattern; zigzag "
                                   "interleaves instead: 0, -1, 1, -2, 2 -> 0, 1, 2, 3, 4"
                                 : "");
  }
}

// 1.3 AppendTag writes the varint of field_number << 3 | wire type.
TEST(Lesson02WireBlocks, AppendTagCombinesFieldNumberAndWireType) {
  struct Case {
    uint32_t field;
    WireType type;
    const char* hex;
  };
  const std::vector<Case> cases = {{1, WireType::kLen, "0a"},
                                   {2, WireType::kVarint, "10"},
                                   {3, WireType::kVarint, "18"},
                                   {4, WireType::kLen, "22"},
                                   {5, WireType::kI32, "2d"},
                                   {6, WireType::kI64, "31"},
                                   {15, WireType::kVarint, "78"},
                                   {16, WireType::kVarint, "80 01"},
                                   {17, WireType::kLen, "8a 01"},
                                   {2047, WireType::kI32, "fd 7f"},
                                   {20000, WireType::kVarint, "80 e2 09"},
                                   {kMaxFieldNumber, WireType::kI32, "fd ff ff ff 0f"}};
  std::vector<std::string> outs;
  bool wrote_anything = false;
  for (const Case& c : cases) {
    std::string out;
    AppendTag(c.field, c.type, &out);
    wrote_anything = wrote_anything || !out.empty();
    outs.push_back(out);
  }
  if (!wrote_anything) {
    FAIL() << "not started yet: AppendTag writes nothing (" << Todo("1.3") << ")";
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    EXPECT_EQ(Hex(outs[i]), c.hex)
        << "AppendTag(" << c.field << ", wire type " << static_cast<uint32_t>(c.type)
        << ")"
        << (c.field >= 16 && outs[i].size() == 1
                ? ": from field 16 on, field << 3 no longer fits in seven bits, so the "
                  "tag, itself a varint, takes two bytes or more"
                : "");
  }
}

// ---------------------------------------------------------------------------------
// Part 2: the encoder, byte for byte against libprotobuf.

// 2.1 The sample reading encodes to exactly libprotobuf's bytes, replacing *out.
TEST(Lesson02WireEncode, EncodesTheSampleReadingLikeLibprotobuf) {
  const Reading sample = SampleReading();
  std::string mine = "stale bytes from an earlier call";
  LAB_ASSERT_OK(EncodeReading(sample, &mine)) << "encoding " << sample;
  EXPECT_TRUE(SameBytes(mine, ToMessage(sample).SerializeAsString()))
      << "encoding the sample reading " << sample
      << (mine.find("stale") == 0 ? "\nEncodeReading replaces *out; it must not append"
                                  : "");
}

// 2.2 A field at its default (0, "", no samples) is not written at all.
TEST(Lesson02WireEncode, LeavesOutFieldsAtTheirDefault) {
  std::string mine = "stale";
  LAB_ASSERT_OK(EncodeReading(Reading{}, &mine));
  EXPECT_EQ(Hex(mine), Hex(""))
      << "an all-default reading encodes to no bytes at all: proto3 leaves out every "
         "field that holds its default, and the reader fills the defaults back in";
  for (const Reading& reading :
       {OnlyDevice("freezer-3"), OnlyTimestamp(1700000000000), OnlyTemperature(-1850),
        OnlySamples({4000}), OnlyRssi(-67)}) {
    if (!EncodesLikeLibprotobuf(reading)) break;
  }
}

// 2.3 temperature_centi (sint32) is the varint of its zigzag: -1 is one byte, not ten.
TEST(Lesson02WireEncode, EncodesTemperatureWithZigZag) {
  for (int32_t centi : {-1, 1, -64, 64, -65, -1850, 2500, INT32_MIN, INT32_MAX}) {
    if (!EncodesLikeLibprotobuf(OnlyTemperature(centi))) break;
  }
}

// 2.4 rssi_dbm: field 16 has a two-byte tag, and a negative int32 takes ten bytes.
TEST(Lesson02WireEncode, EncodesFieldSixteenAndNegativeInt32) {
  for (int32_t dbm : {-67, -1, 1, 127, 128, INT32_MIN, INT32_MAX}) {
    if (!EncodesLikeLibprotobuf(OnlyRssi(dbm))) break;
  }
}

// 2.5 samples are packed: one tag, one length, then every sample's varint.
TEST(Lesson02WireEncode, PacksSamplesIntoOneRecord) {
  std::vector<uint32_t> many;  // 200 samples: the length itself needs two bytes
  for (uint32_t i = 0; i < 200; ++i) many.push_back(i * 37);
  for (const std::vector<uint32_t>& samples : {std::vector<uint32_t>{4000, 4012, 3998, 0},
                                               {1, 2, 3},
                                               {0},
                                               {0, 0, 0},
                                               {UINT32_MAX, 128, 127},
                                               many}) {
    if (!EncodesLikeLibprotobuf(OnlySamples(samples))) break;
  }
}

// 2.6 Values at the top of their range are written in full (a 10-byte varint).
TEST(Lesson02WireEncode, EncodesLargeValuesInFull) {
  Reading big = SampleReading();
  big.timestamp_ms = UINT64_MAX;
  big.samples = {UINT32_MAX, uint32_t{1} << 31};
  big.device_id = std::string(150, 'x');  // a length of 150 is a two-byte varint
  if (!EncodesLikeLibprotobuf(big)) return;
  EncodesLikeLibprotobuf(OnlyTimestamp(uint64_t{1} << 63));
}

// 2.7 A string's length counts bytes, not characters.
TEST(Lesson02WireEncode, CountsStringLengthInBytes) {
  for (const char* id : {"Kühlraum-3", "冷库-3", "freezer-❄", "sensor-🌡"}) {
    if (!EncodesLikeLibprotobuf(OnlyDevice(id))) break;
  }
}

// 2.8 A device_id that is not UTF-8 is INVALID_ARGUMENT: proto3 strings must be UTF-8.
TEST(Lesson02WireEncode, RejectsDeviceIdThatIsNotUtf8) {
  for (const std::string& id : {std::string("\xff\xfe"), std::string("caf\xc3"),
                                std::string("\xc0\xaf"), std::string("\xed\xa0\x80")}) {
    std::string out;
    grpc::Status status = EncodeReading(OnlyDevice(id), &out);
    if (lab::testing::IsNotStarted(status))
      FAIL() << lab::testing::IsOk(status).message();
    LAB_EXPECT_CODE(status, StatusCode::INVALID_ARGUMENT)
        << "device_id bytes " << Hex(id) << " are not UTF-8 (check with IsValidUtf8); "
        << "a receiver using libprotobuf would refuse the message";
  }
}

// 2.9 Many varied readings all encode exactly as libprotobuf does.
TEST(Lesson02WireEncode, MatchesLibprotobufOnManyReadings) {
  std::mt19937_64 rng(2);  // fixed seed: the same readings on every run
  auto pick = [&](std::initializer_list<uint64_t> values) {
    return *(values.begin() + rng() % values.size());
  };
  for (int i = 0; i < 500; ++i) {
    Reading r;
    if (rng() % 2) r.device_id = "sensor-" + std::to_string(rng() % 100000);
    r.timestamp_ms = pick({0, 1, 1700000000000, rng(), UINT64_MAX});
    r.temperature_centi =
        static_cast<int32_t>(pick({0, 1, static_cast<uint64_t>(-1), rng()}));
    for (uint64_t n = rng() % 6; n > 0; --n) {
      r.samples.push_back(static_cast<uint32_t>(pick({0, 127, 128, rng()})));
    }
    r.rssi_dbm = static_cast<int32_t>(pick({0, static_cast<uint64_t>(-67), rng()}));
    if (!EncodesLikeLibprotobuf(r)) break;
  }
}

// ---------------------------------------------------------------------------------
// Part 3: the decoder.

// Decodes `bytes` with your DecodeReading and compares with what libprotobuf parses
// from them. `what` describes the bytes. False on any failure.
// `hint` is added to a failure: what the case is about.
bool DecodesLikeLibprotobuf(const std::string& bytes, const std::string& what,
                            const std::string& hint = "") {
  SensorReading referee;
  if (!referee.ParseFromString(bytes)) {
    ADD_FAILURE() << "test bug: libprotobuf cannot parse " << Hex(bytes);
    return false;
  }
  const Reading want = FromMessage(referee);
  Reading got;
  got.device_id = "left over from before";
  got.samples = {999};
  grpc::Status status = DecodeReading(bytes, &got);
  if (!status.ok()) {
    ADD_FAILURE() << lab::testing::IsOk(status).message() << "\n  decoding " << what
                  << ": " << Hex(bytes) << "\n  libprotobuf reads these bytes fine. "
                  << hint;
    return false;
  }
  if (got != want) {
    ADD_FAILURE() << "decoding " << what << ": " << Hex(bytes) << "\n"
                  << "  libprotobuf reads " << want << "\n"
                  << "  yours reads       " << got
                  << (got.device_id == "left over from before" ||
                              (!got.samples.empty() && got.samples.front() == 999)
                          ? "\n  DecodeReading must reset *out first: a field absent "
                            "from the bytes is at its default"
                          : "\n  " + hint);
    return false;
  }
  return true;
}

std::string Serialize(const google::protobuf::Message& message) {
  return message.SerializeAsString();
}

// 3.1 ZigZagDecode32 undoes ZigZagEncode32.
TEST(Lesson02WireDecode, ZigZagDecodeUndoesZigZagEncode) {
  const std::vector<std::pair<uint32_t, int32_t>> cases = {{0, 0},
                                                           {1, -1},
                                                           {2, 1},
                                                           {3, -2},
                                                           {4, 2},
                                                           {127, -64},
                                                           {128, 64},
                                                           {3699, -1850},
                                                           {0xfffffffe, INT32_MAX},
                                                           {0xffffffff, INT32_MIN}};
  bool all_zero = true;
  for (const auto& [value, want] : cases)
    all_zero = all_zero && ZigZagDecode32(value) == 0;
  if (all_zero) {
    FAIL() << "not started yet: ZigZagDecode32 returns 0 for everything (" << Todo("3.1")
           << ")";
  }
  for (const auto& [value, want] : cases) {
    EXPECT_EQ(ZigZagDecode32(value), want) << "ZigZagDecode32(" << value << ")";
  }
}

// 3.2 ReadVarint reads one varint, removes its bytes, and refuses cut or endless ones.
TEST(Lesson02WireDecode, ReadVarintReadsOneVarint) {
  struct Case {
    const char* hex;
    uint64_t want;
    const char* rest;
  };
  for (const Case& c :
       {Case{"00", 0, ""}, Case{"ac 02 ff", 300, "ff"}, Case{"96 01 96 01", 150, "96 01"},
        Case{"80 00 07", 0, "07"}, Case{"80 d0 95 ff bc 31", 1700000000000, ""},
        Case{"ff ff ff ff ff ff ff ff ff 01 2a", UINT64_MAX, "2a"}}) {
    const std::string bytes = Bytes(c.hex);
    std::string_view in = bytes;
    uint64_t value = 12345;
    grpc::Status status = ReadVarint(&in, &value);
    LAB_ASSERT_OK(status) << "ReadVarint on " << c.hex;
    EXPECT_EQ(value, c.want) << "ReadVarint on " << c.hex;
    EXPECT_EQ(Hex(in), Hex(Bytes(c.rest)))
        << "after ReadVarint on " << c.hex << ", *in should hold what follows the "
        << "varint (its bytes removed, nothing more)";
  }
  struct Bad {
    const char* hex;
    StatusCode code;
    const char* why;
  };
  for (const Bad& c :
       {Bad{"", StatusCode::DATA_LOSS, "no bytes at all"},
        Bad{"80", StatusCode::DATA_LOSS, "0x80 says another byte follows, none does"},
        Bad{"ff ff ff", StatusCode::DATA_LOSS, "every byte says another follows"},
        Bad{"80 80 80 80 80 80 80 80 80 80 01", StatusCode::INVALID_ARGUMENT,
            "eleven bytes: no 64-bit value needs more than ten"}}) {
    const std::string bytes = Bytes(c.hex);
    std::string_view in = bytes;
    uint64_t value = 0;
    grpc::Status status = ReadVarint(&in, &value);
    if (lab::testing::IsNotStarted(status))
      FAIL() << lab::testing::IsOk(status).message();
    LAB_EXPECT_CODE(status, c.code) << "ReadVarint on [" << c.hex << "]: " << c.why;
  }
}

// 3.3 DecodeReading reads libprotobuf's bytes back into the same reading.
TEST(Lesson02WireDecode, DecodesLibprotobufBytes) {
  Reading big = SampleReading();
  big.timestamp_ms = UINT64_MAX;
  big.temperature_centi = INT32_MIN;
  big.rssi_dbm = INT32_MIN;
  big.samples = {UINT32_MAX, 0, 300};
  big.device_id = "冷库-3 " + std::string(200, 'x');
  std::vector<std::pair<Reading, std::string>> cases = {
      {SampleReading(), "the sample reading"},
      {Reading{}, "an all-default reading (no bytes)"},
      {OnlyTemperature(-1), "temperature -1"},
      {OnlyRssi(-1), "rssi -1 (a 10-byte varint)"},
      {OnlyRssi(INT32_MAX), "rssi INT32_MAX"},
      {big, "a reading with extreme values"}};
  for (const auto& [reading, what] : cases) {
    if (!DecodesLikeLibprotobuf(Serialize(ToMessage(reading)), what)) return;
  }
  std::mt19937_64 rng(3);
  for (int i = 0; i < 300; ++i) {
    Reading r;
    if (rng() % 2) r.device_id = "sensor-" + std::to_string(rng() % 1000);
    if (rng() % 2) r.timestamp_ms = rng() >> (rng() % 64);
    if (rng() % 2) r.temperature_centi = static_cast<int32_t>(rng());
    for (uint64_t n = rng() % 5; n > 0; --n) {
      r.samples.push_back(static_cast<uint32_t>(rng() >> (rng() % 64)));
    }
    if (rng() % 2) r.rssi_dbm = static_cast<int32_t>(rng());
    std::ostringstream what;
    what << "random reading " << r;
    if (!DecodesLikeLibprotobuf(Serialize(ToMessage(r)), what.str())) return;
  }
}

// 3.4 Unknown fields of every wire type are skipped, wherever they are.
TEST(Lesson02WireDecode, SkipsUnknownFieldsOfEveryWireType) {
  const std::string hint =
      "A field SensorReading does not know is skipped, not refused: its wire type says "
      "how far to step (VARINT: one varint; I64: 8 bytes; LEN: a varint length, then "
      "that many bytes; I32: 4 bytes).";
  const SensorReadingV2 known = [] {
    SensorReadingV2 v2;
    v2.ParseFromString(Serialize(ToMessage(SampleReading())));
    return v2;
  }();
  struct Case {
    std::string what;
    std::function<void(SensorReadingV2&)> set;
  };
  const std::vector<Case> cases = {
      {"an unknown VARINT field (5, battery_mv)",
       [](SensorReadingV2& m) { m.set_battery_mv(3300); }},
      {"an unknown I64 field (6, latitude: 8 bytes)",
       [](SensorReadingV2& m) { m.set_latitude(59.3293); }},
      {"an unknown I32 field (7, humidity_percent: 4 bytes)",
       [](SensorReadingV2& m) { m.set_humidity_percent(41.5f); }},
      {"an unknown LEN field (8, firmware)",
       [](SensorReadingV2& m) { m.set_firmware("2.4.1-rc2"); }},
      {"an unknown LEN field holding a message (17, location; two-byte tag)",
       [](SensorReadingV2& m) {
         m.mutable_location()->set_site("Depot North");
         m.mutable_location()->set_floor(-2);
       }},
      {"an unknown VARINT field with a three-byte tag (20000, uptime_s)",
       [](SensorReadingV2& m) { m.set_uptime_s(uint64_t{1} << 40); }},
  };
  for (const Case& c : cases) {
    SensorReadingV2 v2 = known;
    c.set(v2);
    if (!DecodesLikeLibprotobuf(Serialize(v2), "the sample with " + c.what, hint)) return;
  }
  SensorReadingV2 all = known;
  for (const Case& c : cases) c.set(all);
  if (!DecodesLikeLibprotobuf(Serialize(all), "the sample with all of them", hint))
    return;

  // Unknown fields first, before any known one.
  SensorReadingV2 extras;
  for (const Case& c : cases) c.set(extras);
  if (!DecodesLikeLibprotobuf(Serialize(extras) + Serialize(ToMessage(SampleReading())),
                              "unknown fields followed by the sample", hint)) {
    return;
  }
  // Only unknown fields: every field of the reading stays at its default.
  DecodesLikeLibprotobuf(Serialize(extras), "nothing but unknown fields", hint);
}

// 3.5 A known field number with a wire type that field cannot have is skipped too.
TEST(Lesson02WireDecode, SkipsKnownFieldNumbersWithAnotherWireType) {
  const std::string sample = Serialize(ToMessage(SampleReading()));
  for (const auto& [hex, what] : std::vector<std::pair<std::string, std::string>>{
           {"08 07", "field 1 (device_id) as a VARINT"},
           {"12 02 61 62", "field 2 (timestamp_ms) as LEN"},
           {"1d 01 02 03 04", "field 3 (temperature_centi) as I32"},
           {"21 01 02 03 04 05 06 07 08", "field 4 (samples) as I64"},
           {"82 01 01 00", "field 16 (rssi_dbm) as LEN"}}) {
    if (!DecodesLikeLibprotobuf(sample + Bytes(hex),
                                "the sample followed by " + what + " [" + hex + "]",
                                "A known field number with a wire type that field "
                                "cannot have is an unknown field (as in libprotobuf): "
                                "step over it by its wire type.")) {
      return;
    }
  }
}

// 3.6 samples also decode when sent unpacked: one VARINT record per sample.
TEST(Lesson02WireDecode, AcceptsUnpackedSamples) {
  if (!DecodesLikeLibprotobuf(Bytes("20 01 20 02 20 ac 02"),
                              "samples 1, 2, 300 as three VARINT records (20 = field "
                              "4, VARINT)",
                              "Each VARINT record with field number 4 adds one "
                              "sample; each LEN record adds all the varints in it.")) {
    return;
  }
  DecodesLikeLibprotobuf(Bytes("22 02 01 02 20 03 22 00 20 00"),
                         "samples packed, then unpacked, then an empty packed record, "
                         "then unpacked 0",
                         "Each VARINT record with field number 4 adds one sample; each "
                         "LEN record adds all the varints in it.");
}

// 3.7 Two encodings back to back decode as a merge: the later value wins, samples add up.
TEST(Lesson02WireDecode, MergesRepeatedRecords) {
  Reading first = SampleReading();
  Reading second;
  second.temperature_centi = 150;
  second.samples = {7, 8};
  second.device_id = "fridge-1";
  DecodesLikeLibprotobuf(Serialize(ToMessage(first)) + Serialize(ToMessage(second)),
                         "the sample, then a second reading with device_id, "
                         "temperature and samples",
                         "A field that appears again replaces the earlier value; every "
                         "samples record adds to the list.");
}

// 3.8 Bytes that end too early are DATA_LOSS, never a crash or a half-read OK.
TEST(Lesson02WireDecode, RejectsTruncatedBytesWithDataLoss) {
  for (const auto& [hex, why] : std::vector<std::pair<std::string, std::string>>{
           {"80", "a tag cut off"},
           {"10", "a tag with no value"},
           {"10 80 80", "a varint value cut off"},
           {"0a 05 61 62", "a length of 5 with 2 bytes left"},
           {"0a", "a LEN tag with no length"},
           {"22 03 01 02", "a packed length of 3 with 2 bytes left"},
           {"22 01 80", "a packed payload whose last varint runs past the payload"},
           {"31 00 00 00", "an unknown I64 value with 3 of its 8 bytes"},
           {"3d 00", "an unknown I32 value with 1 of its 4 bytes"},
           {"42 0a 61", "an unknown LEN value cut off"},
           {"80 01", "field 16's tag with no value"}}) {
    const std::string bytes = Bytes(hex);
    SensorReading referee;
    ASSERT_FALSE(referee.ParseFromString(bytes))
        << "test bug: libprotobuf accepts " << hex;
    Reading out;
    grpc::Status status = DecodeReading(bytes, &out);
    if (lab::testing::IsNotStarted(status))
      FAIL() << lab::testing::IsOk(status).message();
    LAB_EXPECT_CODE(status, StatusCode::DATA_LOSS) << "decoding [" << hex << "]: " << why;
  }
  // Every cut of a real message: libprotobuf parses the cuts that fall between two
  // records; the others end inside a record and must be DATA_LOSS.
  SensorReadingV2 v2;
  v2.ParseFromString(Serialize(ToMessage(SampleReading())));
  v2.set_latitude(59.3293);
  v2.set_humidity_percent(41.5f);
  v2.set_firmware("2.4.1");
  for (const std::string& whole :
       {Serialize(ToMessage(SampleReading())), Serialize(v2)}) {
    for (size_t n = 0; n < whole.size(); ++n) {
      const std::string cut = whole.substr(0, n);
      SensorReading referee;
      const std::string what = "the first " + std::to_string(n) + " of " +
                               std::to_string(whole.size()) + " bytes of " + Hex(whole);
      if (referee.ParseFromString(cut)) {
        if (!DecodesLikeLibprotobuf(cut, what,
                                    "They stop between two records, which makes a "
                                    "complete, shorter message."))
          return;
      } else {
        Reading out;
        grpc::Status status = DecodeReading(cut, &out);
        if (status.error_code() != StatusCode::DATA_LOSS) {
          ADD_FAILURE() << lab::testing::HasCode(status, StatusCode::DATA_LOSS).message()
                        << "\n  decoding " << what
                        << ": they end inside a record; check that every length and "
                           "every value fits in the bytes that are left";
          return;
        }
      }
    }
  }
}

// 3.9 Bytes no encoder writes are INVALID_ARGUMENT.
TEST(Lesson02WireDecode, RejectsMalformedBytesWithInvalidArgument) {
  google::protobuf::LogSilencer quiet;  // libprotobuf logs the UTF-8 errors
  struct Case {
    const char* hex;
    const char* why;
    bool referee_refuses;
  };
  for (const Case& c : {
           Case{"10 80 80 80 80 80 80 80 80 80 80 01", "an 11-byte varint value", true},
           Case{"80 80 80 80 80 80 80 80 80 80 01 00", "an 11-byte tag", true},
           Case{"80 80 80 80 10 00", "a tag of 2^32, wider than 32 bits", true},
           Case{"00 01", "field number 0", true},
           Case{"0e 00", "wire type 6, which does not exist", true},
           Case{"0f 00", "wire type 7, which does not exist", true},
           Case{"2c", "wire type 4 (a group's end) with no start", true},
           Case{"2b 2c", "wire type 3 (a group), not supported here", false},
           Case{"0a 02 c3 28", "a device_id that is not UTF-8", true},
           Case{"0a 03 ed a0 80", "a device_id holding a UTF-16 surrogate", true},
       }) {
    const std::string bytes = Bytes(c.hex);
    if (c.referee_refuses) {
      SensorReading referee;
      ASSERT_FALSE(referee.ParseFromString(bytes))
          << "test bug: libprotobuf accepts " << c.hex;
    }
    Reading out;
    grpc::Status status = DecodeReading(bytes, &out);
    if (lab::testing::IsNotStarted(status))
      FAIL() << lab::testing::IsOk(status).message();
    LAB_EXPECT_CODE(status, StatusCode::INVALID_ARGUMENT)
        << "decoding [" << c.hex << "]: " << c.why;
  }
}

// ---------------------------------------------------------------------------------
// Part 4: the size claim, measured.

// 4.1 The sample reading is smaller as protobuf than as JSON (sizes are printed).
TEST(Lesson02WireSize, ProtobufIsSmallerThanJsonForTheSampleReading) {
  Reading minute = SampleReading();  // a minute of samples, one a second
  minute.samples.clear();
  for (uint32_t i = 0; i < 60; ++i) minute.samples.push_back(3990 + (i * 7) % 25);
  Reading text_heavy;  // mostly one long string: little for binary to win
  text_heavy.device_id = "site-berlin-04/building-c/floor-2/cold-room-17/freezer-3";
  text_heavy.timestamp_ms = 1700000000000;

  struct Row {
    std::string name;
    Reading reading;
  };
  const Row rows[] = {
      {"sample", SampleReading()}, {"minute", minute}, {"text_heavy", text_heavy}};
  std::ostringstream table;
  table << "reading      protobuf  JSON  JSON/protobuf\n";
  size_t sample_mine = 0, sample_json = 0;
  for (const Row& row : rows) {
    std::string mine;
    LAB_ASSERT_OK(EncodeReading(row.reading, &mine)) << "encoding the " << row.name;
    const SensorReading message = ToMessage(row.reading);
    ASSERT_EQ(mine.size(), message.ByteSizeLong())
        << "your encoding of the " << row.name << " reading is not the size of "
        << "libprotobuf's (see the Part 2 tests)";
    const std::string json = ToJson(message);
    ASSERT_FALSE(json.empty());
    char line[96];
    std::snprintf(line, sizeof line, "%-12s %8zu %5zu %14.2f\n", row.name.c_str(),
                  mine.size(), json.size(),
                  static_cast<double>(json.size()) / static_cast<double>(mine.size()));
    table << line;
    ::testing::Test::RecordProperty(row.name + "_protobuf_bytes",
                                    static_cast<int>(mine.size()));
    ::testing::Test::RecordProperty(row.name + "_json_bytes",
                                    static_cast<int>(json.size()));
    if (row.name == "sample") {
      sample_mine = mine.size();
      sample_json = json.size();
    }
  }
  std::cout << table.str() << std::flush;
  EXPECT_LT(sample_mine, sample_json)
      << "the sample reading should be smaller as protobuf than as JSON\n"
      << table.str();
}

}  // namespace
}  // namespace lab::wire
