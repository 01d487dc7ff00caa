// The programs around the service: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <string>

#include "tls_config.h"

namespace lab::tls {

struct ServerFlags {
  int port = 0;
  KeyPairFiles server{"build/certs/server.pem", "build/certs/server.key"};
  std::string client_ca;    // not empty: mutual TLS, clients need a certificate
  int refresh_seconds = 0;  // > 0: re-read the key pair this often (rotation)
};

// Serves lab.tls.Identity over TLS only (never plaintext) on 127.0.0.1:port, with
// server reflection, until SIGINT or SIGTERM; then stops cleanly (calls in flight get
// a grace period). Prints "listening on 127.0.0.1:PORT" once ready. Returns the
// process exit code.
int RunServer(const ServerFlags& flags);

struct ClientFlags {
  std::string target;
  std::string ca = "build/certs/ca.pem";
  KeyPairFiles client;  // both paths set: mutual TLS
  std::string text = "hello over TLS";
};

// Calls Echo, then WhoAmI, and prints what came back. Returns 0 if Echo succeeded.
int RunClient(const ClientFlags& flags);

}  // namespace lab::tls
