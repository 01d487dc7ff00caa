// Lesson 01, part 2: using the C++ code that protoc generated from person.proto.
#include "person_util.h"

#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/util/json_util.h>

namespace lab::protobuf {

namespace {

// UnknownField::Type lists the kinds of value in its own order (VARINT, FIXED32,
// FIXED64, LENGTH_DELIMITED, GROUP = 0 to 4); the wire numbers them differently.
int WireType(google::protobuf::UnknownField::Type type) {
  switch (type) {
    case google::protobuf::UnknownField::TYPE_VARINT:
      return 0;
    case google::protobuf::UnknownField::TYPE_FIXED64:
      return 1;
    case google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED:
      return 2;
    case google::protobuf::UnknownField::TYPE_GROUP:
      return 3;
    case google::protobuf::UnknownField::TYPE_FIXED32:
      return 5;
  }
  return -1;  // not reached: the switch covers every type
}

}  // namespace

// Contract (person_util.h): replace *person with the sample entry.
grpc::Status FillSamplePerson(Person* person) {
  // add_phones() below appends, so start from an empty message.
  person->Clear();

  // Scalars: set_<field>(value).
  person->set_name("Ada Lovelace");
  person->set_id(9007199254740993);  // 2^53 + 1: too big for a JavaScript number
  person->set_email("ada@example.com");

  // Repeated message field: add_<field>() appends an element and returns a pointer
  // to it, to fill in place.
  Person::PhoneNumber* mobile = person->add_phones();
  mobile->set_number("+44 20 7946 0018");
  mobile->set_type(Person::PHONE_TYPE_MOBILE);
  Person::PhoneNumber* work = person->add_phones();
  work->set_number("+44 20 7946 0019");
  work->set_type(Person::PHONE_TYPE_WORK);

  // Singular message field: mutable_<field>() creates it if needed (and from then on
  // has_<field>() is true).
  google::protobuf::Timestamp* updated = person->mutable_last_updated();
  updated->set_seconds(1709285400);  // 2024-03-01T09:30:00Z
  updated->set_nanos(0);

  // Map field: mutable_<field>() gives a google::protobuf::Map, used like a std::map.
  auto& handles = *person->mutable_social_handles();
  handles["github"] = "adalovelace";
  handles["mastodon"] = "@ada@example.social";

  // Oneof member: setting company clears school, and affiliation_case() says which
  // member is set.
  person->set_company("Analytical Engines Ltd");

  // An optional scalar: set_<field>(0) makes it present, even though 0 is the default.
  // Skipping the call because "0 is the default anyway" leaves it unset: unknown.
  person->set_utc_offset_minutes(0);  // London
  return grpc::Status::OK;
}

// Contract (person_util.h): OK, or INVALID_ARGUMENT naming the first problem.
grpc::Status ValidatePerson(const Person& person) {
  // Plain proto3 scalars have no "is it set?": an unset string reads as "", a number
  // as 0. Message fields (and `optional` scalars) do: has_last_updated().
  if (person.name().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "name is empty");
  }
  if (person.id() <= 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "id must be positive, got " + std::to_string(person.id()));
  }
  if (!person.has_last_updated()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "last_updated is not set");
  }
  for (int i = 0; i < person.phones_size(); ++i) {
    const Person::PhoneNumber& phone = person.phones(i);
    const std::string where = "phones[" + std::to_string(i) + "]";
    if (phone.number().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, where + " has no number");
    }
    if (phone.type() == Person::PHONE_TYPE_UNSPECIFIED) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          where + " has no type (PHONE_TYPE_UNSPECIFIED)");
    }
  }
  return grpc::Status::OK;
}

// Contract (person_util.h): the binary encoding; INTERNAL on failure.
grpc::Status ToBytes(const Person& person, std::string* bytes) {
  if (!person.SerializeToString(bytes)) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "could not serialize the Person");
  }
  return grpc::Status::OK;
}

// Contract (person_util.h): replace *person with the parsed bytes; INVALID_ARGUMENT
// for bytes that are not a Person.
grpc::Status FromBytes(const std::string& bytes, Person* person) {
  // ParseFromString clears the message first. (MergeFromString would not: it keeps
  // the fields the bytes do not mention, appends to repeated fields and merges
  // sub-messages.)
  if (!person->ParseFromString(bytes)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the " + std::to_string(bytes.size()) +
                            " bytes are not a valid lab.protobuf.Person");
  }
  return grpc::Status::OK;
}

// Contract (person_util.h): the proto3 JSON mapping with default options.
grpc::Status ToJson(const Person& person, std::string* json) {
  google::protobuf::util::JsonPrintOptions options;  // defaults: lowerCamelCase keys
  json->clear();
  auto status = google::protobuf::util::MessageToJsonString(person, json, options);
  if (!status.ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, std::string(status.message()));
  }
  return grpc::Status::OK;
}

// Contract (person_util.h): parse JSON; unknown keys are errors (INVALID_ARGUMENT).
grpc::Status FromJson(const std::string& json, Person* person) {
  google::protobuf::util::JsonParseOptions options;  // ignore_unknown_fields = false
  auto status = google::protobuf::util::JsonStringToMessage(json, person, options);
  if (!status.ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "not a Person in JSON: " + std::string(status.message()));
  }
  return grpc::Status::OK;
}

// Contract (person_util.h): the unknown fields `message` kept, with numbers and wire
// types.
grpc::Status ListUnknownFields(const google::protobuf::Message& message,
                               std::vector<KeptField>* fields) {
  // Every message, generated or dynamic, keeps what its reader did not know in an
  // UnknownFieldSet, reached through reflection.
  const google::protobuf::UnknownFieldSet& unknown =
      message.GetReflection()->GetUnknownFields(message);
  fields->clear();
  for (int i = 0; i < unknown.field_count(); ++i) {
    const google::protobuf::UnknownField& field = unknown.field(i);
    fields->push_back({field.number(), WireType(field.type())});
  }
  return grpc::Status::OK;
}

}  // namespace lab::protobuf
