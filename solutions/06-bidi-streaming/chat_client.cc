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
  // The deadline covers the whole stream: a session that outlives it is cut off.
  context_.set_deadline(std::chrono::system_clock::now() + timeout);
  stream_ = stub_->Chat(&context_);

  ChatRequest request;
  request.mutable_join()->set_room(room);
  request.mutable_join()->set_name(name);
  ChatEvent event;
  // A failed Write means the call is already over, and Read() fails too: one check
  // after both is enough. Finish() below says what ended the call.
  const bool got_event = stream_->Write(request) && stream_->Read(&event);
  if (got_event && event.has_joined()) {
    members_at_join_.assign(event.joined().members().begin(),
                            event.joined().members().end());
    reader_ = std::thread([this] { ReadLoop(); });
    return grpc::Status::OK;
  }
  // Something other than Joined came first: the server is not following the contract.
  // Cancel rather than wait for a stream that may never end.
  if (got_event) context_.TryCancel();
  // Finish() wants every incoming message read first.
  while (stream_->Read(&event)) {
  }
  grpc::Status status = stream_->Finish();
  stream_.reset();
  if (status.ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "the server ended the stream without a Joined event");
  }
  return status;
}

void ChatClient::ReadLoop() {
  ChatEvent event;
  while (stream_->Read(&event)) {
    if (event.has_message()) on_message_(event.message());
  }
}

// Contract (chat_client.h): one text, on the caller's thread, while the reader reads.
bool ChatClient::Send(const std::string& text) {
  if (stream_ == nullptr) return false;
  ChatRequest request;
  request.set_text(text);
  return stream_->Write(request);
}

// Contract (chat_client.h): a clean leave: everything the server still sends is
// delivered before the call's status is returned.
grpc::Status ChatClient::Leave() {
  if (stream_ == nullptr) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "not in a room");
  }
  // Half-close: the server's Read() returns false, its handler returns, and the
  // stream ends. Without this the server waits for more and so would we.
  stream_->WritesDone();
  if (reader_.joinable()) reader_.join();  // everything the server sent is delivered
  grpc::Status status = stream_->Finish();
  stream_.reset();
  return status;
}

}  // namespace lab::chat
