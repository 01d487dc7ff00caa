// Contract for lesson 11's call credentials. Given: do not edit. Your work is in
// bearer_credentials.cc.
//
// Channel credentials (lesson 10) secure a connection once. Call credentials add
// something to every call on it: here, the caller's token, as the metadata entry
//   authorization: Bearer <token>
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

namespace lab::auth {

// The metadata key and scheme of a bearer token (lowercase: HTTP/2 header names are).
inline constexpr char kAuthorizationKey[] = "authorization";
inline constexpr char kBearerPrefix[] = "Bearer ";

// A plugin that gRPC asks for metadata before each call it is attached to.
class BearerTokenPlugin final : public grpc::MetadataCredentialsPlugin {
 public:
  explicit BearerTokenPlugin(std::string token) : token_(std::move(token)) {}

  // The token is already in memory, nothing to wait for: gRPC may call GetMetadata
  // on its own threads without moving it to a thread that may block.
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

}  // namespace lab::auth
