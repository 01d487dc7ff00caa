// Contract for lesson 06's chat server. Given: do not edit. Your work is in
// chat_service.cc (Chat and Broadcast); the room bookkeeping below is given, in
// chat_rooms.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chat.grpc.pb.h"

namespace lab::chat {

// The server's end of one member's stream: it reads ChatRequests and writes ChatEvents.
using ChatStream = grpc::ServerReaderWriter<ChatEvent, ChatRequest>;

// One member of one room: a person with an open Chat stream.
//
// Who touches a member's stream:
//   - Read():  only the member's own handler thread (the Chat call that joined it).
//   - Write(): the member's own handler (the Joined event) AND the handler threads of
//              every other member of the room (their messages), possibly all at once.
// gRPC allows one Write in flight per stream. Which lock makes that true, and where
// it is taken, is yours to decide: see the README, "Who reads, who writes, where the
// lock goes".
struct Member {
  Member(std::string member_name, ChatStream* member_stream)
      : name(std::move(member_name)), stream(member_stream) {}

  const std::string name;

  // This member's own lock. RemoveMember() takes it to set `stream` to nullptr.
  std::mutex write_mu;
  // The member's stream, or nullptr once the member has left: the stream belongs to the
  // member's Chat call and is destroyed when that call returns, so nobody may write to
  // it afterwards. RemoveMember() sets it to nullptr.
  ChatStream* stream;  // guarded by write_mu
};

// Implements ChatRoom from proto/chat.proto. The sync server runs each Chat call on its
// own thread, so several calls run at once and share the rooms below.
class ChatServiceImpl final : public ChatRoom::Service {
 public:
  // One member's visit, from Join to leaving.
  //   1. The first request must be a Join with a non-empty room and name; otherwise
  //      return INVALID_ARGUMENT (the member never enters a room). A client that
  //      half-closes before sending anything has simply left: return OK.
  //   2. Enter the room (AddMember) and write a Joined event (room + member names).
  //      Other handlers may write to this stream as soon as AddMember returns; the
  //      Joined must still be the first event, and never in flight together with
  //      another Write.
  //   3. Then, for every request until Read() returns false: a non-empty text is sent
  //      to every OTHER member of the room as a ChatMessage (room, sender = this
  //      member's name, text) through Broadcast(). An empty text or a second Join is
  //      INVALID_ARGUMENT and ends this member's stream only.
  //   4. Read() returns false when the client half-closed (WritesDone: it is leaving)
  //      or the call was cancelled (client gone, deadline, server shutting down).
  //      Return OK then.
  // On every way out after step 2 (OK or error) the member leaves its room:
  // RemoveMember(). The room and the other members carry on.
  grpc::Status Chat(grpc::ServerContext* context, ChatStream* stream) override;

  // How many members `room` has now. Thread-safe.
  int MemberCount(const std::string& room);

  // Waits until `room` has exactly `count` members, at most `timeout`. True if it got
  // there. Thread-safe. (Tests use it: joining and leaving happen on other threads.)
  bool WaitForMemberCount(const std::string& room, int count,
                          std::chrono::milliseconds timeout);

 private:
  // Writes `event` to every member of `room` except `from`. Runs on many handler
  // threads at once, so:
  //   - never two Writes in flight on one member's stream;
  //   - never a Write to a member whose stream is already nullptr (it has left);
  //   - a Write blocks for as long as its reader does not read (flow control): a
  //     member who stops reading must not stop others from joining or leaving.
  // A failed Write means that member is leaving: its own handler removes it, so carry
  // on with the others.
  void Broadcast(const std::string& room, const Member& from, const ChatEvent& event);

  // --- Given (chat_rooms.cc) ---------------------------------------------------------
  // Puts `member` in `room` and returns the names of everyone in it now, `member`
  // included, in the order they joined.
  std::vector<std::string> AddMember(const std::string& room,
                                     std::shared_ptr<Member> member);
  // Takes `member` out of `room`, then sets member->stream to nullptr under its
  // write_mu (so it waits while another thread holds that lock). Safe to call more
  // than once.
  void RemoveMember(const std::string& room, const std::shared_ptr<Member>& member);
  // A copy of the room's member list, taken under mu_; it stays valid after mu_ is
  // released (the shared_ptrs keep the members alive).
  std::vector<std::shared_ptr<Member>> MembersOf(const std::string& room);

  std::mutex mu_;                    // guards rooms_
  std::condition_variable changed_;  // notified whenever a room's members change
  std::map<std::string, std::vector<std::shared_ptr<Member>>> rooms_;
};

}  // namespace lab::chat
