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
  // TODO(lesson10): UNAUTHENTICATED when the handshake named nobody; otherwise report
  // the client certificate's common name, every SAN, and what gRPC calls the peer
  // identity (identity_service.h; README: "Who is calling").
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement IdentityServiceImpl::WhoAmI in "
                      "lessons/10-tls/identity_service.cc");
}

}  // namespace lab::tls
