// Contract for lesson 01's use of the generated Person API. Given: do not edit.
// Your work is in person.proto (the message) and person_util.cc (these functions).
//
// person.pb.h is generated at build time from person.proto: protoc writes it to
// build/lessons/01-protobuf/lesson01/person.pb.h. It declares lab::protobuf::Person
// with one accessor family per field (name(), set_name(), ...).
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

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

}  // namespace lab::protobuf
