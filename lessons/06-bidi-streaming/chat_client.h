// Contract for lesson 06's chat client. Given: do not edit. Your work is in
// chat_client.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "chat.grpc.pb.h"

namespace lab::chat {

// The longest a chat session may last: the deadline of the Chat call. A stream's
// deadline covers the whole stream, not each message.
inline constexpr std::chrono::milliseconds kSessionTimeout{60 * 60 * 1000 /* 1 h */};

// One visit to one chat room: one ChatRoom.Chat stream, from Join to Leave.
//
// Threads. Join() starts a reader thread; from then on that thread makes every Read()
// on the stream and calls `on_message` for each ChatMessage, in the order they arrive,
// until the server ends the stream. Meanwhile the caller's thread writes: Send() and
// Leave(). gRPC allows one reader and one writer at a time on a stream, which is
// exactly this split. Call Join, Send and Leave from one thread (or never at the same
// time); `on_message` runs on the reader thread and must not call Leave().
//
//      caller's thread                 reader thread (started by Join)
//      ---------------                 -------------------------------
//      Join: Write(Join), Read(Joined)
//      Send: Write(text) ...           Read(message) -> on_message(message) ...
//      Leave: WritesDone() ---------->  ... Read() returns false: thread ends
//             join the reader thread
//             Finish() -> status
//
// A ChatClient makes one call: Join at most once, Leave at most once.
class ChatClient {
 public:
  using MessageHandler = std::function<void(const ChatMessage& message)>;

  ChatClient(std::shared_ptr<grpc::ChannelInterface> channel, MessageHandler on_message);
  // If the session is still open (no Leave, or a failed Join), cancels the call so the
  // reader thread's Read() returns false, joins that thread and finishes the call.
  ~ChatClient();
  ChatClient(const ChatClient&) = delete;
  ChatClient& operator=(const ChatClient&) = delete;

  // Opens the Chat stream with a deadline `timeout` from now (for the whole session),
  // writes Join{room, name}, and reads the first event on this thread. If it is a
  // Joined: keeps its member list (members_at_join()), starts the reader thread and
  // returns OK. If the stream ends instead: returns the server's status from Finish(),
  // code and message unchanged (e.g. INVALID_ARGUMENT for an empty name).
  grpc::Status Join(const std::string& room, const std::string& name,
                    std::chrono::milliseconds timeout = kSessionTimeout);

  // Writes one text to the room. False if the stream is broken (the server ended it or
  // the call is over): Leave() then says why. Only after a successful Join.
  bool Send(const std::string& text);

  // Leaves the room: half-closes the stream (WritesDone: "I will send nothing more"),
  // waits for the reader thread to deliver everything the server still sends and to
  // see the end of the stream, then returns Finish()'s status: OK for a clean leave,
  // or whatever ended the stream (the server's error, DEADLINE_EXCEEDED, CANCELLED...).
  grpc::Status Leave();

  // The names in the room when this client joined, itself included.
  const std::vector<std::string>& members_at_join() const { return members_at_join_; }

 private:
  // The reader thread's body: Read() until it returns false, on_message_ for each
  // ChatMessage.
  void ReadLoop();

  std::unique_ptr<ChatRoom::Stub> stub_;
  MessageHandler on_message_;
  grpc::ClientContext context_;  // one per call, and this object is one call
  // The open call: non-null from Join's start of the call until Finish() is called.
  std::unique_ptr<grpc::ClientReaderWriter<ChatRequest, ChatEvent>> stream_;
  std::thread reader_;  // runs ReadLoop() between Join and Leave
  std::vector<std::string> members_at_join_;
};

}  // namespace lab::chat
