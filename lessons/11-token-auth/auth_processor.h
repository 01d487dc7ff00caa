// Contract for lesson 11's server-side token check. Given: do not edit. Your work is
// in auth_processor.cc.
//
// A server's credentials can carry an AuthMetadataProcessor. gRPC runs it on every
// incoming call, before any handler, with the call's metadata (including the
// pseudo-header ":path", the full method name). A non-OK status ends the call with
// that status; the handler never runs. gRPC runs processors only on secure (TLS)
// ports.
//
// In gRPC 1.51 the AuthContext a processor writes to belongs to the *connection*:
// every later call on that connection sees the same properties, and AddProperty
// appends to what is there. So the first verified token binds the connection to its
// caller, and a later call on it must carry a token for that same caller. (The cost:
// a gateway sending several users' calls over one channel is refused for every user
// but the first; see "What that costs" in the README.)
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <mutex>
#include <string>

#include "access_policy.h"
#include "token.h"

namespace lab::auth {

// OK if AccessPolicy() lists `role` for `method` ("/lab.auth.Inventory/GetItem").
// Errors: PERMISSION_DENIED naming the method and role otherwise, including for a
// method the policy does not list (deny by default).
grpc::Status Authorize(const std::string& method, const std::string& role);

class TokenAuthProcessor final : public grpc::AuthMetadataProcessor {
 public:
  // `audience`: this server's name in tokens (kInventoryAudience,
  // kStorefrontAudience); a token for any other audience is refused.
  TokenAuthProcessor(std::string key, std::string audience, std::string issuer = kIssuer)
      : key_(std::move(key)),
        audience_(std::move(audience)),
        issuer_(std::move(issuer)) {}

  // Verifying an HMAC takes microseconds and waits for nothing, so gRPC may run
  // Process inline on its own thread. A processor that called out to another server
  // (an OAuth introspection endpoint, say) would return true here.
  bool IsBlocking() const override { return false; }

  // For each call:
  //   1. the "authorization" entry must be "Bearer <token>", else UNAUTHENTICATED;
  //   2. the token must pass VerifyToken for this server's issuer and audience at
  //      the current time, else UNAUTHENTICATED;
  //   3. the token's role must be allowed to call the method (":path"), see
  //      Authorize, else PERMISSION_DENIED;
  //   4. the connection's caller (under mu_, since calls on one connection may be
  //      processed at the same time):
  //      - none yet: the context records the token's sub (kSubjectProperty) and
  //        role (kRoleProperty), and sub becomes the peer identity;
  //      - already there: the token's sub and role must be the recorded ones, else
  //        UNAUTHENTICATED (another caller must use another connection);
  //   5. the token is consumed, so handlers never see it.
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const std::string key_;
  const std::string audience_;
  const std::string issuer_;
  std::mutex mu_;  // guards the AuthContexts while Process reads and changes them
};

}  // namespace lab::auth
