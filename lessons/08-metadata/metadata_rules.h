// Contract for lesson 08's metadata helpers. Given: do not edit. Your work is in
// metadata_rules.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <optional>
#include <string>

namespace lab::metadata {

// The keys this lesson uses. Metadata keys are lowercase ASCII; a key ending in "-bin"
// carries arbitrary bytes.
inline constexpr char kRequestIdKey[] = "x-request-id";
inline constexpr char kTenantKey[] = "x-tenant";
inline constexpr char kElapsedKey[] = "x-elapsed-us";
inline constexpr char kChecksumKey[] = "x-order-checksum-bin";

// What gRPC hands you when you read metadata (ServerContext::client_metadata(),
// ClientContext::GetServerInitialMetadata(), ...): views into gRPC's buffers.
using MetadataView = std::multimap<grpc::string_ref, grpc::string_ref>;

// Checks one metadata entry before it goes to gRPC (which aborts the process on an
// invalid one instead of returning an error).
//   key:   not empty; only the characters 0-9 a-z _ . - (so no uppercase, no spaces);
//          not starting with "grpc-", a prefix gRPC reserves for its own keys
//   value: if the key ends in "-bin", any bytes at all; otherwise only printable ASCII
//          (0x20 ' ' to 0x7E '~')
// Returns OK, or INVALID_ARGUMENT with a message that names the key.
grpc::Status ValidateMetadata(const std::string& key, const std::string& value);

// Validates (key, value) as above and, only if it is valid, adds it to the call's
// client metadata. Returns ValidateMetadata's status.
grpc::Status AddRequestMetadata(grpc::ClientContext* context, const std::string& key,
                                const std::string& value);

// The first value of `key` in `metadata`, as a std::string holding exactly its bytes
// (a string_ref is NOT NUL-terminated: use its size). std::nullopt if absent.
std::optional<std::string> FindMetadata(const MetadataView& metadata,
                                        const std::string& key);

}  // namespace lab::metadata
