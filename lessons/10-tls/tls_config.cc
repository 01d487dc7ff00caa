// Lesson 10: TLS credentials for servers and channels.
#include "tls_config.h"

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include "pem_file.h"

namespace lab::tls {

// Contract (tls_config.h): server TLS from a certificate and key; no client
// certificate asked for.
grpc::Status MakeServerCredentials(const KeyPairFiles& server,
                                   std::shared_ptr<grpc::ServerCredentials>* out) {
  // TODO(lesson10): read server.cert_path and server.key_path with ReadPemFile, put
  // them in a grpc::SslServerCredentialsOptions, and set *out =
  // grpc::SslServerCredentials(options).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeServerCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

// Contract (tls_config.h): a channel that trusts only the CA in ca_path.
grpc::Status MakeChannelCredentials(const std::string& ca_path,
                                    std::shared_ptr<grpc::ChannelCredentials>* out) {
  // TODO(lesson10): grpc::SslCredentialsOptions with pem_root_certs = the CA file,
  // then *out = grpc::SslCredentials(options).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeChannelCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

// Contract (tls_config.h): mutual TLS on the server; no verified client
// certificate, no connection.
grpc::Status MakeMutualTlsServerCredentials(
    const KeyPairFiles& server, const std::string& client_ca_path,
    std::shared_ptr<grpc::ServerCredentials>* out) {
  // TODO(lesson10): like MakeServerCredentials, plus the client CA in
  // pem_root_certs and a client_certificate_request that both requires and
  // verifies the client's certificate.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeMutualTlsServerCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

// Contract (tls_config.h): mutual TLS on the client: trust ca_path, present client.
grpc::Status MakeMutualTlsChannelCredentials(
    const std::string& ca_path, const KeyPairFiles& client,
    std::shared_ptr<grpc::ChannelCredentials>* out) {
  // TODO(lesson10): like MakeChannelCredentials, plus pem_cert_chain and
  // pem_private_key from `client`.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeMutualTlsChannelCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

// Contract (tls_config.h): server TLS whose key pair is re-read from disk every
// refresh_interval.
grpc::Status MakeRotatingServerCredentials(
    const KeyPairFiles& server, std::chrono::seconds refresh_interval,
    std::shared_ptr<grpc::ServerCredentials>* out) {
  // TODO(lesson10): reject a refresh_interval under 1 s, check that the files can be
  // read, then build a grpc::experimental::FileWatcherCertificateProvider and
  // grpc::experimental::TlsServerCredentialsOptions that watch the identity key pair.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeRotatingServerCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

}  // namespace lab::tls
