// Lesson 11, part 2: attaching a token to every call.
#include "bearer_credentials.h"

namespace lab::auth {

// Contract (bearer_credentials.h): one metadata entry, authorization: Bearer <token>.
grpc::Status BearerTokenPlugin::GetMetadata(
    grpc::string_ref service_url, grpc::string_ref method_name,
    const grpc::AuthContext& channel_auth_context,
    std::multimap<grpc::string, grpc::string>* metadata) {
  // TODO(lesson11): insert {kAuthorizationKey, kBearerPrefix + token_}.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement BearerTokenPlugin::GetMetadata in "
                      "lessons/11-token-auth/bearer_credentials.cc");
}

// Contract (bearer_credentials.h): call credentials from the plugin, sent over TLS
// only.
std::shared_ptr<grpc::CallCredentials> BearerTokenCredentials(const std::string& token) {
  // TODO(lesson11): return grpc::MetadataCredentialsFromPlugin(...) with a
  // std::make_unique<BearerTokenPlugin>(token).
  return nullptr;
}

}  // namespace lab::auth
