// Lesson 11, parts 3 and 4: checking tokens and roles on the server.
#include "auth_processor.h"

#include "bearer_credentials.h"

namespace lab::auth {

// Contract (auth_processor.h): OK only if the policy lists the role for the method.
grpc::Status Authorize(const std::string& method, const std::string& role) {
  const auto& policy = AccessPolicy();
  auto allowed = policy.find(method);
  // Deny by default: a method someone forgot to list is closed, not open.
  if (allowed == policy.end() || allowed->second.count(role) == 0) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "role \"" + role + "\" may not call " + method);
  }
  return grpc::Status::OK;
}

// Contract (auth_processor.h): token -> verified claims -> role check -> identity in
// the AuthContext.
grpc::Status TokenAuthProcessor::Process(const InputMetadata& auth_metadata,
                                         grpc::AuthContext* context,
                                         OutputMetadata* consumed_auth_metadata,
                                         OutputMetadata* response_metadata) {
  auto text = [](grpc::string_ref value) {
    return std::string(value.data(), value.size());
  };
  auto header = auth_metadata.find(kAuthorizationKey);
  if (header == auth_metadata.end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no authorization token");
  }
  const std::string value = text(header->second);
  const std::string prefix = kBearerPrefix;
  if (value.compare(0, prefix.size(), prefix) != 0) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "authorization is not a Bearer token");
  }
  Claims claims;
  // The audience check is what stops a token minted for another service (the
  // storefront, say) from opening this one.
  grpc::Status status = VerifyToken(value.substr(prefix.size()), key_, issuer_, audience_,
                                    std::chrono::system_clock::now(), &claims);
  if (!status.ok()) return status;

  auto path = auth_metadata.find(":path");
  status = Authorize(path == auth_metadata.end() ? "" : text(path->second), claims.role);
  if (!status.ok()) return status;

  // The context belongs to the connection, not to this call: whatever is added here,
  // every later call on the connection sees. One connection, one caller.
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<grpc::string_ref> subject = context->FindPropertyValues(kSubjectProperty);
  if (subject.empty()) {
    context->AddProperty(kSubjectProperty, claims.subject);
    context->AddProperty(kRoleProperty, claims.role);
    context->SetPeerIdentityPropertyName(kSubjectProperty);
  } else {
    std::vector<grpc::string_ref> role = context->FindPropertyValues(kRoleProperty);
    if (text(subject[0]) != claims.subject || role.empty() ||
        text(role[0]) != claims.role) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          "this connection already carries calls for " +
                              text(subject[0]) +
                              "; another caller needs its own connection");
    }
  }
  // Consumed: removed from the metadata handlers see, so no handler can log it or
  // pass the caller's token on by accident.
  consumed_auth_metadata->insert({kAuthorizationKey, value});
  return grpc::Status::OK;
}

}  // namespace lab::auth
