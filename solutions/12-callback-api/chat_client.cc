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

// Contract (chat_client.h): starts the call and waits until the Joined arrives or the
// call ends.
grpc::Status ChatClient::Join(const std::string& room, const std::string& name,
                              std::chrono::milliseconds timeout) {
  context_.set_deadline(std::chrono::system_clock::now() + timeout);
  stub_->async()->Chat(&context_, this);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ChatRequest& join = outgoing_.emplace_back();
    join.mutable_join()->set_room(room);
    join.mutable_join()->set_name(name);
    AddHold();  // Send() and Leave() start writes from outside the reactions
    holding_ = true;
    started_ = true;
    WriteNextLocked();
    StartRead(&event_);
  }
  StartCall();  // the reactions may run from here on
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return joined_ || done_; });
  if (joined_) return grpc::Status::OK;
  if (status_.ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "the server ended the stream without a Joined event");
  }
  return status_;
}

void ChatClient::OnReadDone(bool ok) {
  if (!ok) {  // the server has ended the stream: nothing more to write either
    std::unique_lock<std::mutex> lock(mu_);
    const bool release = DropHoldLocked();
    lock.unlock();
    if (release) RemoveHold();
    return;
  }
  if (event_.has_joined()) {
    std::lock_guard<std::mutex> lock(mu_);
    members_at_join_.assign(event_.joined().members().begin(),
                            event_.joined().members().end());
    joined_ = true;
    changed_.notify_all();
  } else if (event_.has_message()) {
    on_message_(event_.message());
  }
  StartRead(&event_);
}

// Contract (chat_client.h): queue it; it is written once the writes before it are.
bool ChatClient::Send(const std::string& text) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!joined_ || !holding_ || leaving_) return false;
  outgoing_.emplace_back().set_text(text);
  WriteNextLocked();
  return true;
}

void ChatClient::OnWriteDone(bool ok) {
  std::unique_lock<std::mutex> lock(mu_);
  writing_ = false;
  outgoing_.pop_front();
  bool release = false;
  if (ok) {
    release = WriteNextLocked();
  } else {  // the call is over: nothing more can be written; OnDone says why
    outgoing_.clear();
    release = DropHoldLocked();
  }
  lock.unlock();
  if (release) RemoveHold();
}

void ChatClient::OnWritesDoneDone(bool /*ok*/) {}

bool ChatClient::WriteNextLocked() {
  if (writing_ || writes_done_ || !holding_) return false;
  if (!outgoing_.empty()) {
    writing_ = true;
    StartWrite(&outgoing_.front());
    return false;
  }
  if (!leaving_) return false;
  writes_done_ = true;
  StartWritesDone();
  return DropHoldLocked();  // no write will start after this one
}

bool ChatClient::DropHoldLocked() {
  if (!holding_) return false;
  holding_ = false;
  return true;
}

void ChatClient::OnDone(const grpc::Status& status) {
  std::lock_guard<std::mutex> lock(mu_);
  status_ = status;
  done_ = true;
  changed_.notify_all();  // under mu_: the waiter may destroy this object right after
}

// Contract (chat_client.h): half-close after the queued texts, wait for the status.
grpc::Status ChatClient::Leave() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!joined_) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "not in a room");
  }
  leaving_ = true;
  const bool release = WriteNextLocked();
  lock.unlock();
  if (release) RemoveHold();
  lock.lock();
  changed_.wait(lock, [&] { return done_; });
  return status_;
}

}  // namespace lab::chat
