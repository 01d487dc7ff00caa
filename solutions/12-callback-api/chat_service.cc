// Lesson 12, parts 1 to 3: the chat room on reactors, and a unary call answered later.
#include "chat_service.h"

#include <optional>

namespace lab::chat {

namespace {

grpc::Status InvalidArgument(const std::string& why) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, why);
}

// One member's stream. gRPC runs its reactions on its own threads, some at the same
// time (a read and a write completing together), and other members' reactions call
// Post(). Reads form one chain (one StartRead at a time), so name_ and room_, written
// only in that chain before the member joins, need no lock; the write side (queue_ and
// the flags after it) is shared and lives under mu_.
class MemberReactor final : public grpc::ServerBidiReactor<ChatRequest, ChatEvent>,
                            public Member {
 public:
  MemberReactor(ChatServiceImpl* service, LiveCount::Token token)
      : service_(service), token_(std::move(token)) {
    StartRead(&request_);
  }

  const std::string& name() const override { return name_; }

  // Called by other members' reactions with the rooms' lock held: queue, never wait.
  void Post(const ChatEvent& event) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (finishing_ || write_failed_) return;  // on its way out: nobody will read it
    queue_.push_back(event);
    WriteNextLocked();
  }

  std::int64_t Backlog() override {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<std::int64_t>(queue_.size());
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // half-closed (leaving) or cancelled: either way, no more requests
      Leave(grpc::Status::OK);
      return;
    }
    grpc::Status status = room_.empty() ? OnJoin() : OnText();
    if (!status.ok()) {
      Leave(status);
      return;
    }
    StartRead(&request_);
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mu_);
    writing_ = false;
    queue_.pop_front();  // written (or never will be): its turn is over
    if (!ok) {           // the call is over; nothing more will be written
      write_failed_ = true;
      queue_.clear();
    }
    WriteNextLocked();
    FinishIfDrainedLocked();
  }

  // The call is cancelled (client gone, deadline, server stopping). The read chain will
  // see OnReadDone(false) and leave the room; Finish is still ours to call, once.
  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!finish_status_) finish_status_ = grpc::Status::CANCELLED;
    finishing_ = true;
    // Nothing queued will be written now, except the write already outstanding: its
    // event stays in place until gRPC is done with it (OnWriteDone pops it).
    queue_.resize(writing_ ? 1 : 0);
    FinishIfDrainedLocked();
  }

  // The last reaction: nothing of gRPC's refers to this reactor any more.
  void OnDone() override {
    LeaveRoom();  // already done by the read chain; a safety net costs nothing
    delete this;
  }

 private:
  grpc::Status OnJoin() {
    if (!request_.has_join()) {
      return InvalidArgument("the first message on a chat stream must be a Join");
    }
    if (request_.join().room().empty()) return InvalidArgument("Join needs a room name");
    if (request_.join().name().empty()) return InvalidArgument("Join needs your name");
    name_ = request_.join().name();
    room_ = request_.join().room();
    std::vector<std::string> names = service_->AddMember(room_, this);
    ChatEvent event;
    event.mutable_joined()->set_room(room_);
    for (std::string& name : names) event.mutable_joined()->add_members(std::move(name));
    // Others may have posted already, but nothing was written before `joined_`: the
    // Joined goes in front of their events.
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_front(std::move(event));
    joined_ = true;
    WriteNextLocked();
    return grpc::Status::OK;
  }

  grpc::Status OnText() {
    if (request_.has_join()) {
      return InvalidArgument("already in room '" + room_ +
                             "': Join only once per stream");
    }
    if (request_.text().empty()) return InvalidArgument("an empty text: nothing to send");
    ChatEvent event;
    event.mutable_message()->set_room(room_);
    event.mutable_message()->set_sender(name_);
    event.mutable_message()->set_text(request_.text());
    service_->Broadcast(room_, this, event);
    return grpc::Status::OK;
  }

  // Out of the room first (no new events after this), then Finish once the events
  // already queued are written.
  void Leave(grpc::Status status) {
    LeaveRoom();
    std::lock_guard<std::mutex> lock(mu_);
    if (!finish_status_) finish_status_ = std::move(status);
    finishing_ = true;
    FinishIfDrainedLocked();
  }

  void LeaveRoom() {
    if (!room_.empty()) service_->RemoveMember(room_, this);
  }

  // Starts the next write if none is outstanding. The event stays at the front of
  // queue_ (a deque: pushing at either end keeps it where it is) until it is written.
  void WriteNextLocked() {
    if (writing_ || finished_ || !joined_ || queue_.empty() || write_failed_) return;
    writing_ = true;
    StartWrite(&queue_.front());
  }

  void FinishIfDrainedLocked() {
    if (!finishing_ || finished_ || writing_ || !finish_status_) return;
    finished_ = true;
    Finish(*finish_status_);
  }

  ChatServiceImpl* const service_;
  const LiveCount::Token token_;
  ChatRequest request_;  // the read in progress
  std::string name_;     // set by the Join, then constant
  std::string room_;     // set by the Join, then constant

  std::mutex mu_;  // guards everything below
  std::deque<ChatEvent> queue_;
  bool joined_ = false;   // the Joined is queued: writes may start
  bool writing_ = false;  // a StartWrite is outstanding (for queue_.front())
  bool write_failed_ = false;
  bool finishing_ = false;  // no new events; Finish once the queue is drained
  bool finished_ = false;   // Finish has been called
  std::optional<grpc::Status> finish_status_;
};

}  // namespace

// Contract (chat_service.h): one reactor per member; it deletes itself in OnDone.
grpc::ServerBidiReactor<ChatRequest, ChatEvent>* ChatServiceImpl::Chat(
    grpc::CallbackServerContext* /*context*/) {
  return new MemberReactor(this, live_.Track());
}

// Contract (chat_service.h): the answer is produced on the worker, which finishes the
// call; the handler returns at once.
grpc::ServerUnaryReactor* StatsServiceImpl::GetRoomStats(
    grpc::CallbackServerContext* context, const RoomStatsRequest* request,
    RoomStats* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (request->room().empty()) {
    reactor->Finish(InvalidArgument("GetRoomStats needs a room name"));
    return reactor;
  }
  // request and response stay valid until the call is finished: the worker may use them.
  worker_.Post([this, reactor, request, response] {
    *response = chat_->StatsOf(request->room());
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

}  // namespace lab::chat
