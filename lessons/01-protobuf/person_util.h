// Contract for lesson 01's use of the generated Person API. Given: do not edit.
// Your work is in person.proto (the message) and person_util.cc (these functions).
//
// person.pb.h is generated at build time from person.proto: protoc writes it to
// build/lessons/01-protobuf/lesson01/person.pb.h. It declares lab::protobuf::Person
// with one accessor family per field (name(), set_name(), ...).
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "person.pb.h"

namespace lab::protobuf {

// Replaces whatever *person held with the sample entry below (the README shows it as
// a table and as JSON):
//   name            "Ada Lovelace"
//   id              9007199254740993
//   email           "ada@example.com"
//   phones          "+44 20 7946 0018" MOBILE, then "+44 20 7946 0019" WORK
//   last_updated    2024-03-01T09:30:00Z (1709285400 s after the Unix epoch)
//   social_handles  "github" -> "adalovelace", "mastodon" -> "@ada@example.social"
//   company         "Analytical Engines Ltd" (so the affiliation is a company)
//   utc_offset_minutes  0 (London), set: has_utc_offset_minutes() is true
grpc::Status FillSamplePerson(Person* person);

// Checks that `person` is a complete address book entry. Returns OK, or
// INVALID_ARGUMENT whose message names the first problem found, in this order:
//   - the name is empty                             message mentions "name"
//   - the id is 0 or negative                       message mentions "id"
//   - last_updated was never set                    message mentions "last_updated"
//   - phone i has an empty number, or its type is
//     PHONE_TYPE_UNSPECIFIED                        message mentions "phones[i]"
grpc::Status ValidatePerson(const Person& person);

// Serializes `person` to the protobuf binary format (the bytes gRPC puts on the wire).
// Errors: INTERNAL if serialization fails.
grpc::Status ToBytes(const Person& person, std::string* bytes);

// Parses `bytes` into *person, replacing what it held before (nothing of the old value
// may survive). Errors: INVALID_ARGUMENT if `bytes` is not a valid Person.
grpc::Status FromBytes(const std::string& bytes, Person* person);

// Prints `person` as JSON with protobuf's standard proto3 JSON mapping and its default
// options: lowerCamelCase keys, enums by name, fields at their default value left out.
// Errors: INTERNAL if printing fails.
grpc::Status ToJson(const Person& person, std::string* json);

// Parses JSON into *person (the standard mapping; keys may be lowerCamelCase or the
// .proto's names). A key that Person does not have is an error, not silently dropped.
// Errors: INVALID_ARGUMENT, with the parser's explanation, for malformed JSON, an
// unknown key or a value of the wrong type.
grpc::Status FromJson(const std::string& json, Person* person);

// An unknown field a reader kept: a field that it met on the wire, did not find in its
// own version of the message, and kept (to write out again unchanged). `number` is the
// field number; `wire_type` is how its value was written, as the tag on the wire says:
// 0 VARINT, 1 I64 (8 bytes), 2 LEN (length-delimited), 3 a group (obsolete), 5 I32
// (4 bytes). Lesson 02 takes these apart byte by byte.
struct KeptField {
  int number = 0;
  int wire_type = 0;
  bool operator==(const KeptField& other) const {
    return number == other.number && wire_type == other.wire_type;
  }
};

// Replaces *fields with the unknown fields that `message` kept, in the order they
// were read. A field that was on the wire several times (each element of a repeated
// field, each entry of a map) is listed each time. Only `message`'s own: a
// sub-message keeps its unknown fields in its own set. Works for any message: a
// generated Person, or an old version of it that an app builds at run time (part 5's
// tests). Errors: none; it returns OK.
grpc::Status ListUnknownFields(const google::protobuf::Message& message,
                               std::vector<KeptField>* fields);

}  // namespace lab::protobuf
