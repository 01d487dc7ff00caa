// The programs around the services: what server_main.cc and client_main.cc call.
// Given: do not edit.
#pragma once

#include <string>

namespace lab::auth {

// The HMAC key the programs use unless --secret says otherwise. A lab default only:
// a real key is random, long, and read from a secret store, never from source code.
inline constexpr char kDefaultSecret[] = "lab-only-secret-do-not-reuse";

struct ServerFlags {
  int port = 0;
  std::string cert = "build/certs/server.pem";
  std::string key = "build/certs/server.key";
  std::string secret = kDefaultSecret;
  std::string inventory;  // not empty: serve Storefront, calling Inventory here
  std::string ca = "build/certs/ca.pem";  // the Storefront's trust for Inventory
  int token_lifetime_seconds = 3600;      // of the Storefront's own tokens
};

// Serves Inventory (or, with --inventory, Storefront) over TLS with the token
// processor and reflection, until SIGINT or SIGTERM; then stops cleanly (calls in
// flight get a grace period). Prints "listening on 127.0.0.1:PORT". Returns the exit
// code.
int RunServer(const ServerFlags& flags);

struct ClientFlags {
  std::string target;
  std::string ca = "build/certs/ca.pem";
  std::string secret = kDefaultSecret;
  std::string subject = "alice";
  std::string role = "viewer";
  std::string audience;      // "" = "storefront" with --show, else "inventory"
  std::string get;           // sku for Inventory.GetItem
  std::string set;           // "sku=quantity" for Inventory.SetItem
  std::string show;          // sku for Storefront.ShowItem
  bool print_token = false;  // only print a token (for build/bin/grpc-call -H)
};

// Signs a token for subject/role/audience, then makes the calls asked for (WhoAmI
// when none is). Returns 0 if every call succeeded.
int RunClient(const ClientFlags& flags);

}  // namespace lab::auth
