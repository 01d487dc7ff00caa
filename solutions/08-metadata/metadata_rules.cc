// Lesson 08, part 1: the rules a metadata entry must follow.
#include "metadata_rules.h"

#include <algorithm>

namespace lab::metadata {
namespace {

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsKeyChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_' || c == '.' ||
         c == '-';
}

}  // namespace

// Contract (metadata_rules.h): a non-empty lowercase key of [0-9a-z_.-] outside the
// reserved "grpc-" prefix; printable ASCII values unless the key ends in "-bin".
// INVALID_ARGUMENT naming the key otherwise.
grpc::Status ValidateMetadata(const std::string& key, const std::string& value) {
  if (key.empty() || !std::all_of(key.begin(), key.end(), IsKeyChar)) {
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        "metadata key '" + key + "' must be non-empty lowercase: only 0-9 a-z _ . -");
  }
  // gRPC treats the grpc- keys it knows as its own (grpc-status, grpc-timeout...), and
  // may give others a meaning in a later version.
  if (key.compare(0, 5, "grpc-") == 0) {
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        "metadata key '" + key + "' uses the prefix grpc-, reserved for gRPC");
  }
  if (EndsWith(key, "-bin")) return grpc::Status::OK;  // binary: any bytes go
  const bool printable = std::all_of(value.begin(), value.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) <= 0x7e;
  });
  if (!printable) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the value of metadata key '" + key +
                            "' has non-printable bytes; use a key ending in -bin");
  }
  return grpc::Status::OK;
}

// Contract (metadata_rules.h): validate, and add to the context only when valid.
grpc::Status AddRequestMetadata(grpc::ClientContext* context, const std::string& key,
                                const std::string& value) {
  grpc::Status status = ValidateMetadata(key, value);
  if (status.ok()) context->AddMetadata(key, value);
  return status;
}

// Contract (metadata_rules.h): the first value of `key`, exactly its bytes.
std::optional<std::string> FindMetadata(const MetadataView& metadata,
                                        const std::string& key) {
  auto it = metadata.find(key);
  if (it == metadata.end()) return std::nullopt;
  // A string_ref points into gRPC's buffer and is not NUL-terminated: copy by size.
  return std::string(it->second.data(), it->second.size());
}

}  // namespace lab::metadata
