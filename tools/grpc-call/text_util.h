// Small text helpers for grpc-call: base64 (for "-bin" metadata) and gRPC
// status code names.
#ifndef GRPC_CALL_TEXT_UTIL_H_
#define GRPC_CALL_TEXT_UTIL_H_

#include <optional>
#include <string>
#include <string_view>

namespace grpccall {

// Standard base64 with padding (what gRPC uses for binary metadata on the
// wire in text-based tools).
std::string Base64Encode(std::string_view bytes);

// Accepts the standard and the URL-safe alphabet, with or without padding.
// Returns nullopt if `text` is not base64.
std::optional<std::string> Base64Decode(std::string_view text);

// "OK", "CANCELLED", ... "UNAUTHENTICATED"; "CODE_<n>" for anything else.
std::string StatusCodeName(int code);

// Removes leading and trailing ASCII whitespace.
std::string_view Trim(std::string_view text);

}  // namespace grpccall

#endif  // GRPC_CALL_TEXT_UTIL_H_
