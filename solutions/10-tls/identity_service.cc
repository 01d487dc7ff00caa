// Lesson 10, part 3: who is calling? The answer comes from the TLS handshake.
#include "identity_service.h"

namespace lab::tls {

// Given: nothing to do here. Over TLS this handler runs only after a successful
// handshake, so a reply proves the channel's credentials were accepted.
grpc::Status IdentityServiceImpl::Echo(grpc::ServerContext* context,
                                       const EchoRequest* request, EchoReply* reply) {
  reply->set_text(request->text());
  return grpc::Status::OK;
}

// Contract (identity_service.h): UNAUTHENTICATED unless the peer is authenticated;
// otherwise fill the reply from the AuthContext's certificate properties.
grpc::Status IdentityServiceImpl::WhoAmI(grpc::ServerContext* context,
                                         const WhoAmIRequest* request,
                                         WhoAmIReply* reply) {
  std::shared_ptr<const grpc::AuthContext> auth = context->auth_context();
  // Without a client certificate the context still exists (it says "ssl" or
  // "insecure"), but it names nobody. With one, it names whoever the certificate
  // claims to be: trustworthy only because our mTLS port verifies the chain.
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "no client certificate: connect with mutual TLS");
  }
  auto text = [](grpc::string_ref value) {
    return std::string(value.data(), value.size());
  };
  for (grpc::string_ref cn : auth->FindPropertyValues("x509_common_name")) {
    reply->set_common_name(text(cn));
  }
  for (grpc::string_ref san : auth->FindPropertyValues("x509_subject_alternative_name")) {
    reply->add_subject_alt_names(text(san));
  }
  reply->set_identity_property(auth->GetPeerIdentityPropertyName());
  for (grpc::string_ref id : auth->GetPeerIdentity()) reply->add_identity(text(id));
  return grpc::Status::OK;
}

}  // namespace lab::tls
