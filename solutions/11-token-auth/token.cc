// Lesson 11, part 1: signing and verifying tokens with an HMAC.
#include "token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "token_codec.h"

namespace lab::auth {
namespace {

grpc::Status Unauthenticated(const std::string& why) {
  return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "invalid token: " + why);
}

// HMAC-SHA256 of `data` under `key`: 32 bytes that only a key holder can compute.
std::string HmacSha256(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

}  // namespace

// Contract (token.h): header.claims.signature, all base64url.
grpc::Status SignToken(const Claims& claims, const std::string& key, std::string* token) {
  if (key.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "empty signing key");
  }
  if (claims.subject.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "a token needs a subject");
  }
  const std::string signed_part =
      Base64UrlEncode(kTokenHeaderJson) + "." + Base64UrlEncode(ClaimsToJson(claims));
  *token = signed_part + "." + Base64UrlEncode(HmacSha256(key, signed_part));
  return grpc::Status::OK;
}

// Contract (token.h): UNAUTHENTICATED unless shape, algorithm, signature, claims,
// expiry (with kClockSkew), issuer and audience all check out.
grpc::Status VerifyToken(const std::string& token, const std::string& key,
                         const std::string& issuer, const std::string& audience,
                         std::chrono::system_clock::time_point now, Claims* claims) {
  const size_t first = token.find('.');
  const size_t second = first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos || token.find('.', second + 1) != std::string::npos) {
    return Unauthenticated("not three dot-separated parts");
  }
  std::string header;
  std::string payload;
  std::string signature;
  if (!Base64UrlDecode(std::string_view(token).substr(0, first), &header) ||
      !Base64UrlDecode(std::string_view(token).substr(first + 1, second - first - 1),
                       &payload) ||
      !Base64UrlDecode(std::string_view(token).substr(second + 1), &signature)) {
    return Unauthenticated("a part is not base64url");
  }
  // The algorithm is ours to choose, not the token's: accepting "none" would let
  // anyone write their own claims.
  if (!IsHs256Header(header)) return Unauthenticated("algorithm is not HS256");

  const std::string expected = HmacSha256(key, token.substr(0, second));
  // CRYPTO_memcmp takes the same time wherever the first difference is, so the
  // comparison leaks nothing about how close a forgery came.
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return Unauthenticated("bad signature");
  }

  // Only now are the claims trustworthy enough to read.
  Claims parsed;
  grpc::Status status = ClaimsFromJson(payload, &parsed);
  if (!status.ok()) return status;
  // The leeway is added to exp, never subtracted: a token is honoured a little past
  // its expiry (clocks differ), not refused before it.
  if (now >= parsed.expires_at + kClockSkew) return Unauthenticated("expired");
  if (parsed.issuer != issuer) {
    return Unauthenticated("issuer \"" + parsed.issuer + "\" is not trusted");
  }
  // A token minted for another service is valid there, not here.
  if (parsed.audience != audience) {
    return Unauthenticated("token is for \"" + parsed.audience + "\", not \"" + audience +
                           "\"");
  }
  *claims = std::move(parsed);
  return grpc::Status::OK;
}

}  // namespace lab::auth
