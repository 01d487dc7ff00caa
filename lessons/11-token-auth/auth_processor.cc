// Lesson 11, parts 3 and 4: checking tokens and roles on the server.
#include "auth_processor.h"

#include "bearer_credentials.h"

namespace lab::auth {

// Contract (auth_processor.h): OK only if the policy lists the role for the method.
grpc::Status Authorize(const std::string& method, const std::string& role) {
  // TODO(lesson11): look method up in AccessPolicy(); PERMISSION_DENIED unless it is
  // there and its set contains role.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement Authorize in "
                      "lessons/11-token-auth/auth_processor.cc");
}

// Contract (auth_processor.h): token -> verified claims -> role check -> identity in
// the AuthContext.
grpc::Status TokenAuthProcessor::Process(const InputMetadata& auth_metadata,
                                         grpc::AuthContext* context,
                                         OutputMetadata* consumed_auth_metadata,
                                         OutputMetadata* response_metadata) {
  // TODO(lesson11): find kAuthorizationKey and ":path" in auth_metadata (a multimap
  // of string_ref), strip kBearerPrefix, VerifyToken, Authorize. Then, holding mu_,
  // bind the connection to the caller (context->AddProperty(...),
  // context->SetPeerIdentityPropertyName(...)) or check that it is bound to this
  // same caller, and finally consumed_auth_metadata->insert(...).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement TokenAuthProcessor::Process in "
                      "lessons/11-token-auth/auth_processor.cc");
}

}  // namespace lab::auth
