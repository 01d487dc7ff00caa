// Given: do not edit. build/bin/lesson01_demo prints your sample Person three ways:
// protobuf text format, binary (as hex) and JSON.
#include <google/protobuf/text_format.h>

#include <cstdio>
#include <iostream>

#include "common/status_name.h"
#include "person_util.h"

int main() {
  lab::protobuf::Person person;
  grpc::Status status = lab::protobuf::FillSamplePerson(&person);
  std::string bytes;
  if (status.ok()) status = lab::protobuf::ToBytes(person, &bytes);
  std::string json;
  if (status.ok()) status = lab::protobuf::ToJson(person, &json);
  if (!status.ok()) {
    std::cerr << "failed: " << lab::common::StatusCodeName(status.error_code()) << ": "
              << status.error_message() << "\n";
    return 1;
  }

  std::string text;
  google::protobuf::TextFormat::PrintToString(person, &text);
  std::cout << "--- text format (for people and logs) ---\n" << text;

  std::cout << "--- binary, " << bytes.size() << " bytes (what goes on the wire) ---\n";
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::printf("%02x%c", static_cast<unsigned char>(bytes[i]),
                (i % 16 == 15 || i + 1 == bytes.size()) ? '\n' : ' ');
  }
  std::fflush(stdout);

  std::cout << "--- JSON, " << json.size() << " bytes ---\n" << json << "\n";

  status = lab::protobuf::ValidatePerson(person);
  std::cout << "--- ValidatePerson: "
            << (status.ok() ? std::string("OK") : status.error_message()) << "\n";
  return 0;
}
