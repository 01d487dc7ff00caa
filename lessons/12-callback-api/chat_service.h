// Contract for lesson 12's chat server: lesson 06's chat room, on gRPC's callback API.
// Given: do not edit. Your work is in chat_service.cc (your member reactor,
// ChatServiceImpl::Chat and StatsServiceImpl::GetRoomStats); the rooms, the live
// reactor count and the stats worker below are given, in chat_rooms.cc.
// Your member reactor derives from grpc::ServerBidiReactor<ChatRequest, ChatEvent>
// (gRPC's own class, grpcpp/support/server_callback.h) and from Member below.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "chat.grpc.pb.h"
#include "chat_stats.grpc.pb.h"

namespace lab::chat {

// How many reactors are alive. Each reactor you create holds a Token as a member: the
// count goes up when the reactor is constructed and down when it is destroyed. After
// every member has left, it must come back to 0: a reactor nobody deletes is a leak.
class LiveCount {
 public:
  class Token {
   public:
    explicit Token(LiveCount* count) : count_(count) { count_->Add(+1); }
    ~Token() {
      if (count_ != nullptr) count_->Add(-1);
    }
    Token(Token&& other) noexcept : count_(other.count_) { other.count_ = nullptr; }
    Token(const Token&) = delete;
    Token& operator=(const Token&) = delete;
    Token& operator=(Token&&) = delete;

   private:
    LiveCount* count_;
  };

  Token Track() { return Token(this); }
  int value();
  // Waits until the count is 0, at most `timeout`. True if it got there.
  bool WaitForZero(std::chrono::milliseconds timeout);

 private:
  void Add(int delta);

  std::mutex mu_;
  std::condition_variable changed_;
  int count_ = 0;  // guarded by mu_
};

// One member of a room, as the rooms see it. Your member reactor implements it.
class Member {
 public:
  virtual ~Member() = default;
  // The name the member joined with. Must not change while the member is in a room.
  virtual const std::string& name() const = 0;
  // Queues `event` for this member and returns at once. Never blocks, never waits for a
  // write: it is called from OTHER members' reactions, while the rooms' lock is held.
  virtual void Post(const ChatEvent& event) = 0;
  // How many events wait in this member's queue, not yet written. Also called with the
  // rooms' lock held.
  virtual std::int64_t Backlog() = 0;
};

// Implements ChatRoom from proto/chat.proto, with the callback API: gRPC calls Chat()
// once per member and drives the returned reactor from its own threads. Nothing here
// may block a gRPC thread.
class ChatServiceImpl final : public ChatRoom::CallbackService {
 public:
  // One member's visit. Returns a new reactor (yours: a
  // grpc::ServerBidiReactor<ChatRequest, ChatEvent> that is also a Member, holding a
  // live_.Track() token) that behaves exactly like lesson 06's Chat handler:
  //   1. The first request must be a Join with a non-empty room and name; otherwise the
  //      stream ends with INVALID_ARGUMENT (never in a room). A client that half-closes
  //      before sending anything has simply left: OK.
  //   2. It enters the room (AddMember) and the Joined event (room + member names) is
  //      the stream's first event, even though others may Post to it as soon as
  //      AddMember returns.
  //   3. Every non-empty text goes to every OTHER member as a ChatMessage (room, sender,
  //      text) through Broadcast(). An empty text or a second Join is INVALID_ARGUMENT
  //      and ends this member's stream only.
  //   4. A half-close (the client's WritesDone) ends the stream with OK once the events
  //      already queued for the member are written; a cancelled call ends at once.
  // Rules of gRPC's callback API, all graded:
  //   - no reaction ever blocks (no waiting for a write, a lock held by a slow member,
  //     a condition variable): a member who stops reading must not delay the others;
  //   - each member's outgoing events wait in a queue; at most one StartWrite
  //     outstanding per stream, the next one started from OnWriteDone. gRPC aborts the
  //     whole process on a second outstanding StartWrite;
  //   - Finish exactly once, on every way out, a cancelled call included (gRPC aborts
  //     the process on a second Finish; without one, OnDone never comes);
  //   - the reactor leaves its room (RemoveMember) before it is destroyed, and it is
  //     destroyed once gRPC calls OnDone: that is the last reaction.
  grpc::ServerBidiReactor<ChatRequest, ChatEvent>* Chat(
      grpc::CallbackServerContext* context) override;

  // Thread-safe, for tests and the stats service.
  int MemberCount(const std::string& room);
  bool WaitForMemberCount(const std::string& room, int count,
                          std::chrono::milliseconds timeout);
  RoomStats StatsOf(const std::string& room);  // members and queued events, now

  LiveCount& live() { return live_; }

  // --- Given (chat_rooms.cc), for your reactor ---------------------------------------
  // Puts `member` in `room`; returns everyone's names in it now, in the order they
  // joined, `member` included. From its return on, other members may Post to `member`.
  std::vector<std::string> AddMember(const std::string& room, Member* member);
  // Takes `member` out of `room`. Once it returns, nobody will Post to `member` again,
  // so the member may then be destroyed. Safe to call more than once.
  void RemoveMember(const std::string& room, Member* member);
  // Posts `event` to every member of `room` except `from`, with the rooms' lock held
  // (so no member can be removed, and destroyed, meanwhile).
  void Broadcast(const std::string& room, const Member* from, const ChatEvent& event);

 private:
  std::mutex mu_;                    // the rooms' lock: guards rooms_
  std::condition_variable changed_;  // notified whenever a room's members change
  std::map<std::string, std::vector<Member*>> rooms_;
  LiveCount live_;
};

// One thread that runs tasks in the order they were posted. The stats service hands
// its work to it so that gRPC's threads never wait for a room.
class Worker {
 public:
  Worker();
  ~Worker();  // runs the tasks still queued, then joins the thread
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  void Post(std::function<void()> task);

 private:
  void Run();
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::thread thread_;
};

// Implements ChatStats from proto/chat_stats.proto.
class StatsServiceImpl final : public ChatStats::CallbackService {
 public:
  explicit StatsServiceImpl(ChatServiceImpl* chat) : chat_(chat) {}

  // Answers with chat_->StatsOf(room), worked out on worker_, not on the calling
  // thread: the handler hands the work to worker_ and returns a reactor at once; the
  // worker fills `response` and finishes the call (OK). An empty room name is
  // INVALID_ARGUMENT, answered at once.
  grpc::ServerUnaryReactor* GetRoomStats(grpc::CallbackServerContext* context,
                                         const RoomStatsRequest* request,
                                         RoomStats* response) override;

  Worker& worker() { return worker_; }

 private:
  ChatServiceImpl* chat_;
  Worker worker_;
};

}  // namespace lab::chat
