// Lesson 06, parts 1 and 2: a bidirectional stream per member, and many writers.
#include "chat_service.h"

namespace lab::chat {

// Contract (chat_service.h): one member's visit. A valid Join first (INVALID_ARGUMENT
// otherwise), then a Joined as the stream's first event, then every text relayed to
// the others until the client leaves; INVALID_ARGUMENT for an empty text or a second
// Join; out of the room on every way out.
grpc::Status ChatServiceImpl::Chat(grpc::ServerContext* context, ChatStream* stream) {
  // TODO(lesson06): 1. A stream that does not start with a Join naming a room and a
  //                    member ends with INVALID_ARGUMENT, and nobody enters a room.
  // TODO(lesson06): 2. The member enters the room and gets a Joined (the room, everyone
  //                    in it) as its very first event, which no other Write to its
  //                    stream may overtake or overlap. Decide which lock makes that
  //                    true, and over which steps (README).
  // TODO(lesson06): 3. Every text reaches the others in the room (Broadcast) until the
  //                    client leaves or goes away; a bad request ends this stream only.
  // TODO(lesson06): 4. However Chat() returns after step 2, the member leaves the room.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson06): implement ChatServiceImpl::Chat in "
                      "lessons/06-bidi-streaming/chat_service.cc");
}

// Contract (chat_service.h): `event` to every member of `room` but `from`, while other
// handlers do the same: one Write at a time per stream, none to a member who has left,
// and a member who stops reading must not stop the room.
void ChatServiceImpl::Broadcast(const std::string& room, const Member& from,
                                const ChatEvent& event) {
  // TODO(lesson06): write `event` to every other member of the room. Decide which lock
  // each Write needs, and which lock no Write may happen under (README: "Who reads,
  // who writes, where the lock goes").
}

}  // namespace lab::chat
