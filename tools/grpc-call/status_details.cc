#include "status_details.h"

#include <memory>

namespace grpccall {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FieldDescriptorProto;
using google::protobuf::FileDescriptorProto;
using google::protobuf::Message;
using google::protobuf::Reflection;

FileDescriptorProto FallbackStatusFile() {
  FileDescriptorProto file;
  file.set_name("google/rpc/status.proto");
  file.set_package("google.rpc");
  file.set_syntax("proto3");
  file.add_dependency("google/protobuf/any.proto");

  auto* status = file.add_message_type();
  status->set_name("Status");
  const auto add_field = [status](const char* name, int number,
                                  FieldDescriptorProto::Type type,
                                  FieldDescriptorProto::Label label) {
    FieldDescriptorProto* field = status->add_field();
    field->set_name(name);
    field->set_number(number);
    field->set_type(type);
    field->set_label(label);
    return field;
  };
  add_field("code", 1, FieldDescriptorProto::TYPE_INT32,
            FieldDescriptorProto::LABEL_OPTIONAL);
  add_field("message", 2, FieldDescriptorProto::TYPE_STRING,
            FieldDescriptorProto::LABEL_OPTIONAL);
  add_field("details", 3, FieldDescriptorProto::TYPE_MESSAGE,
            FieldDescriptorProto::LABEL_REPEATED)
      ->set_type_name(".google.protobuf.Any");
  return file;
}

void PrintStatusDetails(const std::string& bytes,
                        const google::protobuf::DescriptorPool& pool,
                        google::protobuf::DynamicMessageFactory* factory,
                        const google::protobuf::util::JsonPrintOptions& options,
                        std::ostream& out) {
  const Descriptor* status_type = pool.FindMessageTypeByName("google.rpc.Status");
  if (status_type == nullptr) {
    out << "details: " << bytes.size() << " bytes (google.rpc.Status is unknown)\n";
    return;
  }
  std::unique_ptr<Message> status(factory->GetPrototype(status_type)->New());
  if (!status->ParseFromString(bytes)) {
    out << "details: " << bytes.size() << " bytes that are not a google.rpc.Status\n";
    return;
  }

  // Easy case: every detail's type is known, so the JSON printer can expand
  // each Any into {"@type": ..., fields...}.
  std::string json;
  if (google::protobuf::util::MessageToJsonString(*status, &json, options).ok()) {
    out << "details: " << json << "\n";
    return;
  }

  // Otherwise print code and message, then each detail on its own line.
  const FieldDescriptor* details_field = status_type->FindFieldByNumber(3);
  if (details_field == nullptr ||
      details_field->type() != FieldDescriptor::TYPE_MESSAGE) {
    out << "details: " << bytes.size() << " bytes (unexpected layout)\n";
    return;
  }
  std::unique_ptr<Message> summary(status->New());
  summary->CopyFrom(*status);
  summary->GetReflection()->ClearField(summary.get(), details_field);
  json.clear();
  // Cannot fail: no Any is left in the summary.
  (void)google::protobuf::util::MessageToJsonString(*summary, &json, options);
  out << "details: " << json << "\n";

  const Reflection* reflection = status->GetReflection();
  const int count = reflection->FieldSize(*status, details_field);
  for (int i = 0; i < count; ++i) {
    const Message& any = reflection->GetRepeatedMessage(*status, details_field, i);
    const FieldDescriptor* url_field = any.GetDescriptor()->FindFieldByNumber(1);
    const FieldDescriptor* value_field = any.GetDescriptor()->FindFieldByNumber(2);
    if (url_field == nullptr || value_field == nullptr) continue;
    const std::string url = any.GetReflection()->GetString(any, url_field);
    const std::string value = any.GetReflection()->GetString(any, value_field);
    out << "details[" << i << "]: ";

    const std::string type_name = url.substr(url.find_last_of('/') + 1);
    const Descriptor* type = pool.FindMessageTypeByName(type_name);
    std::string detail_json;
    if (type != nullptr) {
      std::unique_ptr<Message> detail(factory->GetPrototype(type)->New());
      if (detail->ParseFromString(value) &&
          google::protobuf::util::MessageToJsonString(*detail, &detail_json, options)
              .ok()) {
        out << url << " " << detail_json << "\n";
        continue;
      }
    }
    out << url << " (" << value.size()
        << " bytes; type not resolvable through reflection)\n";
  }
}

}  // namespace grpccall
