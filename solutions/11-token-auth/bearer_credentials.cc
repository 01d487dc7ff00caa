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

}  // namespace lab::auth
