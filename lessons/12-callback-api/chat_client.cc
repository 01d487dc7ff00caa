// Lesson 12, part 4: the client on a ClientBidiReactor, and the wrapper that waits.
#include "chat_client.h"

namespace lab::chat {

ChatClient::ChatClient(std::shared_ptr<grpc::ChannelInterface> channel,
                       MessageHandler on_message)
    : stub_(ChatRoom::NewStub(std::move(channel))), on_message_(std::move(on_message)) {}

// Given: an abandoned call is cancelled, and the reactor outlives its OnDone.
ChatClient::~ChatClient() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!started_) return;
  if (!done_) context_.TryCancel();
  const bool release = DropHoldLocked();
  lock.unlock();
  if (release) RemoveHold();
  lock.lock();
  changed_.wait(lock, [&] { return done_; });
}

// Contract (chat_client.h): starts the call (stub_->async()->Chat with this reactor; a
// hold for the writes Send and Leave start later; the Join queued, a read started,
// StartCall) and waits until the Joined arrives (OK) or the call ends (its status).
grpc::Status ChatClient::Join(const std::string& /*room*/, const std::string& /*name*/,
                              std::chrono::milliseconds /*timeout*/) {
  // TODO(lesson12): implement Join.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson12): implement ChatClient::Join in "
                      "lessons/12-callback-api/chat_client.cc");
}

// Contract (chat_client.h): the Joined is recorded (and Join woken); each ChatMessage
// goes to on_message_; then the next read. Not ok: the server ended the stream, so no
// write will start any more (drop the hold).
void ChatClient::OnReadDone(bool /*ok*/) {
  // TODO(lesson12): implement OnReadDone.
}

// Contract (chat_client.h): queue the text and return; false if the call is over.
bool ChatClient::Send(const std::string& /*text*/) {
  // TODO(lesson12): implement Send.
  return false;
}

// Contract (chat_client.h): the front write is done; start the next (WriteNextLocked).
// Not ok: the call is over, drop the queue and the hold.
void ChatClient::OnWriteDone(bool /*ok*/) {
  // TODO(lesson12): implement OnWriteDone.
}

void ChatClient::OnWritesDoneDone(bool /*ok*/) {}

// Contract (chat_client.h): one write outstanding at most; the half-close after the
// last queued write once Leave() asked for it.
bool ChatClient::WriteNextLocked() {
  // TODO(lesson12): implement WriteNextLocked.
  return false;
}

// Given: the hold is removed exactly once.
bool ChatClient::DropHoldLocked() {
  if (!holding_) return false;
  holding_ = false;
  return true;
}

// Contract (chat_client.h): record the status and wake whoever waits for it.
void ChatClient::OnDone(const grpc::Status& /*status*/) {
  // TODO(lesson12): implement OnDone.
}

// Contract (chat_client.h): half-close after the queued texts, wait for OnDone's
// status. FAILED_PRECONDITION if Join did not succeed.
grpc::Status ChatClient::Leave() {
  // TODO(lesson12): implement Leave.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson12): implement ChatClient::Leave in "
                      "lessons/12-callback-api/chat_client.cc");
}

}  // namespace lab::chat
