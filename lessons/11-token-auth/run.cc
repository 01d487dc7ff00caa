// Given: do not edit. The server and client programs of lesson 11.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "auth_processor.h"
#include "bearer_credentials.h"
#include "common/serve.h"
#include "common/status_name.h"
#include "inventory_service.h"
#include "storefront_service.h"
#include "token.h"

namespace lab::auth {
namespace {

bool Slurp(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << " (certificates: build/certs)\n";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  *contents = text.str();
  return true;
}

grpc::Status Token(const ClientFlags& flags, std::string* token) {
  std::string audience = flags.audience;
  if (audience.empty())
    audience = flags.show.empty() ? kInventoryAudience : kStorefrontAudience;
  Claims claims{flags.subject, flags.role, kIssuer, audience,
                std::chrono::system_clock::now() + std::chrono::hours(1)};
  return SignToken(claims, flags.secret, token);
}

std::shared_ptr<grpc::ChannelCredentials> TlsChannel(const std::string& ca_path) {
  grpc::SslCredentialsOptions options;
  if (!Slurp(ca_path, &options.pem_root_certs)) return nullptr;
  return grpc::SslCredentials(options);
}

void Report(const char* what, const grpc::Status& status) {
  std::cerr << what << " failed: " << common::StatusCodeName(status.error_code()) << ": "
            << status.error_message() << "\n";
}

}  // namespace

int RunServer(const ServerFlags& flags) {
  // First, before the credentials and the Storefront's channel: see
  // lessons/common/serve.h.
  common::BlockStopSignals();
  grpc::SslServerCredentialsOptions tls;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  if (!Slurp(flags.cert, &pair.cert_chain) || !Slurp(flags.key, &pair.private_key)) {
    return 1;
  }
  tls.pem_key_cert_pairs.push_back(pair);
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::SslServerCredentials(tls);
  // Every call on this port goes through the processor first.
  const bool storefront_role = !flags.inventory.empty();
  credentials->SetAuthMetadataProcessor(std::make_shared<TokenAuthProcessor>(
      flags.secret, storefront_role ? kStorefrontAudience : kInventoryAudience));

  InventoryServiceImpl inventory({{"P1001", 12}, {"P1002", 0}, {"P1003", 3}});
  std::unique_ptr<StorefrontServiceImpl> storefront;
  grpc::ServerBuilder builder;
  if (!storefront_role) {
    builder.RegisterService(&inventory);
  } else {
    // The storefront's own identity: the signing inputs, not a token. Made once;
    // the plugin inside signs a new token only when the last one nears its exp.
    TokenSpec spec;
    spec.key = flags.secret;
    spec.claims = {"storefront", "service", kIssuer, kInventoryAudience, {}};
    spec.lifetime = std::chrono::seconds(flags.token_lifetime_seconds);
    spec.refresh_margin = std::min(spec.refresh_margin, spec.lifetime / 2);
    auto own_credentials = RefreshingTokenCredentials(spec);
    auto channel_credentials = TlsChannel(flags.ca);
    if (own_credentials == nullptr || channel_credentials == nullptr) {
      std::cerr << "cannot make the storefront's credentials\n";
      return 1;
    }
    storefront = std::make_unique<StorefrontServiceImpl>(
        grpc::CreateChannel(flags.inventory, channel_credentials), own_credentials);
    builder.RegisterService(storefront.get());
  }
  // Reflection needs a token like every other call (see access_policy.cc).
  return common::ServeUntilStopped(builder, flags.port, credentials);
}

int RunClient(const ClientFlags& flags) {
  std::string token;
  grpc::Status status = Token(flags, &token);
  if (!status.ok()) {
    Report("SignToken", status);
    return 1;
  }
  if (flags.print_token) {
    std::cout << token << "\n";
    return 0;
  }
  auto channel_credentials = TlsChannel(flags.ca);
  auto call_credentials = BearerTokenCredentials(token);
  if (channel_credentials == nullptr || call_credentials == nullptr) return 1;
  auto channel = grpc::CreateChannel(flags.target, channel_credentials);
  auto inventory = Inventory::NewStub(channel);
  auto context = [&](grpc::ClientContext& c) {
    c.set_credentials(call_credentials);
    c.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  };
  int exit_code = 0;
  bool called = false;
  if (!flags.get.empty()) {
    called = true;
    grpc::ClientContext c;
    context(c);
    GetItemRequest request;
    request.set_sku(flags.get);
    Item item;
    status = inventory->GetItem(&c, request, &item);
    if (status.ok()) {
      std::cout << item.sku() << ": " << item.quantity() << "\n";
    } else {
      Report("GetItem", status);
      exit_code = 1;
    }
  }
  if (!flags.set.empty()) {
    called = true;
    grpc::ClientContext c;
    context(c);
    SetItemRequest request;
    const size_t eq = flags.set.find('=');
    request.set_sku(flags.set.substr(0, eq));
    request.set_quantity(eq == std::string::npos ? 0
                                                 : std::stoi(flags.set.substr(eq + 1)));
    Item item;
    status = inventory->SetItem(&c, request, &item);
    if (status.ok()) {
      std::cout << item.sku() << " set to " << item.quantity() << "\n";
    } else {
      Report("SetItem", status);
      exit_code = 1;
    }
  }
  if (!flags.show.empty()) {
    called = true;
    grpc::ClientContext c;
    context(c);
    ShowItemRequest request;
    request.set_sku(flags.show);
    ShowItemReply reply;
    status = Storefront::NewStub(channel)->ShowItem(&c, request, &reply);
    if (status.ok()) {
      std::cout << reply.item().sku() << ": " << reply.item().quantity() << " (for "
                << reply.customer() << ")\n";
    } else {
      Report("ShowItem", status);
      exit_code = 1;
    }
  }
  if (!called) {
    grpc::ClientContext c;
    context(c);
    Caller caller;
    status = inventory->WhoAmI(&c, WhoAmIRequest(), &caller);
    if (status.ok()) {
      std::cout << "subject=" << caller.subject() << " role=" << caller.role() << "\n";
    } else {
      Report("WhoAmI", status);
      exit_code = 1;
    }
  }
  return exit_code;
}

}  // namespace lab::auth
