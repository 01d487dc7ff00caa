// Given: do not edit. The by-hand tool: your bytes, annotated, next to libprotobuf's.
#include "dump.h"

#include <string>

#include "referee.h"
#include "wire.h"

namespace lab::wire {
namespace {

// Hex, 16 bytes per line, each line indented.
void PrintBytes(std::ostream& out, const std::string& bytes) {
  if (bytes.empty()) {
    out << "    (no bytes: a field at its default is not written)\n";
    return;
  }
  for (size_t i = 0; i < bytes.size(); i += 16) {
    out << "    " << ToHex(std::string_view(bytes).substr(i, 16)) << "\n";
  }
}

std::string SamplesText(const std::vector<uint32_t>& samples) {
  std::string text = "[";
  for (size_t i = 0; i < samples.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(samples[i]);
  }
  return text + "]";
}

}  // namespace

int RunDump(const Reading& reading, std::ostream& out) {
  // Proto3 leaves out fields at their default, so encoding a reading that has only
  // one field set gives exactly that field's record; the whole message is the records
  // one after another.
  struct Part {
    std::string label;
    Reading only;
  };
  Part parts[5];
  parts[0].label = "field 1  (LEN)     device_id = \"" + reading.device_id + "\"";
  parts[0].only.device_id = reading.device_id;
  parts[1].label =
      "field 2  (VARINT)  timestamp_ms = " + std::to_string(reading.timestamp_ms);
  parts[1].only.timestamp_ms = reading.timestamp_ms;
  parts[2].label = "field 3  (VARINT)  temperature_centi = " +
                   std::to_string(reading.temperature_centi) + ", as sint32: zigzag";
  parts[2].only.temperature_centi = reading.temperature_centi;
  parts[3].label =
      "field 4  (LEN)     samples = " + SamplesText(reading.samples) + ", packed";
  parts[3].only.samples = reading.samples;
  parts[4].label =
      "field 16 (VARINT)  rssi_dbm = " + std::to_string(reading.rssi_dbm) + ", as int32";
  parts[4].only.rssi_dbm = reading.rssi_dbm;

  out << "Your EncodeReading (lessons/02-wire-format/wire.cc), field by field:\n";
  for (const Part& part : parts) {
    std::string bytes;
    grpc::Status status = EncodeReading(part.only, &bytes);
    out << "  " << part.label << "\n";
    if (!status.ok()) {
      out << "    EncodeReading failed: " << status.error_message() << "\n";
      return 1;
    }
    PrintBytes(out, bytes);
  }

  std::string mine;
  grpc::Status status = EncodeReading(reading, &mine);
  if (!status.ok()) {
    out << "EncodeReading failed: " << status.error_message() << "\n";
    return 1;
  }
  out << "\nThe whole reading, " << mine.size() << " bytes:\n";
  PrintBytes(out, mine);

  const SensorReading message = ToMessage(reading);
  const std::string theirs = message.SerializeAsString();
  bool good = mine == theirs;
  if (good) {
    out << "libprotobuf's SerializeAsString: the same bytes.\n";
  } else {
    out << "libprotobuf's SerializeAsString DIFFERS, " << theirs.size() << " bytes:\n";
    PrintBytes(out, theirs);
  }
  const std::string json = ToJson(message);
  out << "The same reading as JSON, " << json.size() << " bytes:\n    " << json << "\n";

  Reading decoded;
  status = DecodeReading(mine, &decoded);
  if (!status.ok()) {
    out << "Your DecodeReading of these bytes failed: " << status.error_message() << "\n";
    good = false;
  } else if (decoded != reading) {
    out << "Your DecodeReading of these bytes gives a different reading:\n    " << decoded
        << "\n";
    good = false;
  } else {
    out << "Your DecodeReading of these bytes: the same reading.\n";
  }
  return good ? 0 : 1;
}

}  // namespace lab::wire
