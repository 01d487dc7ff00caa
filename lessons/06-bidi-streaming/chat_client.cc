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

// Contract (chat_client.h): deadline, Write(Join), read the Joined on this thread,
// then start the reader; on failure return Finish()'s status.
grpc::Status ChatClient::Join(const std::string& room, const std::string& name,
                              std::chrono::milliseconds timeout) {
  // TODO(lesson06): set a deadline on context_, open the stream with
  // stub_->Chat(&context_), Write a ChatRequest whose join has room and name, then
  // Read the first ChatEvent. A Joined: keep its members, start reader_ running
  // ReadLoop(), return OK. Otherwise: read to the end, return stream_->Finish()'s
  // status and reset stream_.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson06): implement ChatClient::Join in "
                      "lessons/06-bidi-streaming/chat_client.cc");
}

void ChatClient::ReadLoop() {
  // TODO(lesson06): Read() until it returns false; on_message_ for each message.
}

// Contract (chat_client.h): one Write on the caller's thread.
bool ChatClient::Send(const std::string& text) {
  // TODO(lesson06): Write a ChatRequest with this text; return what Write returns.
  return false;
}

// Contract (chat_client.h): WritesDone, drain (join the reader), Finish.
grpc::Status ChatClient::Leave() {
  // TODO(lesson06): WritesDone, join reader_, then return stream_->Finish()'s status
  // (and reset stream_).
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson06): implement ChatClient::Leave in "
                      "lessons/06-bidi-streaming/chat_client.cc");
}

}  // namespace lab::chat
