// Lesson 11, part 2: attaching a token to every call.
#include "bearer_credentials.h"

namespace lab::auth {

// Contract (bearer_credentials.h): one metadata entry, authorization: Bearer <token>.
grpc::Status BearerTokenPlugin::GetMetadata(
    grpc::string_ref service_url, grpc::string_ref method_name,
    const grpc::AuthContext& channel_auth_context,
    std::multimap<grpc::string, grpc::string>* metadata) {
  metadata->insert({kAuthorizationKey, kBearerPrefix + token_});
  return grpc::Status::OK;
}

// Contract (bearer_credentials.h): call credentials from the plugin, sent over TLS
// only.
std::shared_ptr<grpc::CallCredentials> BearerTokenCredentials(const std::string& token) {
  // The one-argument form keeps gRPC's default minimum security level (privacy and
  // integrity): on a plaintext channel the call fails before the plugin's metadata
  // is ever sent.
  return grpc::MetadataCredentialsFromPlugin(std::make_unique<BearerTokenPlugin>(token));
}

// Contract (bearer_credentials.h): a cached token, re-signed only when it has less
// than the refresh margin left.
grpc::Status RefreshingTokenPlugin::GetMetadata(
    grpc::string_ref service_url, grpc::string_ref method_name,
    const grpc::AuthContext& channel_auth_context,
    std::multimap<grpc::string, grpc::string>* metadata) {
  const auto now = spec_.clock();
  std::lock_guard<std::mutex> lock(mu_);
  // Refresh early, not at exp: a token sent with seconds left can expire on the way
  // or on a server whose clock runs ahead.
  if (token_.empty() || now + spec_.refresh_margin >= expires_at_) {
    std::string token;
    std::chrono::system_clock::time_point expires_at;
    grpc::Status status = Sign(now, &token, &expires_at);
    if (!status.ok()) return status;
    token_ = std::move(token);
    expires_at_ = expires_at;
  }
  metadata->insert({kAuthorizationKey, kBearerPrefix + token_});
  return grpc::Status::OK;
}

// Contract (bearer_credentials.h): one plugin, one cache; the caller keeps the
// credentials and reuses them.
std::shared_ptr<grpc::CallCredentials> RefreshingTokenCredentials(TokenSpec spec) {
  return grpc::MetadataCredentialsFromPlugin(
      std::make_unique<RefreshingTokenPlugin>(std::move(spec)));
}

}  // namespace lab::auth
