// Contract for lesson 10's credentials. Given: do not edit. Your work is in
// tls_config.cc.
//
// Credentials objects decide how a channel or a listening port secures its
// connections. Each function here builds one from PEM files and returns it through
// `out`. Like every fallible function in the lab, they return a grpc::Status: OK, or
// the reason nothing was built (then *out is left alone).
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

namespace lab::tls {

// A certificate and its private key, both PEM files.
struct KeyPairFiles {
  std::string cert_path;  // e.g. build/certs/server.pem
  std::string key_path;   // e.g. build/certs/server.key
};

// Part 1. Server-side TLS: the server proves who it is with `server`; clients need
// no certificate. Errors: the status of ReadPemFile (pem_file.h) for a file that
// cannot be read or holds no PEM block.
grpc::Status MakeServerCredentials(const KeyPairFiles& server,
                                   std::shared_ptr<grpc::ServerCredentials>* out);

// Part 1. Client-side TLS: trusts exactly the CA certificate(s) in `ca_path`, so only
// a server whose certificate that CA signed, that is valid now, and that names the
// host the client dialled is accepted. Errors: as above.
grpc::Status MakeChannelCredentials(const std::string& ca_path,
                                    std::shared_ptr<grpc::ChannelCredentials>* out);

// Part 2. Mutual TLS, server side: like MakeServerCredentials, and every client must
// present a certificate signed by a CA in `client_ca_path`; a handshake without one,
// or with one that does not verify, fails. Errors: as above.
grpc::Status MakeMutualTlsServerCredentials(
    const KeyPairFiles& server, const std::string& client_ca_path,
    std::shared_ptr<grpc::ServerCredentials>* out);

// Part 2. Mutual TLS, client side: trusts `ca_path` like MakeChannelCredentials and
// presents `client` when the server asks. Errors: as above.
grpc::Status MakeMutualTlsChannelCredentials(
    const std::string& ca_path, const KeyPairFiles& client,
    std::shared_ptr<grpc::ChannelCredentials>* out);

// Part 4. Server-side TLS whose certificate can be replaced without a restart: the
// files at the paths in `server`, as given, are read again every `refresh_interval`,
// and new connections get whatever key pair they hold then. Whoever rotates swaps
// both files in one step (README: "Rotation"). Errors: INVALID_ARGUMENT when
// refresh_interval is under one second; the status of ReadPemFile for a file that
// cannot be read now.
grpc::Status MakeRotatingServerCredentials(const KeyPairFiles& server,
                                           std::chrono::seconds refresh_interval,
                                           std::shared_ptr<grpc::ServerCredentials>* out);

}  // namespace lab::tls
