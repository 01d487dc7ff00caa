// Given: do not edit. The server and client programs of lesson 12.
#include "run.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/resource_quota.h>

#include <chrono>
#include <iostream>
#include <mutex>

#include "chat_client.h"
#include "chat_service.h"
#include "common/serve.h"
#include "common/status_name.h"

namespace lab::chat {

int RunServer(int port, int max_threads) {
  common::BlockStopSignals();  // first: see lessons/common/serve.h
  ChatServiceImpl chat;
  StatsServiceImpl stats(&chat);
  grpc::ServerBuilder builder;
  builder.RegisterService(&chat);
  builder.RegisterService(&stats);
  if (max_threads > 0) {
    grpc::ResourceQuota quota("lesson12");
    quota.SetMaxThreads(max_threads);
    builder.SetResourceQuota(quota);
  }
  // A chat stream never ends by itself: at a stop, every member's stream waits out the
  // grace period, then gRPC cancels it (OnCancel, then OnDone once it is finished).
  return common::ServeUntilStopped(builder, port, nullptr,
                                   std::chrono::milliseconds(300 /* 0.3 s */));
}

int RunClient(const std::string& target, const std::string& room,
              const std::string& name) {
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  std::mutex print_mu;  // gRPC's threads (on_message) and this one both print
  ChatClient client(channel, [&](const ChatMessage& message) {
    std::lock_guard<std::mutex> lock(print_mu);
    std::cout << "[" << message.sender() << "] " << message.text() << std::endl;
  });
  grpc::Status status = client.Join(room, name);
  if (!status.ok()) {
    std::cerr << "could not join: " << common::StatusCodeName(status.error_code()) << ": "
              << status.error_message() << "\n";
    return 1;
  }
  {
    std::lock_guard<std::mutex> lock(print_mu);
    std::cout << "joined '" << room << "' as " << name << "; in the room:";
    for (const std::string& member : client.members_at_join()) std::cout << " " << member;
    std::cout << "\n(type a line to send it, Ctrl-D to leave)" << std::endl;
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    if (!client.Send(line)) break;  // the call is over; Leave() says why
  }
  status = client.Leave();
  if (!status.ok()) {
    std::cerr << "left with an error: " << common::StatusCodeName(status.error_code())
              << ": " << status.error_message() << "\n";
    return 1;
  }
  std::cout << "left '" << room << "'" << std::endl;
  return 0;
}

}  // namespace lab::chat
