// Lesson 06, parts 1 and 2: a bidirectional stream per member, and many writers.
#include "chat_service.h"

namespace lab::chat {

// Contract (chat_service.h): Join first (INVALID_ARGUMENT if missing or empty), a
// Joined event, then broadcast each text to the others until Read() returns false;
// INVALID_ARGUMENT for an empty text or a second Join; always RemoveMember on the way
// out.
grpc::Status ChatServiceImpl::Chat(grpc::ServerContext* context, ChatStream* stream) {
  // TODO(lesson06): 1. stream->Read() the first request and check it is a Join with a
  //                    room and a name (INVALID_ARGUMENT otherwise).
  // TODO(lesson06): 2. make a std::shared_ptr<Member>; with its write_mu held, AddMember
  //                    and stream->Write() a Joined event.
  // TODO(lesson06): 3. loop on stream->Read(): check each text, Broadcast() it as a
  //                    ChatMessage from this member.
  // TODO(lesson06): 4. RemoveMember() on every return after step 2.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson06): implement ChatServiceImpl::Chat in "
                      "lessons/06-bidi-streaming/chat_service.cc");
}

// Contract (chat_service.h): one Write at a time per stream, under that member's
// write_mu; never to `from`, never to a member whose stream is nullptr.
void ChatServiceImpl::Broadcast(const std::string& room, const Member& from,
                                const ChatEvent& event) {
  // TODO(lesson06): for each member of MembersOf(room) except `from`: lock its
  // write_mu, and if its stream is still there, Write the event.
}

}  // namespace lab::chat
