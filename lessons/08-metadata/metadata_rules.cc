// Lesson 08, part 1: the rules a metadata entry must follow.
#include "metadata_rules.h"

namespace lab::metadata {

// Contract (metadata_rules.h): lowercase key of [0-9a-z_.-]; printable ASCII values
// unless the key ends in "-bin". INVALID_ARGUMENT naming the key otherwise.
grpc::Status ValidateMetadata(const std::string& key, const std::string& value) {
  // TODO(lesson08): check the key's characters, then (unless it ends in "-bin") that
  // every byte of the value is between 0x20 and 0x7E.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson08): implement ValidateMetadata in "
                      "lessons/08-metadata/metadata_rules.cc");
}

// Contract (metadata_rules.h): validate, and add to the context only when valid.
grpc::Status AddRequestMetadata(grpc::ClientContext* context, const std::string& key,
                                const std::string& value) {
  // TODO(lesson08): call ValidateMetadata; only if it is OK, context->AddMetadata(...).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson08): implement AddRequestMetadata in "
                      "lessons/08-metadata/metadata_rules.cc");
}

// Contract (metadata_rules.h): the first value of `key`, exactly its bytes.
std::optional<std::string> FindMetadata(const MetadataView& metadata,
                                        const std::string& key) {
  // TODO(lesson08): metadata.find(key); copy the value with its data() AND size().
  return std::nullopt;
}

}  // namespace lab::metadata
