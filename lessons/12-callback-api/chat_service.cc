// Lesson 12, parts 1 to 3: the chat room on reactors, and a unary call answered later.
#include "chat_service.h"

namespace lab::chat {

namespace {

// Given, for the starter only: a reactor that ends the call at once. Delete it once
// your own reactor is in place.
class NotStartedReactor final : public grpc::ServerBidiReactor<ChatRequest, ChatEvent> {
 public:
  NotStartedReactor() {
    Finish(
        grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                     "TODO(lesson12): implement your member reactor and "
                     "ChatServiceImpl::Chat in lessons/12-callback-api/chat_service.cc"));
  }
  void OnDone() override { delete this; }
};

// TODO(lesson12): your member reactor, one per Chat call:
//   class MemberReactor final
//       : public grpc::ServerBidiReactor<ChatRequest, ChatEvent>, public Member {...};
// Its contract (chat_service.h, ChatServiceImpl::Chat):
//   - reads one request at a time (StartRead, then the next from OnReadDone): the Join,
//     then texts relayed with Broadcast(); INVALID_ARGUMENT for a bad one; a half-close
//     or a cancelled call shows up as OnReadDone(false);
//   - Post() queues and returns; at most one StartWrite outstanding, the next started
//     from OnWriteDone; the Joined is the first event written;
//   - Finish exactly once, on every way out (a cancelled call too), after the
//     events already queued are written when the member leaves with a half-close;
//   - out of the room (RemoveMember) before it is destroyed, destroyed after OnDone,
//     holds the LiveCount::Token it is given;
//   - no reaction ever blocks.
// Yours to decide (README, "Decide: who drains, who deletes, what OnCancel does"):
// where the queue is drained, which reaction calls Finish, what OnCancel does, and who
// deletes the reactor.

}  // namespace

// Contract (chat_service.h): a new reactor per member, holding live_.Track().
grpc::ServerBidiReactor<ChatRequest, ChatEvent>* ChatServiceImpl::Chat(
    grpc::CallbackServerContext* /*context*/) {
  // TODO(lesson12): return your member reactor instead.
  return new NotStartedReactor();
}

// Contract (chat_service.h): hands the work to worker_ and returns a reactor at once;
// the worker fills `response` with chat_->StatsOf(room) and finishes the call (OK).
// INVALID_ARGUMENT, at once, for an empty room name.
grpc::ServerUnaryReactor* StatsServiceImpl::GetRoomStats(
    grpc::CallbackServerContext* context, const RoomStatsRequest* /*request*/,
    RoomStats* /*response*/) {
  // TODO(lesson12): implement GetRoomStats.
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                               "TODO(lesson12): implement GetRoomStats in "
                               "lessons/12-callback-api/chat_service.cc"));
  return reactor;
}

}  // namespace lab::chat
