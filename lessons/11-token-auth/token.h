// Contract for lesson 11's tokens. Given: do not edit. Your work is in token.cc.
//
// A token here is a JSON Web Token (JWT, RFC 7519) in its compact form:
//
//   base64url(header) "." base64url(claims) "." base64url(signature)
//
// header    exactly {"alg":"HS256","typ":"JWT"}
// claims    {"sub":...,"role":...,"iss":...,"aud":...,"exp":<seconds since 1970>}
// signature HMAC-SHA256 over the first two parts (the ASCII text
//           "<header>.<claims>") keyed with a secret that signer and verifier share
//
// Base64url is base64 with '-' and '_' instead of '+' and '/', and without '='
// padding. Anyone can decode a token's claims: the signature makes them
// tamper-evident, not secret.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>

namespace lab::auth {

struct Claims {
  std::string subject;   // "sub": who the token is about ("alice", "storefront")
  std::string role;      // "role": what they may do ("viewer", "admin", "service")
  std::string issuer;    // "iss": who made the token
  std::string audience;  // "aud": the one service the token is for ("inventory")
  std::chrono::system_clock::time_point expires_at;  // "exp", whole seconds
};

// The issuer that this lab's servers accept.
inline constexpr char kIssuer[] = "lab-auth";

// Audiences: each server accepts only tokens minted for it. A token a customer
// sends to the storefront is no key to the inventory, and the storefront's token
// for the inventory opens nothing else.
inline constexpr char kInventoryAudience[] = "inventory";
inline constexpr char kStorefrontAudience[] = "storefront";

// Clock skew allowed on "exp": the signer's and the verifier's clocks are never quite
// the same, so a token stays acceptable until exp + kClockSkew by the verifier's
// clock. Never more: a leeway of minutes would keep stolen tokens alive.
inline constexpr std::chrono::seconds kClockSkew{30};

// Signs `claims` with `key` into *token (see the format above).
// Errors: INVALID_ARGUMENT when key or claims.subject is empty.
grpc::Status SignToken(const Claims& claims, const std::string& key, std::string* token);

// Checks `token` and fills *claims from it. A token is accepted only if all hold:
//   it has three base64url parts, its header says alg HS256;
//   its signature is the HMAC-SHA256 of its first two parts under `key`;
//   its claims are well formed (see token_codec.h);
//   it has not expired, allowing for clock skew: now < exp + kClockSkew;
//   its issuer is `issuer` and its audience is `audience`.
// Errors: UNAUTHENTICATED for any failure, with a message saying which check failed
// (never including the key). *claims is only written on OK.
grpc::Status VerifyToken(const std::string& token, const std::string& key,
                         const std::string& issuer, const std::string& audience,
                         std::chrono::system_clock::time_point now, Claims* claims);

}  // namespace lab::auth
