// Given: do not edit. The server and client programs of lesson 06.
#include "run.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <iostream>
#include <mutex>

#include "chat_client.h"
#include "chat_service.h"

namespace lab::chat {

int RunServer(int port) {
  // Block SIGINT and SIGTERM before gRPC starts its threads (they inherit the mask), so
  // that only sigwait() below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // Reflection lets any gRPC tool (build/bin/grpc-call) ask the server what it serves.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  ChatServiceImpl chat;
  grpc::ServerBuilder builder;
  int selected_port = 0;  // the builder writes the real port here once it binds
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port),
                           grpc::InsecureServerCredentials(), &selected_port);
  builder.RegisterService(&chat);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    std::cerr << "could not listen on 127.0.0.1:" << port << " (is the port taken?)\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << selected_port << std::endl;  // flushes

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  // A chat stream never ends by itself, so a plain Shutdown() would wait for every
  // member to leave. With a deadline, calls still open after it are cancelled: each
  // member's Read() returns false and its handler returns.
  std::cout << "shutting down" << std::endl;
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
  server->Wait();
  return 0;
}

int RunClient(const std::string& target, const std::string& room,
              const std::string& name) {
  // A channel is a virtual connection to `target`.
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  std::mutex print_mu;  // the reader thread and this one both print
  ChatClient client(channel, [&](const ChatMessage& message) {
    std::lock_guard<std::mutex> lock(print_mu);
    std::cout << "[" << message.sender() << "] " << message.text() << std::endl;
  });
  grpc::Status status = client.Join(room, name);
  if (!status.ok()) {
    std::cerr << "could not join: " << status.error_code() << " "
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
    if (!client.Send(line)) break;  // the stream is over; Leave() says why
  }
  status = client.Leave();
  if (!status.ok()) {
    std::cerr << "left with an error: " << status.error_code() << " "
              << status.error_message() << "\n";
    return 1;
  }
  std::cout << "left '" << room << "'" << std::endl;
  return 0;
}

}  // namespace lab::chat
