// Given: do not edit. The server and client programs of lesson 10.
#include "run.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>

#include "common/serve.h"
#include "common/status_name.h"
#include "identity_service.h"

namespace lab::tls {

int RunServer(const ServerFlags& flags) {
  // First, before the credentials: making them starts gRPC's threads (and with
  // --refresh-seconds a file watcher's). See lessons/common/serve.h.
  common::BlockStopSignals();

  std::shared_ptr<grpc::ServerCredentials> credentials;
  grpc::Status status;
  if (flags.refresh_seconds > 0) {
    status = MakeRotatingServerCredentials(
        flags.server, std::chrono::seconds(flags.refresh_seconds), &credentials);
  } else if (!flags.client_ca.empty()) {
    status = MakeMutualTlsServerCredentials(flags.server, flags.client_ca, &credentials);
  } else {
    status = MakeServerCredentials(flags.server, &credentials);
  }
  // Never fall back to plaintext: a TLS server that cannot load its key must not
  // quietly serve without one.
  if (!status.ok() || credentials == nullptr) {
    std::cerr << "no TLS credentials: " << status.error_message() << "\n";
    return 1;
  }

  IdentityServiceImpl service;
  grpc::ServerBuilder builder;
  builder.RegisterService(&service);
  return common::ServeUntilStopped(builder, flags.port, credentials);
}

int RunClient(const ClientFlags& flags) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  grpc::Status status =
      flags.client.cert_path.empty()
          ? MakeChannelCredentials(flags.ca, &credentials)
          : MakeMutualTlsChannelCredentials(flags.ca, flags.client, &credentials);
  if (!status.ok() || credentials == nullptr) {
    std::cerr << "no TLS credentials: " << status.error_message() << "\n";
    return 1;
  }
  auto stub = Identity::NewStub(grpc::CreateChannel(flags.target, credentials));

  EchoRequest request;
  request.set_text(flags.text);
  EchoReply reply;
  grpc::ClientContext echo_context;
  echo_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  status = stub->Echo(&echo_context, request, &reply);
  if (!status.ok()) {
    std::cerr << "Echo failed: " << common::StatusCodeName(status.error_code()) << ": "
              << status.error_message() << "\n";
    return 1;
  }
  std::cout << "Echo: " << reply.text() << "\n";

  WhoAmIReply who;
  grpc::ClientContext who_context;
  who_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  status = stub->WhoAmI(&who_context, WhoAmIRequest(), &who);
  if (status.ok()) {
    std::cout << "WhoAmI: CN=" << who.common_name() << ", identity ("
              << who.identity_property() << "):";
    for (const std::string& id : who.identity()) std::cout << " " << id;
    std::cout << "\n";
  } else {
    std::cout << "WhoAmI: " << common::StatusCodeName(status.error_code()) << ": "
              << status.error_message() << "\n";
  }
  return 0;
}

}  // namespace lab::tls
