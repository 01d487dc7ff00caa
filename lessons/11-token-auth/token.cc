// Lesson 11, part 1: signing and verifying tokens with an HMAC.
#include "token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "token_codec.h"

namespace lab::auth {

// Contract (token.h): header.claims.signature, all base64url.
grpc::Status SignToken(const Claims& claims, const std::string& key, std::string* token) {
  // TODO(lesson11): refuse an empty key or subject (INVALID_ARGUMENT). Then
  // signed_part = Base64UrlEncode(kTokenHeaderJson) + "." +
  // Base64UrlEncode(ClaimsToJson(claims)), and append "." + the base64url of
  // HMAC(EVP_sha256(), key, signed_part) (OpenSSL, <openssl/hmac.h>).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement SignToken in "
                      "lessons/11-token-auth/token.cc");
}

// Contract (token.h): UNAUTHENTICATED unless shape, algorithm, signature, claims,
// expiry and issuer all check out.
grpc::Status VerifyToken(const std::string& token, const std::string& key,
                         const std::string& issuer,
                         std::chrono::system_clock::time_point now, Claims* claims) {
  // TODO(lesson11): split at the two dots, decode the parts, check the header with
  // IsHs256Header, recompute the HMAC and compare it with CRYPTO_memcmp, and only
  // then parse the claims (ClaimsFromJson) and check exp and iss.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement VerifyToken in "
                      "lessons/11-token-auth/token.cc");
}

}  // namespace lab::auth
