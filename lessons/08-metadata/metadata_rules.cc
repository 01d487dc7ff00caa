// Lesson 08, part 1: the rules a metadata entry must follow.
#include "metadata_rules.h"

namespace lab::metadata {

// Contract (metadata_rules.h): a non-empty lowercase key of [0-9a-z_.-] outside the
// reserved "grpc-" prefix; printable ASCII values unless the key ends in "-bin".
// INVALID_ARGUMENT naming the key otherwise.
grpc::Status ValidateMetadata(const std::string& key, const std::string& value) {
  // TODO(lesson08): accept exactly the entries the contract allows; refuse the rest
  // with INVALID_ARGUMENT, naming the key.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson08): implement ValidateMetadata in "
                      "lessons/08-metadata/metadata_rules.cc");
}

// Contract (metadata_rules.h): validate, and add to the context only when valid.
grpc::Status AddRequestMetadata(grpc::ClientContext* context, const std::string& key,
                                const std::string& value) {
  // TODO(lesson08): an invalid entry never reaches the context; a valid one is sent.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson08): implement AddRequestMetadata in "
                      "lessons/08-metadata/metadata_rules.cc");
}

// Contract (metadata_rules.h): the first value of `key`, exactly its bytes.
std::optional<std::string> FindMetadata(const MetadataView& metadata,
                                        const std::string& key) {
  // TODO(lesson08): the first value of `key`, all of its bytes and no more.
  return std::nullopt;
}

}  // namespace lab::metadata
