// Lesson 24, step 4: the gateway's edge (capstone.h).
#include "capstone.h"

namespace lab::capstone {

grpc::Status CheckEdge(const httplib::Request& request, const EdgePolicy& policy,
                       std::string* subject, std::chrono::milliseconds* retry_after) {
  // 1. Who is calling? No valid token: 401, whatever the path.
  const std::string header = request.get_header_value("Authorization");
  const std::string scheme = "Bearer ";
  if (header.compare(0, scheme.size(), scheme) != 0) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "a Bearer token is required");
  }
  lab::auth::Claims claims;
  grpc::Status status = lab::auth::VerifyToken(
      header.substr(scheme.size()), policy.token_key, lab::auth::kIssuer,
      kGatewayAudience, std::chrono::system_clock::now(), &claims);
  if (!status.ok()) return status;
  // 2. May they? A known caller without the right role: 403.
  if (policy.allowed_roles.count(claims.role) == 0) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "role " + claims.role + " may not read the catalogue");
  }
  // 3. Not too often: one bucket per verified caller, so nobody spends another's.
  const std::chrono::milliseconds wait = policy.limiter->TryTake(claims.subject);
  if (wait.count() > 0) {
    *retry_after = wait;
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "rate limit: retry in " + std::to_string(wait.count()) + " ms");
  }
  *subject = claims.subject;
  return grpc::Status::OK;
}

}  // namespace lab::capstone
