// Lesson 11, parts 3 and 4: checking tokens and roles on the server.
#include "auth_processor.h"

#include "bearer_credentials.h"

namespace lab::auth {

// Contract (auth_processor.h): OK only if the policy lists the role for the method.
grpc::Status Authorize(const std::string& method, const std::string& role) {
  // TODO(lesson11): the policy decides; a method it does not list is closed.
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
  // TODO(lesson11): the five steps of auth_processor.h, in that order. The context
  // is the connection's (shared by calls processed at the same time), and the
  // token must be this server's (audience_).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson11): implement TokenAuthProcessor::Process in "
                      "lessons/11-token-auth/auth_processor.cc");
}

}  // namespace lab::auth
