// Contract for lesson 10's Identity service. Given: do not edit. Your work is in
// identity_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include "secure.grpc.pb.h"

namespace lab::tls {

// Implements lab.tls.Identity (proto/secure.proto).
class IdentityServiceImpl final : public Identity::Service {
 public:
  // Given: replies with the request's text.
  grpc::Status Echo(grpc::ServerContext* context, const EchoRequest* request,
                    EchoReply* reply) override;

  // Reports the identity in the caller's TLS client certificate, read from
  // context->auth_context():
  //   common_name        the value of the "x509_common_name" property
  //   subject_alt_names  every value of "x509_subject_alternative_name"
  //   identity_property  GetPeerIdentityPropertyName()
  //   identity           every value of GetPeerIdentity()
  // Errors: UNAUTHENTICATED when the handshake established no peer identity
  // (IsPeerAuthenticated() is false: no client certificate, or no TLS at all): there
  // is nobody to report.
  // The handler cannot tell a verified certificate from a forged one: what it reports
  // means something only on a port that verifies client certificates.
  grpc::Status WhoAmI(grpc::ServerContext* context, const WhoAmIRequest* request,
                      WhoAmIReply* reply) override;
};

}  // namespace lab::tls
