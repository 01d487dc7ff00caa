// The parts of a JWT that are plain encoding, not security. Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>
#include <string_view>

#include "token.h"

namespace lab::auth {

// The one header this lab signs and accepts, as JSON text.
inline constexpr char kTokenHeaderJson[] = R"({"alg":"HS256","typ":"JWT"})";

// Base64url without padding: "hi?" -> "aGk_".
std::string Base64UrlEncode(std::string_view bytes);

// The reverse. False for any character outside the base64url alphabet, for '='
// padding, or for an impossible length.
bool Base64UrlDecode(std::string_view text, std::string* bytes);

// Claims as compact JSON:
// {"sub":"alice","role":"viewer","iss":"lab-auth","aud":"storefront","exp":N}.
std::string ClaimsToJson(const Claims& claims);

// Parses claims JSON strictly: an object with string "sub" (not empty), "role", "iss"
// and "aud", and an integer "exp". Unknown members are ignored. (RFC 7519 also
// allows "aud" to be an array of strings; this lab's tokens name one audience.)
// Errors: UNAUTHENTICATED naming what is wrong.
grpc::Status ClaimsFromJson(const std::string& json, Claims* claims);

// True if `json` is a header object whose "alg" is "HS256" (and "typ", if present,
// is "JWT"). Rejects "none" and every other algorithm.
bool IsHs256Header(const std::string& json);

}  // namespace lab::auth
