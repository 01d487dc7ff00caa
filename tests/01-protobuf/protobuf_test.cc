// Lesson 01 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: person.proto, checked through the descriptor protoc compiled from it.
//   Part 2: FillSamplePerson and ValidatePerson, written with the generated API.
//   Part 3: ToBytes / FromBytes, the binary format.
//   Part 4: ToJson / FromJson, the proto3 JSON mapping.
//   Part 5: version 1 and version 2 of Person reading each other's bytes.
//
// These tests must compile against any person.proto, including the starter, which
// lacks most fields. So they never call accessors such as set_email(): they look
// fields up by name in Person's descriptor and read and write them through reflection.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "lab/testing.h"
#include "person_util.h"

namespace lab::protobuf {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::util::MessageDifferencer;

// The sample entry of person_util.h.
constexpr int64_t kSampleId = 9007199254740993;  // 2^53 + 1
constexpr int64_t kSampleSeconds = 1709285400;   // 2024-03-01T09:30:00Z
const std::map<std::string, std::string> kSampleHandles = {
    {"github", "adalovelace"}, {"mastodon", "@ada@example.social"}};

std::string ProtoFile() {
  return std::string(lab::testing::ThisLesson().dir) + "/person.proto";
}
std::string UtilFile() {
  return std::string(lab::testing::ThisLesson().dir) + "/person_util.cc";
}

// ---------------------------------------------------------------------------------
// Reading person.proto through descriptors.

// "Person.PhoneNumber" for lab.protobuf.Person.PhoneNumber.
std::string Short(const Descriptor* message) {
  const std::string& package = message->file()->package();
  return message->full_name().substr(package.empty() ? 0 : package.size() + 1);
}

// A field's type as these tests name it: "string", "int64", a message or enum's full
// name, or "map<string, string>".
std::string TypeOf(const FieldDescriptor* field) {
  if (field->is_map()) {
    return "map<" + TypeOf(field->message_type()->map_key()) + ", " +
           TypeOf(field->message_type()->map_value()) + ">";
  }
  switch (field->type()) {
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP:
      return field->message_type()->full_name();
    case FieldDescriptor::TYPE_ENUM:
      return field->enum_type()->full_name();
    default:
      return field->type_name();
  }
}

// How the field reads back from the compiled descriptor, written as person.proto
// would declare it: "repeated PhoneNumber phones = 4;".
std::string Declared(const FieldDescriptor* field) {
  std::string type = TypeOf(field);
  for (const std::string scope : {"lab.protobuf.", "Person."}) {
    if (type.rfind(scope, 0) == 0) type = type.substr(scope.size());
  }
  std::string text = field->is_repeated() && !field->is_map() ? "repeated "
                     : field->has_optional_keyword()          ? "optional "
                                                              : "";
  return text + type + " " + field->name() + " = " + std::to_string(field->number()) +
         ";";
}

// A field that person.proto must declare.
struct Expected {
  const char* name;
  int number;
  const char* type;  // as TypeOf() names it
  bool repeated;
  const char* declaration;  // how person.proto declares it
  const char* task;         // the README's task that adds it
};

// clang-format off
const Expected kName{"name", 1, "string", false, "string name = 1;", "1.1"};
const Expected kId{"id", 2, "int64", false, "int64 id = 2;", "1.1"};
const Expected kEmail{"email", 3, "string", false, "string email = 3;", "1.1"};
const Expected kNumber{"number", 1, "string", false, "string number = 1;", "1.3"};
const Expected kType{"type", 2, "lab.protobuf.Person.PhoneType", false,
                     "PhoneType type = 2;", "1.3"};
const Expected kPhones{"phones", 4, "lab.protobuf.Person.PhoneNumber", true,
                       "repeated PhoneNumber phones = 4;", "1.4"};
const Expected kLastUpdated{"last_updated", 5, "google.protobuf.Timestamp", false,
                            "google.protobuf.Timestamp last_updated = 5;", "1.5"};
const Expected kSocialHandles{"social_handles", 7, "map<string, string>", true,
                              "map<string, string> social_handles = 7;", "1.7"};
const Expected kCompany{"company", 8, "string", false, "string company = 8;", "1.8"};
const Expected kSchool{"school", 9, "string", false, "string school = 9;", "1.8"};
const Expected kUtcOffset{"utc_offset_minutes", 10, "sint32", false,
                          "optional sint32 utc_offset_minutes = 10;", "1.9"};
// clang-format on

// Passes when `message` declares the field as expected. With check_number false only
// the name, type and label matter (parts 2 to 5 need a field they can use; part 1
// checks the numbers).
::testing::AssertionResult HasField(const Descriptor* message, const Expected& want,
                                    bool check_number = true) {
  const FieldDescriptor* field = message->FindFieldByName(want.name);
  if (field == nullptr) {
    return ::testing::AssertionFailure()
           << ProtoFile() << ": message " << Short(message) << " has no field '"
           << want.name << "'. Add it: `" << want.declaration << "` (task " << want.task
           << ")";
  }
  const bool type_ok = TypeOf(field) == want.type &&
                       (field->is_repeated() || field->is_map()) == want.repeated;
  if (!type_ok || (check_number && field->number() != want.number)) {
    auto failure = ::testing::AssertionFailure();
    failure << ProtoFile() << ": " << Short(message) << "." << want.name
            << " is declared as `" << Declared(field) << "`, expected `"
            << want.declaration << "`";
    if (type_ok) {
      failure << ". Its number is wrong: the number, not the name, identifies a field "
                 "on the wire, so it must stay "
              << want.number << " forever";
    }
    failure << " (task " << want.task << ")";
    return failure;
  }
  return ::testing::AssertionSuccess();
}

// Everything parts 2 to 5 need from person.proto, looked up by name.
struct Schema {
  const Descriptor* person = Person::descriptor();
  const Descriptor* phone = nullptr;
  const EnumDescriptor* phone_type = nullptr;
  const FieldDescriptor* name = nullptr;
  const FieldDescriptor* id = nullptr;
  const FieldDescriptor* email = nullptr;
  const FieldDescriptor* phones = nullptr;
  const FieldDescriptor* last_updated = nullptr;
  const FieldDescriptor* social_handles = nullptr;
  const FieldDescriptor* company = nullptr;
  const FieldDescriptor* school = nullptr;
  const FieldDescriptor* utc_offset = nullptr;
  const FieldDescriptor* number = nullptr;  // in PhoneNumber
  const FieldDescriptor* type = nullptr;    // in PhoneNumber
  int mobile = 0, home = 0, work = 0;       // PhoneType values
};

// Looks up every field the later parts use. Fails, naming the first thing missing from
// person.proto, until part 1 is done.
::testing::AssertionResult LookUp(Schema* s) {
  auto field = [](const Descriptor* message, const Expected& want,
                  const FieldDescriptor** out) {
    ::testing::AssertionResult result = HasField(message, want, false);
    if (result) *out = message->FindFieldByName(want.name);
    return result;
  };
  s->phone = s->person->FindNestedTypeByName("PhoneNumber");
  if (s->phone == nullptr) {
    return ::testing::AssertionFailure()
           << "finish part 1 first: " << ProtoFile()
           << " has no message PhoneNumber declared inside Person (task 1.3)";
  }
  s->phone_type = s->person->FindEnumTypeByName("PhoneType");
  if (s->phone_type == nullptr) {
    return ::testing::AssertionFailure()
           << "finish part 1 first: " << ProtoFile()
           << " has no enum PhoneType declared inside Person (task 1.2)";
  }
  for (auto [value, out] :
       {std::pair{"PHONE_TYPE_MOBILE", &s->mobile},
        std::pair{"PHONE_TYPE_HOME", &s->home}, std::pair{"PHONE_TYPE_WORK", &s->work}}) {
    const auto* v = s->phone_type->FindValueByName(value);
    if (v == nullptr) {
      return ::testing::AssertionFailure()
             << "finish part 1 first: " << ProtoFile() << ": enum PhoneType has no value "
             << value << " (task 1.2)";
    }
    *out = v->number();
  }
  for (auto [message, want, out] :
       {std::tuple{s->person, &kName, &s->name}, std::tuple{s->person, &kId, &s->id},
        std::tuple{s->person, &kEmail, &s->email},
        std::tuple{s->person, &kPhones, &s->phones},
        std::tuple{s->person, &kLastUpdated, &s->last_updated},
        std::tuple{s->person, &kSocialHandles, &s->social_handles},
        std::tuple{s->person, &kCompany, &s->company},
        std::tuple{s->person, &kSchool, &s->school},
        std::tuple{s->person, &kUtcOffset, &s->utc_offset},
        std::tuple{s->phone, &kNumber, &s->number},
        std::tuple{s->phone, &kType, &s->type}}) {
    ::testing::AssertionResult result = field(message, *want, out);
    if (!result)
      return ::testing::AssertionFailure() << "finish part 1 first: " << result.message();
  }
  return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------------------------
// Building and reading a Person through reflection.

void AddPhone(const Schema& s, Message* person, const std::string& number, int type) {
  Message* phone = person->GetReflection()->AddMessage(person, s.phones);
  phone->GetReflection()->SetString(phone, s.number, number);
  phone->GetReflection()->SetEnumValue(phone, s.type, type);
}

void SetTimestamp(const Schema& s, Message* person, int64_t seconds) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  // The field's type is google.protobuf.Timestamp (LookUp checked), the same generated
  // class as `timestamp`.
  person->GetReflection()->MutableMessage(person, s.last_updated)->CopyFrom(timestamp);
}

void PutHandle(const Schema& s, Message* person, const std::string& key,
               const std::string& value) {
  // A map field is, on the wire and in reflection, a repeated message of entries with
  // key = 1 and value = 2.
  Message* entry = person->GetReflection()->AddMessage(person, s.social_handles);
  const Descriptor* entry_type = s.social_handles->message_type();
  entry->GetReflection()->SetString(entry, entry_type->map_key(), key);
  entry->GetReflection()->SetString(entry, entry_type->map_value(), value);
}

// The sample entry of person_util.h, built without the learner's code.
void BuildSample(const Schema& s, Person* person) {
  person->Clear();
  const Reflection* r = person->GetReflection();
  r->SetString(person, s.name, "Ada Lovelace");
  r->SetInt64(person, s.id, kSampleId);
  r->SetString(person, s.email, "ada@example.com");
  AddPhone(s, person, "+44 20 7946 0018", s.mobile);
  AddPhone(s, person, "+44 20 7946 0019", s.work);
  SetTimestamp(s, person, kSampleSeconds);
  for (const auto& [key, value] : kSampleHandles) PutHandle(s, person, key, value);
  r->SetString(person, s.company, "Analytical Engines Ltd");
  r->SetInt32(person, s.utc_offset, 0);  // London: set, so present
}

std::map<std::string, std::string> Handles(const Schema& s, const Message& person) {
  std::map<std::string, std::string> handles;
  const Reflection* r = person.GetReflection();
  const Descriptor* entry_type = s.social_handles->message_type();
  for (int i = 0; i < r->FieldSize(person, s.social_handles); ++i) {
    const Message& entry = r->GetRepeatedMessage(person, s.social_handles, i);
    handles[entry.GetReflection()->GetString(entry, entry_type->map_key())] =
        entry.GetReflection()->GetString(entry, entry_type->map_value());
  }
  return handles;
}

std::string EnumName(const EnumDescriptor* type, int number) {
  const auto* value = type->FindValueByNumber(number);
  return value ? value->name() : "(no value " + std::to_string(number) + ")";
}

// Passes when the two messages are equal; otherwise lists the differences by field.
::testing::AssertionResult SameMessage(const Message& got, const Message& want) {
  MessageDifferencer differencer;
  std::string differences;
  differencer.ReportDifferencesToString(&differences);
  if (differencer.Compare(want, got)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "the messages differ (\"added\" = only in what came back, \"deleted\" = "
            "missing from it):\n"
         << differences;
}

// ---------------------------------------------------------------------------------
// Part 1: person.proto. Each test reads the descriptor protoc compiled from your file.

// 1.1 Person has the scalars `string name = 1`, `int64 id = 2`, `string email = 3`.
TEST(Lesson01Protobuf, PersonHasNameIdAndEmail) {
  const Descriptor* person = Person::descriptor();
  ASSERT_EQ(person->full_name(), "lab.protobuf.Person")
      << "keep `package lab.protobuf;` and `message Person` as the starter has them";
  EXPECT_TRUE(HasField(person, kName));
  EXPECT_TRUE(HasField(person, kId));
  EXPECT_TRUE(HasField(person, kEmail));
}

// 1.2 Person declares a nested enum PhoneType: UNSPECIFIED 0, MOBILE 1, HOME 2, WORK 3.
TEST(Lesson01Protobuf, PhoneTypeIsANestedEnum) {
  const EnumDescriptor* type = Person::descriptor()->FindEnumTypeByName("PhoneType");
  if (type == nullptr) {
    const bool top_level = Person::descriptor()->file()->FindEnumTypeByName("PhoneType");
    FAIL() << ProtoFile() << ": no enum PhoneType inside message Person"
           << (top_level ? " (yours is at the top level of the file; move it inside "
                           "Person, so that it is lab.protobuf.Person.PhoneType)"
                         : "");
  }
  for (auto [name, number] :
       {std::pair{"PHONE_TYPE_UNSPECIFIED", 0}, std::pair{"PHONE_TYPE_MOBILE", 1},
        std::pair{"PHONE_TYPE_HOME", 2}, std::pair{"PHONE_TYPE_WORK", 3}}) {
    const auto* value = type->FindValueByName(name);
    if (value == nullptr) {
      ADD_FAILURE() << ProtoFile() << ": enum PhoneType has no value " << name
                    << ". Add `" << name << " = " << number << ";`";
    } else {
      EXPECT_EQ(value->number(), number)
          << ProtoFile() << ": " << name << " should be " << number
          << (number == 0 ? " (in proto3 the first value is 0, the default, which "
                            "means \"not set\")"
                          : "");
    }
  }
}

// 1.3 Person declares a nested message PhoneNumber { string number = 1; PhoneType
//     type = 2; }.
TEST(Lesson01Protobuf, PhoneNumberIsANestedMessage) {
  const Descriptor* phone = Person::descriptor()->FindNestedTypeByName("PhoneNumber");
  if (phone == nullptr) {
    const bool top_level =
        Person::descriptor()->file()->FindMessageTypeByName("PhoneNumber");
    FAIL() << ProtoFile() << ": no message PhoneNumber inside message Person"
           << (top_level ? " (yours is at the top level of the file; move it inside "
                           "Person, so that it is lab.protobuf.Person.PhoneNumber)"
                         : "");
  }
  EXPECT_TRUE(HasField(phone, kNumber));
  EXPECT_TRUE(HasField(phone, kType));
}

// 1.4 phones = 4 is a repeated PhoneNumber: a list, kept in order.
TEST(Lesson01Protobuf, PhonesIsARepeatedPhoneNumber) {
  EXPECT_TRUE(HasField(Person::descriptor(), kPhones));
}

// 1.5 last_updated = 5 is the well-known type google.protobuf.Timestamp.
TEST(Lesson01Protobuf, LastUpdatedIsATimestamp) {
  ::testing::AssertionResult result = HasField(Person::descriptor(), kLastUpdated);
  EXPECT_TRUE(result) << "(import \"google/protobuf/timestamp.proto\" and use the type "
                         "google.protobuf.Timestamp, not a number of your own)";
}

// 1.6 Number 6 and the name "fax" (version 1's fax field) are reserved.
TEST(Lesson01Protobuf, FaxNumberAndNameAreReserved) {
  const Descriptor* person = Person::descriptor();
  if (const FieldDescriptor* taken = person->FindFieldByNumber(6)) {
    ADD_FAILURE() << ProtoFile() << ": `" << Declared(taken)
                  << "` reuses number 6, which was `string fax = 6` in version 1. Old "
                     "apps still read field 6 as a fax number, so they would misread "
                     "yours. Give it its own number and reserve 6.";
  }
  EXPECT_TRUE(person->IsReservedNumber(6))
      << ProtoFile() << ": add `reserved 6;` to Person, so that protoc refuses any "
      << "future field that tries to reuse the removed fax field's number";
  EXPECT_TRUE(person->IsReservedName("fax"))
      << ProtoFile() << ": add `reserved \"fax\";` to Person, so that the name cannot "
      << "come back with another number (that would break the JSON mapping, which "
         "uses names)";
}

// 1.7 social_handles = 7 is a map<string, string>.
TEST(Lesson01Protobuf, SocialHandlesIsAStringMap) {
  EXPECT_TRUE(HasField(Person::descriptor(), kSocialHandles));
}

// 1.8 company = 8 and school = 9 are the two members of oneof affiliation: setting one
//     clears the other.
TEST(Lesson01Protobuf, AffiliationIsAOneofOfCompanyAndSchool) {
  const Descriptor* person = Person::descriptor();
  ASSERT_TRUE(HasField(person, kCompany));
  ASSERT_TRUE(HasField(person, kSchool));
  const FieldDescriptor* company = person->FindFieldByName("company");
  const FieldDescriptor* school = person->FindFieldByName("school");
  for (const FieldDescriptor* field : {company, school}) {
    const auto* oneof = field->real_containing_oneof();
    ASSERT_TRUE(oneof != nullptr && oneof->name() == "affiliation")
        << ProtoFile() << ": `" << Declared(field) << "` should be inside `oneof "
        << "affiliation { ... }`, found it "
        << (oneof ? "in oneof " + oneof->name() : std::string("outside any oneof"));
  }

  // What the oneof buys: at most one member is set, and setting one clears the other.
  Person p;
  const Reflection* r = p.GetReflection();
  r->SetString(&p, company, "Analytical Engines Ltd");
  r->SetString(&p, school, "University of London");
  EXPECT_FALSE(r->HasField(p, company)) << "setting school should clear company";
  const FieldDescriptor* set =
      r->GetOneofFieldDescriptor(p, company->real_containing_oneof());
  EXPECT_TRUE(set == school) << "affiliation should now hold school";
}

// 1.9 utc_offset_minutes = 10 is an `optional sint32`: it has explicit presence, so a
//     0 that was set (London) differs from "never set".
TEST(Lesson01Protobuf, UtcOffsetHasExplicitPresence) {
  const Descriptor* person = Person::descriptor();
  ASSERT_TRUE(HasField(person, kUtcOffset));
  const FieldDescriptor* offset = person->FindFieldByName(kUtcOffset.name);
  ASSERT_TRUE(offset->has_optional_keyword() && offset->has_presence())
      << ProtoFile() << ": `" << Declared(offset)
      << "` has no presence: a plain proto3 scalar cannot tell 0 (London) from \"never "
         "set\", has no has_utc_offset_minutes(), and a 0 is not even written. Declare "
         "it `optional sint32 utc_offset_minutes = 10;` (task 1.9)";

  // What presence buys: unset, set to 0, and a 0 that survives the wire.
  Person p;
  const Reflection* r = p.GetReflection();
  EXPECT_FALSE(r->HasField(p, offset)) << "a new Person's offset is not set: unknown";
  r->SetInt32(&p, offset, 0);
  EXPECT_TRUE(r->HasField(p, offset)) << "set to 0, the offset is present";
  Person back;
  ASSERT_TRUE(back.ParseFromString(p.SerializeAsString()));
  EXPECT_TRUE(r->HasField(back, offset))
      << "a 0 that was set is written on the wire and arrives as set";
}

// ---------------------------------------------------------------------------------
// Part 2: the generated API, in person_util.cc.

// 2.1 FillSamplePerson sets name, id and email with set_*().
TEST(Lesson01ProtobufApi, FillSamplePersonSetsNameIdAndEmail) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  LAB_ASSERT_OK(FillSamplePerson(&p));
  const Reflection* r = p.GetReflection();
  EXPECT_EQ(r->GetString(p, s.name), "Ada Lovelace");
  EXPECT_EQ(r->GetInt64(p, s.id), kSampleId)
      << "the id is 9007199254740993: an int64 holds it exactly";
  EXPECT_EQ(r->GetString(p, s.email), "ada@example.com");
}

// 2.2 FillSamplePerson adds two phones with add_phones(), mobile first, then work.
TEST(Lesson01ProtobufApi, FillSamplePersonAddsPhonesInOrder) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  LAB_ASSERT_OK(FillSamplePerson(&p));
  const Reflection* r = p.GetReflection();
  ASSERT_EQ(r->FieldSize(p, s.phones), 2) << "expected two phones";
  const std::pair<std::string, int> want[] = {{"+44 20 7946 0018", s.mobile},
                                              {"+44 20 7946 0019", s.work}};
  for (int i = 0; i < 2; ++i) {
    const Message& phone = r->GetRepeatedMessage(p, s.phones, i);
    EXPECT_EQ(phone.GetReflection()->GetString(phone, s.number), want[i].first)
        << "phones[" << i << "].number (a repeated field keeps the order of add_*())";
    EXPECT_EQ(EnumName(s.phone_type, phone.GetReflection()->GetEnumValue(phone, s.type)),
              EnumName(s.phone_type, want[i].second))
        << "phones[" << i << "].type";
  }
}

// 2.3 FillSamplePerson sets last_updated to 2024-03-01T09:30:00Z via
//     mutable_last_updated().
TEST(Lesson01ProtobufApi, FillSamplePersonSetsLastUpdated) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  LAB_ASSERT_OK(FillSamplePerson(&p));
  const Reflection* r = p.GetReflection();
  ASSERT_TRUE(r->HasField(p, s.last_updated))
      << "last_updated is not set: mutable_last_updated() creates it";
  google::protobuf::Timestamp got;
  got.CopyFrom(r->GetMessage(p, s.last_updated));
  google::protobuf::Timestamp want;
  want.set_seconds(kSampleSeconds);
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(got),
            google::protobuf::util::TimeUtil::ToString(want))
      << "a Timestamp is seconds (and nanos) since 1970-01-01T00:00:00Z; got seconds = "
      << got.seconds() << ", nanos = " << got.nanos()
      << ", expected seconds = " << kSampleSeconds << ", nanos = 0";
}

// 2.4 FillSamplePerson puts the two social handles in the map.
TEST(Lesson01ProtobufApi, FillSamplePersonFillsSocialHandles) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  LAB_ASSERT_OK(FillSamplePerson(&p));
  EXPECT_EQ(Handles(s, p), kSampleHandles)
      << "(*person->mutable_social_handles())[network] = handle";
}

// 2.5 FillSamplePerson sets the affiliation to the company, and only that.
TEST(Lesson01ProtobufApi, FillSamplePersonSetsTheCompany) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  LAB_ASSERT_OK(FillSamplePerson(&p));
  const Reflection* r = p.GetReflection();
  EXPECT_EQ(r->GetString(p, s.company), "Analytical Engines Ltd");
  EXPECT_FALSE(r->HasField(p, s.school)) << "the sample has a company, not a school";
}

// 2.6 FillSamplePerson sets utc_offset_minutes to 0 (London), and so makes it present.
TEST(Lesson01ProtobufApi, FillSamplePersonSetsTheOffsetToZero) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  LAB_ASSERT_OK(FillSamplePerson(&p));
  const Reflection* r = p.GetReflection();
  EXPECT_TRUE(r->HasField(p, s.utc_offset))
      << "the sample's utc_offset_minutes is not set, so it reads as unknown. 0 is its "
         "default, but with `optional` a default that was never set and a 0 that was "
         "set differ: call set_utc_offset_minutes(0) ("
      << UtilFile() << ")";
  EXPECT_EQ(r->GetInt32(p, s.utc_offset), 0) << "Ada lived in London: offset 0";
}

// 2.7 FillSamplePerson replaces what the Person held: calling it twice gives the sample
//     again, not four phones.
TEST(Lesson01ProtobufApi, FillSamplePersonReplacesWhatWasThere) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person want;
  BuildSample(s, &want);
  Person p;
  BuildSample(s, &p);
  AddPhone(s, &p, "+44 20 7946 0999", s.home);
  p.GetReflection()->SetString(&p, s.school, "University of London");
  LAB_ASSERT_OK(FillSamplePerson(&p));
  EXPECT_TRUE(SameMessage(p, want))
      << "FillSamplePerson was given a Person that already held an entry. add_phones() "
         "appends to what is there: start from person->Clear(). ("
      << UtilFile() << ")";
}

// 2.8 ValidatePerson accepts a complete entry (phones, handles, affiliation and offset
//     may be missing).
TEST(Lesson01ProtobufApi, ValidatePersonAcceptsACompleteEntry) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  BuildSample(s, &p);
  LAB_EXPECT_OK(ValidatePerson(p)) << "the sample entry is complete";
  Person minimal;
  const Reflection* r = minimal.GetReflection();
  r->SetString(&minimal, s.name, "Grace Hopper");
  r->SetInt64(&minimal, s.id, 1);
  SetTimestamp(s, &minimal, 0);  // 1970-01-01T00:00:00Z: set, even if all zeros
  LAB_EXPECT_OK(ValidatePerson(minimal))
      << "name, id and last_updated set, no phones: complete. A Timestamp of exactly "
         "the epoch is still set: test has_last_updated(), not its value";
}

// 2.9 ValidatePerson rejects a missing name, a non-positive id or a missing
//     last_updated with INVALID_ARGUMENT, naming the first problem.
TEST(Lesson01ProtobufApi, ValidatePersonRejectsMissingNameIdOrTimestamp) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  struct Case {
    const char* what;
    const char* mentions;
    std::function<void(Person*)> spoil;
  };
  const Reflection* r = Person::default_instance().GetReflection();
  const Case cases[] = {
      {"empty name", "name", [&](Person* p) { r->SetString(p, s.name, ""); }},
      {"id 0", "id", [&](Person* p) { r->SetInt64(p, s.id, 0); }},
      {"id -7", "id", [&](Person* p) { r->SetInt64(p, s.id, -7); }},
      {"no last_updated", "last_updated",
       [&](Person* p) { r->ClearField(p, s.last_updated); }},
      {"empty name and no last_updated (name comes first)", "name",
       [&](Person* p) {
         r->SetString(p, s.name, "");
         r->ClearField(p, s.last_updated);
       }},
  };
  for (const Case& c : cases) {
    Person p;
    BuildSample(s, &p);
    c.spoil(&p);
    grpc::Status status = ValidatePerson(p);
    LAB_EXPECT_CODE(status, grpc::StatusCode::INVALID_ARGUMENT) << "for " << c.what;
    EXPECT_NE(status.error_message().find(c.mentions), std::string::npos)
        << "for " << c.what << " the message should mention \"" << c.mentions
        << "\", got \"" << status.error_message() << "\"";
  }
}

// 2.10 ValidatePerson rejects a phone without a number or without a type, naming it
//      "phones[i]".
TEST(Lesson01ProtobufApi, ValidatePersonRejectsAnIncompletePhone) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  for (int spoiled : {0, 1}) {
    for (bool empty_number : {true, false}) {
      Person p;
      BuildSample(s, &p);
      Message* phone = p.GetReflection()->MutableRepeatedMessage(&p, s.phones, spoiled);
      if (empty_number) {
        phone->GetReflection()->SetString(phone, s.number, "");
      } else {
        phone->GetReflection()->SetEnumValue(phone, s.type, 0);
      }
      const std::string what = "phones[" + std::to_string(spoiled) + "]";
      const std::string why =
          what + (empty_number ? " with an empty number" : " of PHONE_TYPE_UNSPECIFIED");
      grpc::Status status = ValidatePerson(p);
      LAB_EXPECT_CODE(status, grpc::StatusCode::INVALID_ARGUMENT) << "for " << why;
      EXPECT_NE(status.error_message().find(what), std::string::npos)
          << "for " << why << " the message should mention \"" << what << "\", got \""
          << status.error_message() << "\"";
    }
  }
}

// ---------------------------------------------------------------------------------
// Part 3: the binary format.

// 3.1 ToBytes then FromBytes gives back an equal Person.
TEST(Lesson01ProtobufBytes, RoundTripGivesBackTheSamePerson) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person original;
  BuildSample(s, &original);
  std::string bytes;
  LAB_ASSERT_OK(ToBytes(original, &bytes));
  Person check;
  ASSERT_TRUE(check.ParseFromString(bytes) && SameMessage(check, original))
      << "ToBytes should write the protobuf binary format (SerializeToString), which "
         "libprotobuf parses back to the same Person";
  Person back;
  LAB_ASSERT_OK(FromBytes(bytes, &back));
  EXPECT_TRUE(SameMessage(back, original));
}

// 3.2 FromBytes refuses bytes that are not a Person with INVALID_ARGUMENT.
TEST(Lesson01ProtobufBytes, FromBytesRejectsBytesThatAreNotAPerson) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person original;
  BuildSample(s, &original);
  const std::string bytes = original.SerializeAsString();
  for (auto [what, garbage] :
       {std::pair{"a message cut short by one byte", bytes.substr(0, bytes.size() - 1)},
        std::pair{"JSON handed to the binary parser",
                  std::string(R"({"name": "Ada Lovelace"})")}}) {
    Person p;
    LAB_EXPECT_CODE(FromBytes(garbage, &p), grpc::StatusCode::INVALID_ARGUMENT)
        << "for " << what << ": ParseFromString returns false, and FromBytes should "
        << "turn that into INVALID_ARGUMENT";
  }
}

// 3.3 FromBytes replaces what the Person held, instead of merging into it.
TEST(Lesson01ProtobufBytes, FromBytesReplacesWhatWasThere) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person original;
  BuildSample(s, &original);
  Person p;
  const Reflection* r = p.GetReflection();
  r->SetString(&p, s.name, "Charles Babbage");
  AddPhone(s, &p, "+44 20 7946 0020", s.home);
  PutHandle(s, &p, "website", "babbage.example");
  r->SetString(&p, s.school, "Trinity College");
  LAB_ASSERT_OK(FromBytes(original.SerializeAsString(), &p));
  EXPECT_TRUE(SameMessage(p, original))
      << "FromBytes was given a Person that already held Charles Babbage. Parsing must "
         "replace it (ParseFromString); MergeFromString would keep his phone and "
         "website next to Ada's. ("
      << UtilFile() << ")";
}

// ---------------------------------------------------------------------------------
// Part 4: the JSON mapping. The tests read your JSON back as a google.protobuf.Struct,
// so spacing and key order do not matter.

// Parses JSON text into a Struct (any JSON object), or fails saying why.
::testing::AssertionResult ParseJsonObject(const std::string& json,
                                           google::protobuf::Struct* object) {
  auto status = google::protobuf::util::JsonStringToMessage(json, object);
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "ToJson's output is not a JSON object: " << status.message() << "\n"
         << json;
}

std::set<std::string> Keys(const google::protobuf::Struct& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.fields()) keys.insert(key);
  return keys;
}

// A JSON value as it was printed, for messages.
std::string Show(const google::protobuf::Value& value) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(value, &json);
  return json;
}

// 4.1 ToJson names the keys in lowerCamelCase (lastUpdated, socialHandles).
TEST(Lesson01ProtobufJson, ToJsonUsesLowerCamelCaseKeys) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  BuildSample(s, &p);
  std::string json;
  LAB_ASSERT_OK(ToJson(p, &json));
  google::protobuf::Struct object;
  ASSERT_TRUE(ParseJsonObject(json, &object));
  const std::set<std::string> want = {
      "name",          "id",      "email",           "phones", "lastUpdated",
      "socialHandles", "company", "utcOffsetMinutes"};
  EXPECT_EQ(Keys(object), want)
      << "the proto3 JSON mapping names each key after the field in lowerCamelCase "
         "(last_updated -> lastUpdated). Use MessageToJsonString's default options "
         "(preserve_proto_field_names = false). Your JSON:\n"
      << json;
}

// 4.2 ToJson follows the mapping for each type: int64 as a string, enums by name,
//     Timestamp as RFC 3339 text, a map as an object, only the oneof member that is set,
//     and the offset's 0, because it was set.
TEST(Lesson01ProtobufJson, ToJsonMapsEachTypeTheStandardWay) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  BuildSample(s, &p);
  std::string json;
  LAB_ASSERT_OK(ToJson(p, &json));
  google::protobuf::Struct object;
  ASSERT_TRUE(ParseJsonObject(json, &object));
  const auto& fields = object.fields();
  SCOPED_TRACE("your JSON: " + json);

  ASSERT_TRUE(fields.count("id"));
  EXPECT_EQ(Show(fields.at("id")), "\"9007199254740993\"")
      << "an int64 is printed as a JSON string: JSON numbers are doubles, and a double "
         "cannot hold 9007199254740993 exactly";

  ASSERT_TRUE(fields.count("phones"));
  const auto& phones = fields.at("phones");
  ASSERT_EQ(phones.kind_case(), google::protobuf::Value::kListValue)
      << "phones should be a JSON array, got " << Show(phones);
  ASSERT_EQ(phones.list_value().values_size(), 2);
  const auto& mobile = phones.list_value().values(0).struct_value().fields();
  ASSERT_TRUE(mobile.count("type")) << "phones[0] has no \"type\"";
  EXPECT_EQ(Show(mobile.at("type")), "\"PHONE_TYPE_MOBILE\"")
      << "enums are printed by name, which survives renumbering and reads well; "
         "always_print_enums_as_ints stays off";

  ASSERT_TRUE(fields.count("lastUpdated"));
  EXPECT_EQ(Show(fields.at("lastUpdated")), "\"2024-03-01T09:30:00Z\"")
      << "a google.protobuf.Timestamp is printed as RFC 3339 text in UTC, not as "
         "{\"seconds\": ...}";

  ASSERT_TRUE(fields.count("socialHandles"));
  const auto& handles = fields.at("socialHandles");
  ASSERT_EQ(handles.kind_case(), google::protobuf::Value::kStructValue)
      << "a map<string, string> is a JSON object, got " << Show(handles);
  std::map<std::string, std::string> got;
  for (const auto& [key, value] : handles.struct_value().fields()) got[key] = Show(value);
  EXPECT_EQ(got,
            (std::map<std::string, std::string>{{"github", "\"adalovelace\""},
                                                {"mastodon", "\"@ada@example.social\""}}))
      << "a map<string, string> is a JSON object of strings";

  EXPECT_EQ(fields.count("school"), 0u) << "only the oneof member that is set appears";
  ASSERT_TRUE(fields.count("company"));
  EXPECT_EQ(Show(fields.at("company")), "\"Analytical Engines Ltd\"");

  ASSERT_TRUE(fields.count("utcOffsetMinutes"))
      << "utc_offset_minutes was set to 0: a field with explicit presence that is set "
         "is printed even at its default";
  EXPECT_EQ(Show(fields.at("utcOffsetMinutes")), "0")
      << "an int32 (or sint32) is a JSON number";
}

// 4.3 ToJson leaves out fields at their default value: a Person with just a name is
//     {"name": ...}; an unset offset is left out too.
TEST(Lesson01ProtobufJson, ToJsonLeavesOutDefaults) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person p;
  p.GetReflection()->SetString(&p, s.name, "Grace Hopper");
  std::string json;
  LAB_ASSERT_OK(ToJson(p, &json));
  google::protobuf::Struct object;
  ASSERT_TRUE(ParseJsonObject(json, &object));
  EXPECT_EQ(Keys(object), std::set<std::string>{"name"})
      << "with the default options, fields at their default (\"\", 0, empty) are left "
         "out, as they are on the wire. Your JSON: "
      << json;
}

// 4.4 FromJson reads the standard mapping: hand-written JSON and ToJson's own output.
TEST(Lesson01ProtobufJson, FromJsonReadsTheStandardMapping) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  Person want;
  BuildSample(s, &want);
  const std::string handwritten = R"({
    "name": "Ada Lovelace",
    "id": "9007199254740993",
    "email": "ada@example.com",
    "phones": [
      {"number": "+44 20 7946 0018", "type": "PHONE_TYPE_MOBILE"},
      {"number": "+44 20 7946 0019", "type": "PHONE_TYPE_WORK"}
    ],
    "lastUpdated": "2024-03-01T09:30:00Z",
    "social_handles": {"github": "adalovelace", "mastodon": "@ada@example.social"},
    "company": "Analytical Engines Ltd",
    "utcOffsetMinutes": 0
  })";
  Person p;
  LAB_ASSERT_OK(FromJson(handwritten, &p)) << "for\n" << handwritten;
  EXPECT_TRUE(SameMessage(p, want)) << "reading\n" << handwritten;

  std::string json;
  LAB_ASSERT_OK(ToJson(want, &json));
  Person back;
  LAB_ASSERT_OK(FromJson(json, &back)) << "for ToJson's own output\n" << json;
  EXPECT_TRUE(SameMessage(back, want)) << "ToJson then FromJson should round-trip";
}

// 4.5 FromJson refuses malformed JSON, unknown keys and wrongly typed values with
//     INVALID_ARGUMENT.
TEST(Lesson01ProtobufJson, FromJsonRejectsWhatIsNotAPerson) {
  Schema s;
  ASSERT_TRUE(LookUp(&s));
  for (auto [what, json] : {
           std::pair{"malformed JSON", R"({"name": "Ada")"},
           std::pair{"an unknown key (a typo of email)",
                     R"({"name": "Ada", "emial": "ada@example.com"})"},
           std::pair{"a string where a number belongs", R"({"id": "Ada"})"},
           std::pair{"an enum name that does not exist",
                     R"({"phones": [{"type": "PHONE_TYPE_FAX"}]})"},
       }) {
    Person p;
    LAB_EXPECT_CODE(FromJson(json, &p), grpc::StatusCode::INVALID_ARGUMENT)
        << "for " << what << ": " << json
        << "\n(a key Person does not have is an error: leave JsonParseOptions' "
           "ignore_unknown_fields off, or a typo silently loses data)";
  }
}

// ---------------------------------------------------------------------------------
// Part 5: compatibility. Version 1 of Person is what older apps were compiled with.
// The test builds it at run time from the descriptor below, which is what protoc
// makes of this .proto (so there is no second generated class to link):
//
//   syntax = "proto3";
//   package lab.protobuf.v1;
//   message Person {
//     enum PhoneType { PHONE_TYPE_UNSPECIFIED = 0; PHONE_TYPE_MOBILE = 1;
//                      PHONE_TYPE_HOME = 2; PHONE_TYPE_WORK = 3; }
//     message PhoneNumber { string number = 1; PhoneType type = 2; }
//     string name = 1;
//     int64 id = 2;
//     string email = 3;
//     repeated PhoneNumber phones = 4;
//     string fax = 6;
//   }
constexpr char kPersonV1[] = R"pb(
  name: "person_v1.proto"
  package: "lab.protobuf.v1"
  syntax: "proto3"
  message_type {
    name: "Person"
    field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "id" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }
    field { name: "email" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING }
    field {
      name: "phones"
      number: 4
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".lab.protobuf.v1.Person.PhoneNumber"
    }
    field { name: "fax" number: 6 label: LABEL_OPTIONAL type: TYPE_STRING }
    nested_type {
      name: "PhoneNumber"
      field { name: "number" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
      field {
        name: "type"
        number: 2
        label: LABEL_OPTIONAL
        type: TYPE_ENUM
        type_name: ".lab.protobuf.v1.Person.PhoneType"
      }
    }
    enum_type {
      name: "PhoneType"
      value { name: "PHONE_TYPE_UNSPECIFIED" number: 0 }
      value { name: "PHONE_TYPE_MOBILE" number: 1 }
      value { name: "PHONE_TYPE_HOME" number: 2 }
      value { name: "PHONE_TYPE_WORK" number: 3 }
    }
  }
)pb";

// An app still on version 1: messages made from kPersonV1 by a DynamicMessageFactory.
class Lesson01ProtobufCompat : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(LookUp(&s_));
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kPersonV1, &file));
    ASSERT_NE(pool_.BuildFile(file), nullptr);
    v1_ = pool_.FindMessageTypeByName("lab.protobuf.v1.Person");
    ASSERT_NE(v1_, nullptr);
  }

  std::unique_ptr<Message> NewV1() {
    return std::unique_ptr<Message>(factory_.GetPrototype(v1_)->New());
  }
  const FieldDescriptor* V1(const std::string& name) {
    return v1_->FindFieldByName(name);
  }
  const FieldDescriptor* V1Phone(const std::string& name) {
    return v1_->FindNestedTypeByName("PhoneNumber")->FindFieldByName(name);
  }

  Schema s_;
  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_{&pool_};
  const Descriptor* v1_ = nullptr;
};

// Field numbers of a message's unknown fields, in order.
std::vector<int> UnknownNumbers(const Message& message) {
  std::vector<int> numbers;
  const auto& unknown = message.GetReflection()->GetUnknownFields(message);
  for (int i = 0; i < unknown.field_count(); ++i) {
    numbers.push_back(unknown.field(i).number());
  }
  return numbers;
}

// 5.1 An old (version 1) app reads what your Person writes: name, id, email and phones
//     arrive intact, and fax stays empty.
TEST_F(Lesson01ProtobufCompat, OldReaderReadsNewBytes) {
  Person person;
  BuildSample(s_, &person);
  auto old = NewV1();
  ASSERT_TRUE(old->ParseFromString(person.SerializeAsString()))
      << "a version 1 app could not parse your Person's bytes at all. It reads each "
         "field by number (name 1, id 2, email 3, phones 4, fax 6); one of those numbers "
         "carries other data in your Person, and the old app chokes on it. Field "
         "numbers, not names, are on the wire: keep version 1's numbers";
  const Reflection* r = old->GetReflection();
  const char* why =
      " (a version 1 app finds each field by its number: name 1, id 2, email 3, "
      "phones 4. If your Person moved a field to another number, old apps read the "
      "wrong bytes for it)";
  EXPECT_EQ(r->GetString(*old, V1("name")), "Ada Lovelace") << "name" << why;
  EXPECT_EQ(r->GetInt64(*old, V1("id")), kSampleId) << "id" << why;
  EXPECT_EQ(r->GetString(*old, V1("email")), "ada@example.com") << "email" << why;
  ASSERT_EQ(r->FieldSize(*old, V1("phones")), 2) << "phones" << why;
  const Message& phone = r->GetRepeatedMessage(*old, V1("phones"), 1);
  EXPECT_EQ(phone.GetReflection()->GetString(phone, V1Phone("number")),
            "+44 20 7946 0019")
      << "phones[1].number" << why;
  EXPECT_EQ(phone.GetReflection()->GetEnumValue(phone, V1Phone("type")), 3)
      << "phones[1].type should be PHONE_TYPE_WORK = 3" << why;
  EXPECT_EQ(r->GetString(*old, V1("fax")), "")
      << "a version 1 app read a fax number out of your Person, which has no fax: one "
         "of your fields uses number 6, version 1's fax. Reserve 6 instead";
}

// 5.2 The old app keeps the fields it does not know (5, 7, 8, 10) as unknown fields and
//     writes them out again unchanged.
TEST_F(Lesson01ProtobufCompat, OldReaderPassesOnWhatItDoesNotKnow) {
  Person person;
  BuildSample(s_, &person);
  auto old = NewV1();
  ASSERT_TRUE(old->ParseFromString(person.SerializeAsString()))
      << "a version 1 app could not parse your Person's bytes at all (see 5.1)";
  std::vector<int> numbers = UnknownNumbers(*old);
  std::set<int> distinct(numbers.begin(), numbers.end());
  EXPECT_EQ(distinct, (std::set<int>{5, 7, 8, 10}))
      << "version 1 does not know last_updated (5), social_handles (7), company (8) or "
         "utc_offset_minutes (10), so it should keep exactly those as unknown fields";
  Person back;
  ASSERT_TRUE(back.ParseFromString(old->SerializeAsString()));
  EXPECT_TRUE(SameMessage(back, person))
      << "a version 1 app that reads and forwards your Person must not lose the fields "
         "it does not understand";
}

// 5.3 Your Person reads what an old app writes: the shared fields arrive, the new ones
//     are at their defaults, and the old fax is kept as an unknown field.
TEST_F(Lesson01ProtobufCompat, NewReaderReadsOldBytes) {
  auto old = NewV1();
  const Reflection* ro = old->GetReflection();
  ro->SetString(old.get(), V1("name"), "Charles Babbage");
  ro->SetInt64(old.get(), V1("id"), 1791);
  ro->SetString(old.get(), V1("email"), "charles@example.com");
  Message* old_phone = ro->AddMessage(old.get(), V1("phones"));
  old_phone->GetReflection()->SetString(old_phone, V1Phone("number"), "+44 20 7946 0020");
  old_phone->GetReflection()->SetEnumValue(old_phone, V1Phone("type"), 2);  // HOME
  ro->SetString(old.get(), V1("fax"), "+44 20 7946 0099");

  Person p;
  ASSERT_TRUE(p.ParseFromString(old->SerializeAsString()))
      << "your Person could not parse a version 1 message: one of your fields uses a "
         "number that version 1 uses for something else (name 1, id 2, email 3, "
         "phones 4, fax 6), so version 1's data for it does not fit";
  const Reflection* r = p.GetReflection();
  EXPECT_EQ(r->GetString(p, s_.name), "Charles Babbage");
  EXPECT_EQ(r->GetInt64(p, s_.id), 1791);
  EXPECT_EQ(r->GetString(p, s_.email), "charles@example.com")
      << "email must keep version 1's number, 3";
  ASSERT_EQ(r->FieldSize(p, s_.phones), 1) << "phones must keep version 1's number, 4";
  const Message& phone = r->GetRepeatedMessage(p, s_.phones, 0);
  EXPECT_EQ(phone.GetReflection()->GetString(phone, s_.number), "+44 20 7946 0020");
  EXPECT_EQ(phone.GetReflection()->GetEnumValue(phone, s_.type), s_.home);

  EXPECT_FALSE(r->HasField(p, s_.last_updated)) << "version 1 never sets last_updated";
  EXPECT_TRUE(Handles(s_, p).empty())
      << "version 1 has no social handles, yet your Person found some: the old fax "
         "(number 6) landed in one of your fields. Reserve 6 instead of reusing it";
  EXPECT_EQ(UnknownNumbers(p), std::vector<int>{6})
      << "the old fax (number 6) should be kept as an unknown field";

  auto again = NewV1();
  ASSERT_TRUE(again->ParseFromString(p.SerializeAsString()));
  EXPECT_TRUE(SameMessage(*again, *old))
      << "a version 2 app that reads and forwards a version 1 message should pass the "
         "fax on unchanged";
}

// "[5 LEN(2), 10 VARINT(0)]" for messages: each field's number, then its wire type by
// name and number.
std::string Show(const std::vector<KeptField>& fields) {
  static const char* const kNames[] = {"VARINT", "I64", "LEN", "GROUP", "?", "I32"};
  std::string text;
  for (const KeptField& field : fields) {
    if (!text.empty()) text += ", ";
    text += std::to_string(field.number) + " ";
    if (field.wire_type >= 0 && field.wire_type <= 5) text += kNames[field.wire_type];
    text += "(" + std::to_string(field.wire_type) + ")";
  }
  return "[" + text + "]";
}

// 5.4 ListUnknownFields lists what the old app kept of your Person: each field with
//     its number and wire type, in order, a field as often as it came.
TEST_F(Lesson01ProtobufCompat, ListUnknownFieldsShowsWhatTheOldAppKept) {
  Person person;
  BuildSample(s_, &person);
  auto old = NewV1();
  ASSERT_TRUE(old->ParseFromString(person.SerializeAsString()))
      << "a version 1 app could not parse your Person's bytes at all (see 5.1)";
  std::vector<KeptField> fields;
  LAB_ASSERT_OK(ListUnknownFields(*old, &fields));
  // Serialized in number order: the timestamp, the map's two entries, the company,
  // the offset.
  const std::vector<KeptField> want = {{5, 2}, {7, 2}, {7, 2}, {8, 2}, {10, 0}};
  EXPECT_EQ(Show(fields), Show(want))
      << "ListUnknownFields listed " << Show(fields) << ", expected " << Show(want)
      << ". What a version 1 app keeps of the sample: last_updated (5) is a message, so "
         "LEN; each of the two social_handles entries is a LEN record numbered 7, and "
         "each counts; company (8) is a string, LEN; utc_offset_minutes (10) is a "
         "sint32, a VARINT. Read message.GetReflection()->GetUnknownFields(message) in "
         "order ("
      << UtilFile() << ")";

  Person mine;
  ASSERT_TRUE(mine.ParseFromString(old->SerializeAsString()));
  LAB_ASSERT_OK(ListUnknownFields(mine, &fields));
  EXPECT_EQ(Show(fields), "[]")
      << "your own Person knows every field the old app passed on, so it keeps none as "
         "unknown; and ListUnknownFields replaces *fields, it does not add to them";
}

// 5.5 ListUnknownFields gives each wire type its number on the wire: VARINT 0, I64 1,
//     LEN 2, I32 5.
TEST_F(Lesson01ProtobufCompat, ListUnknownFieldsNamesEachWireType) {
  // The old app reads a newer writer's record of each wire type (numbers it does not
  // know).
  Person newer;
  auto* unknown = newer.GetReflection()->MutableUnknownFields(&newer);
  unknown->AddFixed32(21, 0x3f800000);      // e.g. a float: I32
  unknown->AddFixed64(22, 1700000000000);   // e.g. a fixed64 or a double: I64
  unknown->AddVarint(23, 300);              // e.g. an int64 or a bool: VARINT
  unknown->AddLengthDelimited(24, "text");  // e.g. a string or a message: LEN
  auto old = NewV1();
  ASSERT_TRUE(old->ParseFromString(newer.SerializeAsString()));
  std::vector<KeptField> fields = {{99, 99}};  // to be replaced
  LAB_ASSERT_OK(ListUnknownFields(*old, &fields));
  const std::vector<KeptField> want = {{21, 5}, {22, 1}, {23, 0}, {24, 2}};
  EXPECT_EQ(Show(fields), Show(want))
      << "ListUnknownFields listed " << Show(fields) << ", expected " << Show(want)
      << ". wire_type is the number in the tag on the wire: VARINT 0, I64 1, LEN 2, I32 "
         "5. "
         "google::protobuf::UnknownField::Type numbers its values differently "
         "(TYPE_VARINT, TYPE_FIXED32, TYPE_FIXED64, TYPE_LENGTH_DELIMITED, TYPE_GROUP "
         "are 0 to 4), so a cast gives the wrong numbers: map each type to its wire "
         "type ("
      << UtilFile() << ")";
}

}  // namespace
}  // namespace lab::protobuf
