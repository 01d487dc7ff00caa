// Lesson 10: TLS credentials for servers and channels.
#include "tls_config.h"

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include "pem_file.h"

namespace lab::tls {
namespace {

// Reads a certificate and its key into the pair type the Ssl*Options structs use.
grpc::Status ReadKeyPair(const KeyPairFiles& files, std::string* cert, std::string* key) {
  grpc::Status status = ReadPemFile(files.cert_path, cert);
  if (!status.ok()) return status;
  return ReadPemFile(files.key_path, key);
}

// Server credentials from `server`, asking clients for a certificate as
// `client_cert` says and trusting `client_ca` (PEM, may be empty) to sign them.
grpc::Status SslServer(const KeyPairFiles& server, const std::string& client_ca,
                       grpc_ssl_client_certificate_request_type client_cert,
                       std::shared_ptr<grpc::ServerCredentials>* out) {
  grpc::SslServerCredentialsOptions options(client_cert);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  grpc::Status status = ReadKeyPair(server, &pair.cert_chain, &pair.private_key);
  if (!status.ok()) return status;
  options.pem_key_cert_pairs.push_back(pair);
  options.pem_root_certs = client_ca;
  *out = grpc::SslServerCredentials(options);
  return grpc::Status::OK;
}

}  // namespace

// Contract (tls_config.h): server TLS from a certificate and key; no client
// certificate asked for.
grpc::Status MakeServerCredentials(const KeyPairFiles& server,
                                   std::shared_ptr<grpc::ServerCredentials>* out) {
  return SslServer(server, "", GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE, out);
}

// Contract (tls_config.h): a channel that trusts only the CA in ca_path.
grpc::Status MakeChannelCredentials(const std::string& ca_path,
                                    std::shared_ptr<grpc::ChannelCredentials>* out) {
  grpc::SslCredentialsOptions options;
  // Without pem_root_certs gRPC falls back to the system's public CAs, which never
  // signed the lab's certificates.
  grpc::Status status = ReadPemFile(ca_path, &options.pem_root_certs);
  if (!status.ok()) return status;
  *out = grpc::SslCredentials(options);
  return grpc::Status::OK;
}

// Contract (tls_config.h): mutual TLS on the server; no verified client
// certificate, no connection.
grpc::Status MakeMutualTlsServerCredentials(
    const KeyPairFiles& server, const std::string& client_ca_path,
    std::shared_ptr<grpc::ServerCredentials>* out) {
  std::string client_ca;
  grpc::Status status = ReadPemFile(client_ca_path, &client_ca);
  if (!status.ok()) return status;
  // REQUIRE: a client without a certificate is refused. VERIFY: the certificate
  // must chain to client_ca; without it any self-made certificate gets in, and the
  // name it claims becomes the peer identity. Both halves matter.
  return SslServer(server, client_ca,
                   GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY, out);
}

// Contract (tls_config.h): mutual TLS on the client: trust ca_path, present client.
grpc::Status MakeMutualTlsChannelCredentials(
    const std::string& ca_path, const KeyPairFiles& client,
    std::shared_ptr<grpc::ChannelCredentials>* out) {
  grpc::SslCredentialsOptions options;
  grpc::Status status = ReadPemFile(ca_path, &options.pem_root_certs);
  if (!status.ok()) return status;
  status = ReadKeyPair(client, &options.pem_cert_chain, &options.pem_private_key);
  if (!status.ok()) return status;
  *out = grpc::SslCredentials(options);
  return grpc::Status::OK;
}

// Contract (tls_config.h): server TLS whose key pair is re-read from disk every
// refresh_interval.
grpc::Status MakeRotatingServerCredentials(
    const KeyPairFiles& server, std::chrono::seconds refresh_interval,
    std::shared_ptr<grpc::ServerCredentials>* out) {
  if (refresh_interval < std::chrono::seconds(1)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the refresh interval must be at least one second");
  }
  // The provider reads the files itself, later and in the background; reading them
  // once here turns a wrong path into an error now instead of a log line.
  std::string cert;
  std::string key;
  grpc::Status status = ReadKeyPair(server, &cert, &key);
  if (!status.ok()) return status;

  // The provider keeps the paths as given (key first, then certificate) and reads
  // them again every interval: through a symlinked directory that is swapped in one
  // rename, both files change together.
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      server.key_path, server.cert_path,
      static_cast<unsigned int>(refresh_interval.count()));
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  // The server's own certificate comes from the provider and follows its updates.
  options.watch_identity_key_cert_pairs();
  options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  *out = grpc::experimental::TlsServerCredentials(options);
  return grpc::Status::OK;
}

}  // namespace lab::tls
