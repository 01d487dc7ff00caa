// Lesson 11, part 1: signing and verifying tokens with an HMAC.
#include "token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "token_codec.h"

namespace lab::auth {

// Contract (token.h): header.claims.signature, all base64url.
grpc::Status SignToken(const Claims& claims, const std::string& key, std::string* token) {
  // TODO(lesson11): refuse an empty key or subject (INVALID_ARGUMENT); otherwise the
  // compact JWT of token.h, its signature an HMAC-SHA256 (OpenSSL,
  // <openssl/hmac.h>) over the first two parts as they appear in the token.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement SignToken in "
                      "lessons/11-token-auth/token.cc");
}

// Contract (token.h): UNAUTHENTICATED unless shape, algorithm, signature, claims,
// expiry (with kClockSkew), issuer and audience all check out.
grpc::Status VerifyToken(const std::string& token, const std::string& key,
                         const std::string& issuer, const std::string& audience,
                         std::chrono::system_clock::time_point now, Claims* claims) {
  // TODO(lesson11): accept only a token whose shape and header are right and whose
  // signature is ours (compared in constant time), and only then trust its claims:
  // not expired by more than kClockSkew, from `issuer`, for `audience`.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement VerifyToken in "
                      "lessons/11-token-auth/token.cc");
}

}  // namespace lab::auth
