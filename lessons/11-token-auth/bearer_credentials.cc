// Lesson 11, part 2: attaching a token to every call.
#include "bearer_credentials.h"

namespace lab::auth {

// Contract (bearer_credentials.h): one metadata entry, authorization: Bearer <token>.
grpc::Status BearerTokenPlugin::GetMetadata(
    grpc::string_ref service_url, grpc::string_ref method_name,
    const grpc::AuthContext& channel_auth_context,
    std::multimap<grpc::string, grpc::string>* metadata) {
  // TODO(lesson11): add the one authorization entry of bearer_credentials.h.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement BearerTokenPlugin::GetMetadata in "
                      "lessons/11-token-auth/bearer_credentials.cc");
}

// Contract (bearer_credentials.h): call credentials from the plugin, sent over TLS
// only.
std::shared_ptr<grpc::CallCredentials> BearerTokenCredentials(const std::string& token) {
  // TODO(lesson11): call credentials made from a BearerTokenPlugin, keeping the rule
  // that they never cross a plaintext connection.
  return nullptr;
}

// Contract (bearer_credentials.h): a cached token, re-signed (with Sign) only when it
// has less than spec_.refresh_margin left by spec_.clock().
grpc::Status RefreshingTokenPlugin::GetMetadata(
    grpc::string_ref service_url, grpc::string_ref method_name,
    const grpc::AuthContext& channel_auth_context,
    std::multimap<grpc::string, grpc::string>* metadata) {
  // TODO(lesson11): decide whether the cached token (token_, expires_at_) can still
  // be sent; if not, Sign a new one and keep it. Calls may arrive at the same time.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement RefreshingTokenPlugin::GetMetadata in "
                      "lessons/11-token-auth/bearer_credentials.cc");
}

// Contract (bearer_credentials.h): call credentials from one RefreshingTokenPlugin.
std::shared_ptr<grpc::CallCredentials> RefreshingTokenCredentials(TokenSpec spec) {
  // TODO(lesson11): like BearerTokenCredentials, with a RefreshingTokenPlugin.
  return nullptr;
}

}  // namespace lab::auth
