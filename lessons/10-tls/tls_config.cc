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
  // TODO(lesson10): TLS with the key pair in `server`; clients are not asked for a
  // certificate. A file that cannot be read is ReadPemFile's error.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeServerCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

// Contract (tls_config.h): a channel that trusts only the CA in ca_path.
grpc::Status MakeChannelCredentials(const std::string& ca_path,
                                    std::shared_ptr<grpc::ChannelCredentials>* out) {
  // TODO(lesson10): trust exactly the CA certificate(s) in ca_path, nothing else.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeChannelCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

// Contract (tls_config.h): mutual TLS on the server; no verified client
// certificate, no connection.
grpc::Status MakeMutualTlsServerCredentials(
    const KeyPairFiles& server, const std::string& client_ca_path,
    std::shared_ptr<grpc::ServerCredentials>* out) {
  // TODO(lesson10): your decision (README: "Who may connect"): which client
  // certificate policy lets in only clients whose certificate chains to
  // client_ca_path? No certificate: no connection. Any other CA's: no connection.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeMutualTlsServerCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

// Contract (tls_config.h): mutual TLS on the client: trust ca_path, present client.
grpc::Status MakeMutualTlsChannelCredentials(
    const std::string& ca_path, const KeyPairFiles& client,
    std::shared_ptr<grpc::ChannelCredentials>* out) {
  // TODO(lesson10): trust ca_path as MakeChannelCredentials does, and present
  // `client` when the server asks for a certificate.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeMutualTlsChannelCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

// Contract (tls_config.h): server TLS whose key pair is re-read from disk every
// refresh_interval.
grpc::Status MakeRotatingServerCredentials(
    const KeyPairFiles& server, std::chrono::seconds refresh_interval,
    std::shared_ptr<grpc::ServerCredentials>* out) {
  // TODO(lesson10): INVALID_ARGUMENT for a refresh_interval under 1 s; ReadPemFile's
  // error for a file that cannot be read now; otherwise credentials whose key pair
  // follows what the files at these paths hold (README: "Rotation").
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson10): implement MakeRotatingServerCredentials in "
                      "lessons/10-tls/tls_config.cc");
}

}  // namespace lab::tls
