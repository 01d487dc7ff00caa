// Contract for lesson 11's call credentials. Given: do not edit. Your work is in
// bearer_credentials.cc.
//
// Channel credentials (lesson 10) secure a connection once. Call credentials add
// something to every call on it: here, the caller's token, as the metadata entry
//   authorization: Bearer <token>
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "token.h"

namespace lab::auth {

// The metadata key and scheme of a bearer token (lowercase: HTTP/2 header names are).
inline constexpr char kAuthorizationKey[] = "authorization";
inline constexpr char kBearerPrefix[] = "Bearer ";

// A plugin that gRPC asks for metadata before each call it is attached to. It sends
// one fixed token: right for a short-lived program (lesson11_client), wrong for a
// server that runs for days (see RefreshingTokenPlugin).
class BearerTokenPlugin final : public grpc::MetadataCredentialsPlugin {
 public:
  explicit BearerTokenPlugin(std::string token) : token_(std::move(token)) {}

  // IsBlocking() false: gRPC calls GetMetadata inline, on whichever thread is
  // processing the call at that moment (the caller's own, or one of gRPC's), so it
  // must not wait for anything. The token is in memory: nothing to wait for.
  bool IsBlocking() const override { return false; }
  const char* GetType() const override { return "lab.bearer"; }

  // Adds `authorization: Bearer <token>` to *metadata. Returns OK.
  grpc::Status GetMetadata(grpc::string_ref service_url, grpc::string_ref method_name,
                           const grpc::AuthContext& channel_auth_context,
                           std::multimap<grpc::string, grpc::string>* metadata) override;

 private:
  const std::string token_;
};

// Call credentials that send `token` with every call, made from BearerTokenPlugin.
// gRPC must keep its safety rule: these credentials are only ever sent over a
// channel that is encrypted and authenticated (TLS), never over plaintext.
std::shared_ptr<grpc::CallCredentials> BearerTokenCredentials(const std::string& token);

// What a service needs to mint its own tokens: the signing inputs, not a token.
struct TokenSpec {
  std::string key;  // the HMAC key (SignToken)
  Claims claims;    // sub, role, iss, aud of every token; expires_at is not used
  // Each token expires `lifetime` after it is signed (exp in whole seconds).
  std::chrono::seconds lifetime{std::chrono::hours(1)};
  // A token with less than this left is not sent again: a new one is signed. The
  // margin covers the time a call spends on the way and a verifier whose clock runs
  // ahead. Must be shorter than lifetime.
  std::chrono::seconds refresh_margin{std::chrono::minutes(1)};
  // Where the plugin reads the time (tests set a clock of their own).
  std::function<std::chrono::system_clock::time_point()> clock = [] {
    return std::chrono::system_clock::now();
  };
};

// A plugin for a long-running caller (the storefront): it holds the signing inputs,
// keeps the token it signed last, and signs a new one only when the cached one has
// less than spec.refresh_margin left (or there is none yet). gRPC may call
// GetMetadata for several calls at the same time, so the cache needs a lock.
class RefreshingTokenPlugin final : public grpc::MetadataCredentialsPlugin {
 public:
  explicit RefreshingTokenPlugin(TokenSpec spec) : spec_(std::move(spec)) {}

  // Signing is an HMAC over a few hundred bytes in memory: microseconds, no I/O, so
  // it may run inline (false). A plugin that fetched its token from a token server
  // would return true (the default): gRPC then runs GetMetadata on a thread of its
  // own, never the thread processing the call, and the call waits for the result.
  bool IsBlocking() const override { return false; }
  const char* GetType() const override { return "lab.refreshing-bearer"; }

  // Adds `authorization: Bearer <token>` with a token that has at least
  // spec.refresh_margin left by spec.clock(), re-signing (with Sign below) only
  // when the cached one does not. Errors: SignToken's. (gRPC 1.51 then fails the
  // call on the client, with UNAVAILABLE and "Getting metadata from plugin failed
  // with error: ..."; nothing is sent.)
  grpc::Status GetMetadata(grpc::string_ref service_url, grpc::string_ref method_name,
                           const grpc::AuthContext& channel_auth_context,
                           std::multimap<grpc::string, grpc::string>* metadata) override;

  // How many tokens this plugin has signed: a test hook (and a useful metric).
  int signings() const { return signings_.load(); }

 private:
  // Given: signs a fresh token for the spec that expires at `*expires_at` (now +
  // lifetime, whole seconds, as written into exp), and counts it.
  grpc::Status Sign(std::chrono::system_clock::time_point now, std::string* token,
                    std::chrono::system_clock::time_point* expires_at) {
    Claims claims = spec_.claims;
    claims.expires_at =
        std::chrono::time_point_cast<std::chrono::seconds>(now + spec_.lifetime);
    ++signings_;
    grpc::Status status = SignToken(claims, spec_.key, token);
    if (status.ok()) *expires_at = claims.expires_at;
    return status;
  }

  const TokenSpec spec_;
  std::atomic<int> signings_{0};
  std::mutex mu_;
  std::string token_;                                 // guarded by mu_; "" = none yet
  std::chrono::system_clock::time_point expires_at_;  // guarded by mu_
};

// Call credentials from a RefreshingTokenPlugin for `spec`, with gRPC's default
// minimum security level (TLS only). Make them ONCE and attach the same object to
// every call: each call to this function makes a new plugin with an empty cache.
std::shared_ptr<grpc::CallCredentials> RefreshingTokenCredentials(TokenSpec spec);

}  // namespace lab::auth
