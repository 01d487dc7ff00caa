// Lesson 01, part 2: using the C++ code that protoc generated from person.proto.
// Finish person.proto first: the accessors you need here (set_email, add_phones, ...)
// only exist once the fields do. Look at the generated header
// build/lessons/01-protobuf/lesson01/person.pb.h to see them.
#include "person_util.h"

#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/util/json_util.h>

namespace lab::protobuf {

// Contract (person_util.h): replace *person with the sample entry.
grpc::Status FillSamplePerson(Person* person) {
  // TODO(lesson01): start from an empty Person, then set every field of the sample:
  // set_name/set_id/set_email, add_phones() twice, mutable_last_updated(),
  // mutable_social_handles(), set_company, set_utc_offset_minutes.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson01): implement FillSamplePerson in "
                      "lessons/01-protobuf/person_util.cc");
}

// Contract (person_util.h): OK, or INVALID_ARGUMENT naming the first problem.
grpc::Status ValidatePerson(const Person& person) {
  // TODO(lesson01): check name, id, has_last_updated() and every phone, in that order.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson01): implement ValidatePerson in "
                      "lessons/01-protobuf/person_util.cc");
}

// Contract (person_util.h): the binary encoding; INTERNAL on failure.
grpc::Status ToBytes(const Person& person, std::string* bytes) {
  // TODO(lesson01): serialize with the message's SerializeToString.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson01): implement ToBytes in "
                      "lessons/01-protobuf/person_util.cc");
}

// Contract (person_util.h): replace *person with the parsed bytes; INVALID_ARGUMENT
// for bytes that are not a Person.
grpc::Status FromBytes(const std::string& bytes, Person* person) {
  // TODO(lesson01): parse, and turn a failed parse into INVALID_ARGUMENT.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson01): implement FromBytes in "
                      "lessons/01-protobuf/person_util.cc");
}

// Contract (person_util.h): the proto3 JSON mapping with default options.
grpc::Status ToJson(const Person& person, std::string* json) {
  // TODO(lesson01): google::protobuf::util::MessageToJsonString.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson01): implement ToJson in "
                      "lessons/01-protobuf/person_util.cc");
}

// Contract (person_util.h): parse JSON; unknown keys are errors (INVALID_ARGUMENT).
grpc::Status FromJson(const std::string& json, Person* person) {
  // TODO(lesson01): google::protobuf::util::JsonStringToMessage, and turn its error
  // into INVALID_ARGUMENT.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson01): implement FromJson in "
                      "lessons/01-protobuf/person_util.cc");
}

// Contract (person_util.h): replace *fields with the unknown fields `message` kept,
// in the order they were read, each with its number and wire type.
grpc::Status ListUnknownFields(const google::protobuf::Message& message,
                               std::vector<KeptField>* fields) {
  // TODO(lesson01): the message's Reflection (message.GetReflection()) has
  // GetUnknownFields(message), a google::protobuf::UnknownFieldSet: field_count()
  // fields, field(i) each, with number() and type(). Add one KeptField per field, its
  // wire_type being the number the wire uses for that type (see person_util.h).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson01): implement ListUnknownFields in "
                      "lessons/01-protobuf/person_util.cc");
}

}  // namespace lab::protobuf
