// Lesson 24, step 4: the gateway's edge (capstone.h). Your work.
#include "capstone.h"

namespace lab::capstone {

grpc::Status CheckEdge(const httplib::Request& request, const EdgePolicy& policy,
                       std::string* subject, std::chrono::milliseconds* retry_after) {
  // TODO(lesson24): step 4. In this order: a valid Bearer token for this gateway
  // (lesson 11's VerifyToken: issuer lab::auth::kIssuer, audience kGatewayAudience,
  // now) or UNAUTHENTICATED; a role in policy.allowed_roles or PERMISSION_DENIED; a
  // token from policy.limiter for the token's subject (lesson 19) or
  // RESOURCE_EXHAUSTED with *retry_after. OK: *subject is the token's subject.
  (void)request;
  (void)policy;
  (void)subject;
  (void)retry_after;
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson24): step 4, CheckEdge in edge.cc");
}

}  // namespace lab::capstone
