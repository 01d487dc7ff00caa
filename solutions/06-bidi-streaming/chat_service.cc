// Lesson 06, parts 1 and 2: a bidirectional stream per member, and many writers.
#include "chat_service.h"

#include <functional>

namespace lab::chat {

namespace {

// Removes a member from its room when it goes out of scope, so that every return
// from Chat() after joining (OK, error, cancellation) leaves the room.
class LeaveOnExit {
 public:
  explicit LeaveOnExit(std::function<void()> leave) : leave_(std::move(leave)) {}
  ~LeaveOnExit() { leave_(); }
  LeaveOnExit(const LeaveOnExit&) = delete;
  LeaveOnExit& operator=(const LeaveOnExit&) = delete;

 private:
  std::function<void()> leave_;
};

}  // namespace

// Contract (chat_service.h): one member's visit. A valid Join first (INVALID_ARGUMENT
// otherwise), then a Joined as the stream's first event, then every text relayed to
// the others until the client leaves; INVALID_ARGUMENT for an empty text or a second
// Join; out of the room on every way out.
grpc::Status ChatServiceImpl::Chat(grpc::ServerContext* /*context*/, ChatStream* stream) {
  ChatRequest request;
  if (!stream->Read(&request)) return grpc::Status::OK;  // left without a word
  if (!request.has_join()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the first message on a chat stream must be a Join");
  }
  const std::string room = request.join().room();
  if (room.empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "Join needs a room name");
  }
  if (request.join().name().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "Join needs your name");
  }

  auto member = std::make_shared<Member>(request.join().name(), stream);
  LeaveOnExit leave([&] { RemoveMember(room, member); });
  {
    // Others may write to this stream as soon as AddMember returns. Holding our own
    // write_mu until the Joined is out keeps it the first event on the stream.
    std::lock_guard<std::mutex> lock(member->write_mu);
    std::vector<std::string> names = AddMember(room, member);
    ChatEvent event;
    Joined* joined = event.mutable_joined();
    joined->set_room(room);
    for (std::string& name : names) joined->add_members(std::move(name));
    if (!stream->Write(event)) return grpc::Status::OK;  // already gone
  }

  // This thread is the only reader of `stream`. Read() blocks until the next message,
  // and returns false once the client half-closes or the call is cancelled.
  while (stream->Read(&request)) {
    if (request.has_join()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "already in room '" + room + "': Join only once per stream");
    }
    if (request.text().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "an empty text: there is nothing to send");
    }
    ChatEvent event;
    ChatMessage* message = event.mutable_message();
    message->set_room(room);
    message->set_sender(member->name);
    message->set_text(request.text());
    Broadcast(room, *member, event);
  }
  return grpc::Status::OK;
}

// Contract (chat_service.h): `event` to every member of `room` but `from`, while other
// handlers do the same: one Write at a time per stream, none to a member who has left,
// and a member who stops reading must not stop the room.
void ChatServiceImpl::Broadcast(const std::string& room, const Member& from,
                                const ChatEvent& event) {
  // A copy of the list, so mu_ is not held while writing: a Write blocks for as long as
  // its reader does not read, and under mu_ it would stop every Join and Leave.
  for (const std::shared_ptr<Member>& member : MembersOf(room)) {
    if (member.get() == &from) continue;  // the sender already knows what it said
    std::lock_guard<std::mutex> lock(member->write_mu);  // one Write at a time per stream
    if (member->stream == nullptr) continue;  // left after MembersOf() copied the list
    // false: that member's call is over; its own handler is about to remove it.
    member->stream->Write(event);
  }
}

}  // namespace lab::chat
