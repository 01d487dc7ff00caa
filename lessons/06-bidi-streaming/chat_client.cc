// Lesson 06, part 3: a client that reads and writes one stream at the same time.
#include "chat_client.h"

namespace lab::chat {

ChatClient::ChatClient(std::shared_ptr<grpc::ChannelInterface> channel,
                       MessageHandler on_message)
    : stub_(ChatRoom::NewStub(std::move(channel))), on_message_(std::move(on_message)) {}

// Given: an abandoned session is cancelled, so nothing is left running.
ChatClient::~ChatClient() {
  if (stream_ == nullptr) return;  // never joined, or Leave() already finished the call
  context_.TryCancel();            // the reader's Read() now returns false
  if (reader_.joinable()) reader_.join();
  stream_->Finish();  // CANCELLED, most likely: nobody is left to care
}

// Contract (chat_client.h): opens the session with a deadline `timeout` from now and
// returns once the Joined has arrived, or the server's status if the stream ends.
grpc::Status ChatClient::Join(const std::string& room, const std::string& name,
                              std::chrono::milliseconds timeout) {
  // TODO(lesson06): open the Chat stream with a deadline `timeout` from now for the
  // whole session, send the Join, and wait here for the first event. A Joined: keep
  // its members, start the reader thread, OK. If the stream ends instead: the server's
  // status, code and message unchanged (and the call finished).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson06): implement ChatClient::Join in "
                      "lessons/06-bidi-streaming/chat_client.cc");
}

void ChatClient::ReadLoop() {
  // TODO(lesson06): every ChatMessage to on_message_, in order, until the stream ends.
}

// Contract (chat_client.h): one text, on the caller's thread, while the reader reads.
bool ChatClient::Send(const std::string& text) {
  // TODO(lesson06): send one text; false if the stream is broken.
  return false;
}

// Contract (chat_client.h): a clean leave: everything the server still sends is
// delivered before the call's status is returned.
grpc::Status ChatClient::Leave() {
  // TODO(lesson06): tell the server nothing more is coming, let the reader thread
  // deliver what the server still sends and see the end, then return how the call
  // ended.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson06): implement ChatClient::Leave in "
                      "lessons/06-bidi-streaming/chat_client.cc");
}

}  // namespace lab::chat
