// Contract for lesson 12's chat client: lesson 06's ChatClient, on the callback API.
// Given: do not edit. Your work is in chat_client.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chat.grpc.pb.h"

namespace lab::chat {

// The longest a chat session may last: the deadline of the Chat call.
inline constexpr std::chrono::milliseconds kSessionTimeout{60 * 60 * 1000 /* 1 h */};

// One visit to one chat room: one ChatRoom.Chat call, started with
// stub->async()->Chat(&context, reactor), this object being the reactor. gRPC runs the
// reactions (OnReadDone, OnWriteDone, OnDone) on its own threads; Join, Send and Leave
// are the synchronous wrapper a program calls from its thread, and they wait on a
// condition variable for what the reactions report. No reaction ever waits.
//
// `on_message` runs in OnReadDone, on a gRPC thread: it must return quickly and must
// not call Leave(). Call Join, Send and Leave from one thread. A ChatClient makes one
// call: Join at most once, Leave at most once.
class ChatClient : public grpc::ClientBidiReactor<ChatRequest, ChatEvent> {
 public:
  using MessageHandler = std::function<void(const ChatMessage& message)>;

  ChatClient(std::shared_ptr<grpc::ChannelInterface> channel, MessageHandler on_message);
  // Given: if the call was started and is not over, cancels it and waits for OnDone
  // (gRPC may not touch a reactor after OnDone, and needs it until then).
  ~ChatClient() override;
  ChatClient(const ChatClient&) = delete;
  ChatClient& operator=(const ChatClient&) = delete;

  // Starts the call with a deadline `timeout` from now (for the whole session), writes
  // Join{room, name}, and waits for the first event. If it is a Joined: keeps its member
  // list (members_at_join()) and returns OK. If the call ends first: returns its status,
  // code and message unchanged (e.g. INVALID_ARGUMENT for an empty name).
  grpc::Status Join(const std::string& room, const std::string& name,
                    std::chrono::milliseconds timeout = kSessionTimeout);

  // Queues one text to be written and returns at once (one StartWrite outstanding at a
  // time: the next from OnWriteDone). False if the call is already over or Leave() was
  // called. Only after a successful Join.
  bool Send(const std::string& text);

  // Leaves the room: once every queued text is written, half-closes (StartWritesDone),
  // then waits for OnDone and returns the call's status: OK for a clean leave, or
  // whatever ended the call. FAILED_PRECONDITION if Join did not succeed.
  grpc::Status Leave();

  // The names in the room when this client joined, itself included.
  const std::vector<std::string>& members_at_join() const { return members_at_join_; }

  // Reactions (gRPC calls them; never call them yourself).
  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnWritesDoneDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  // Starts the next queued write, or the half-close once the queue is empty and Leave()
  // asked for it, if no write is outstanding. Call with mu_ held. True when the write
  // side is now over (half-closed): the caller then calls ReleaseHold() after unlocking.
  bool WriteNextLocked();
  // Writes are started from Send() and Leave(), outside the reactions, so the call holds
  // a hold (AddHold before StartCall) for as long as writes may still start. True, once,
  // when it is time to remove it: call RemoveHold() after unlocking mu_. Call with mu_.
  bool DropHoldLocked();

  std::unique_ptr<ChatRoom::Stub> stub_;
  MessageHandler on_message_;
  grpc::ClientContext context_;  // one per call, and this object is one call
  ChatEvent event_;              // the read in progress
  std::vector<std::string> members_at_join_;

  std::mutex mu_;  // guards everything below
  std::condition_variable changed_;
  std::deque<ChatRequest> outgoing_;  // front: the write outstanding, if writing_
  bool started_ = false;              // StartCall was made
  bool joined_ = false;               // the Joined arrived
  bool writing_ = false;              // a StartWrite (or StartWritesDone) is outstanding
  bool leaving_ = false;              // Leave() asked for a half-close
  bool writes_done_ = false;          // StartWritesDone was made
  bool holding_ = false;              // the hold for writes is in place
  bool done_ = false;                 // OnDone ran: status_ is final
  grpc::Status status_;
};

}  // namespace lab::chat
