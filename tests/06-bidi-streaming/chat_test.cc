// Lesson 06 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your ChatServiceImpl, joining and talking, with reference members.
//   Part 2: your ChatServiceImpl, members leaving in every way a member can leave.
//   Part 3: your ChatClient, against a reference server.
//   Part 4: your server program, started as a real process.
// Nothing here sleeps: every wait is for an event, with a deadline. Part 1 and 2's
// server runs with a WriteWatch (write_watch.h), an interceptor that records two Writes
// at once on one stream and, where a test asks, holds a Write open to provoke them.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "chat_client.h"
#include "chat_service.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "write_watch.h"

namespace lab::chat {
namespace {

using grpc::StatusCode;
using lab::testing::Describe;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using namespace std::chrono_literals;

// How long a test waits for something to happen (a message, a member leaving) before
// it calls it missing. Far more than a correct solution needs, even under TSan.
constexpr std::chrono::milliseconds kWait = 3000ms;
// How long a test holds one Write open so that a second, unsynchronised Write to the
// same stream meets it (see write_watch.h). Correct code makes the second writer wait
// for the member's lock, so each hold costs a correct solution this much once.
constexpr std::chrono::milliseconds kHold = kWait / 6;
// A Write in flight this long is blocked (by flow control), not just slow.
constexpr std::chrono::milliseconds kStuck = kWait / 15;

std::string Texts(const std::vector<ChatMessage>& messages) {
  std::string out;
  for (const ChatMessage& m : messages) {
    out += (out.empty() ? "" : ", ") + m.sender() + ": \"" + m.text() + "\"";
  }
  return "[" + out + "]";
}

ChatRequest JoinRequest(const std::string& room, const std::string& name) {
  ChatRequest request;
  request.mutable_join()->set_room(room);
  request.mutable_join()->set_name(name);
  return request;
}

ChatRequest TextRequest(const std::string& text) {
  ChatRequest request;
  request.set_text(text);
  return request;
}

// ---------------------------------------------------------------------------------
// A reference member, to test the learner's server: one Chat stream, a reader thread
// collecting every ChatMessage, and the test's thread writing.
class TestMember {
 public:
  explicit TestMember(const std::shared_ptr<grpc::Channel>& channel,
                      std::chrono::milliseconds deadline = lab::testing::kRpcDeadline)
      : stub_(ChatRoom::NewStub(channel)) {
    SetDeadline(context_, deadline);
    stream_ = stub_->Chat(&context_);
  }
  ~TestMember() {
    if (!finished_) {
      context_.TryCancel();
      End();
    }
  }

  // Sends a Join and reads the first event. Success only for a Joined. Without
  // `keep_reading` nothing reads the stream after that: the member stops reading.
  ::testing::AssertionResult Join(const std::string& room, const std::string& name,
                                  bool keep_reading = true) {
    if (!stream_->Write(JoinRequest(room, name))) {
      return ::testing::AssertionFailure()
             << name << "'s Join could not be sent, the stream is already over: "
             << lab::testing::IsOk(End()).message();
    }
    return ReadJoined(name, keep_reading);
  }

  // Reads the first event, after a Join was written. Success only for a Joined.
  ::testing::AssertionResult ReadJoined(const std::string& name,
                                        bool keep_reading = true) {
    ChatEvent first;
    if (!stream_->Read(&first)) {
      return ::testing::AssertionFailure()
             << "the server ended " << name << "'s stream instead of answering the Join "
             << "with a Joined event: " << lab::testing::IsOk(End()).message();
    }
    if (!first.has_joined()) {
      return ::testing::AssertionFailure()
             << "the first event on " << name << "'s stream should be a Joined, got "
             << first.ShortDebugString();
    }
    joined_ = first.joined();
    if (keep_reading) reader_ = std::thread([this] { ReadLoop(); });
    return ::testing::AssertionSuccess();
  }

  // For a member that joined without `keep_reading`: it reads from now on.
  void StartReading() {
    reader_ = std::thread([this] { ReadLoop(); });
  }

  bool Write(const ChatRequest& request) { return stream_->Write(request); }
  bool Send(const std::string& text) { return Write(TextRequest(text)); }

  // Waits until at least `count` messages have arrived, or the stream ended, or kWait.
  bool WaitForMessages(size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, kWait, [&] {
      return messages_.size() >= count || ended_;
    }) && messages_.size() >= count;
  }
  // Waits until the server ends this stream, at most kWait. False if it does not.
  bool WaitForEnd() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, kWait, [&] { return ended_; });
  }
  std::vector<ChatMessage> messages() {
    std::lock_guard<std::mutex> lock(mu_);
    return messages_;
  }

  // Half-closes and returns how the stream ended. The server should end it promptly.
  grpc::Status Leave() {
    stream_->WritesDone();
    if (!WaitForEnd()) {
      ADD_FAILURE() << "the server did not end the stream within " << kWait.count()
                    << " ms of the client's half-close (WritesDone): when Read() returns "
                       "false, Chat() should return";
      context_.TryCancel();
    }
    return End();
  }
  void Cancel() { context_.TryCancel(); }

  // Joins the reader (if any) and finishes the call. Call once the stream is over.
  grpc::Status End() {
    if (finished_) return status_;
    if (reader_.joinable()) {
      reader_.join();
    } else {
      ChatEvent event;
      while (stream_->Read(&event)) {
      }
    }
    finished_ = true;
    status_ = stream_->Finish();
    return status_;
  }

  const Joined& joined() const { return joined_; }

 private:
  void ReadLoop() {
    ChatEvent event;
    while (stream_->Read(&event)) {
      std::lock_guard<std::mutex> lock(mu_);
      if (event.has_message()) messages_.push_back(event.message());
      cv_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mu_);
    ended_ = true;
    cv_.notify_all();
  }

  std::unique_ptr<ChatRoom::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<ChatRequest, ChatEvent>> stream_;
  std::thread reader_;
  Joined joined_;
  bool finished_ = false;
  grpc::Status status_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ChatMessage> messages_;  // guarded by mu_
  bool ended_ = false;                 // guarded by mu_
};

// The learner's service on a real server; members join over loopback. A WriteWatch
// sees every Write the server makes and records two at once on one stream.
class Lesson06Chat : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()) << server_.error(); }
  // Whatever the test was about: no stream may ever have two Writes in flight.
  void TearDown() override {
    if (!overlap_reported_) {
      EXPECT_TRUE(WritesNeverOverlapped());
    }
  }

  std::unique_ptr<TestMember> NewMember() {
    return std::make_unique<TestMember>(server_.NewChannel());
  }
  // A member of `room` named `name`, joined (or a test failure). Returns once the
  // member's handler is done with the Joined (reading again, or returned): the Write
  // of the Joined can finish on the server a moment after the client has it.
  std::unique_ptr<TestMember> JoinAs(const std::string& room, const std::string& name) {
    auto member = NewMember();
    const ::testing::AssertionResult joined = member->Join(room, name);
    EXPECT_TRUE(joined);
    if (joined) watch_.WaitUntilReading(name, 2, kWait);
    return member;
  }
  ::testing::AssertionResult RoomHas(const std::string& room, int count,
                                     const std::string& why) {
    if (service_.WaitForMemberCount(room, count, kWait)) {
      return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "room '" << room << "' should have " << count << " member(s) " << why
           << ", but after " << kWait.count() << " ms it has "
           << service_.MemberCount(room);
  }
  ::testing::AssertionResult WritesNeverOverlapped() {
    const std::vector<WriteWatch::Overlap> overlaps = watch_.overlaps();
    if (overlaps.empty()) return ::testing::AssertionSuccess();
    overlap_reported_ = true;
    const WriteWatch::Overlap& o = overlaps.front();
    auto failure = ::testing::AssertionFailure()
                   << "two Writes at once on " << o.member << "'s stream: " << o.second
                   << " started while " << o.first
                   << " was still being written. gRPC allows one Write in flight per "
                      "stream, and several threads write to each member's stream. ";
    if (o.first == "the Joined event" || o.second == "the Joined event") {
      failure << "The Joined must go out alone and first: hold the new member's lock "
                 "from before AddMember() until the Joined is written, and take that "
                 "same lock for every other Write to the stream (Broadcast() too).";
    } else {
      failure << "Every Write to a member's stream, from any thread, must hold that "
                 "member's write_mu.";
    }
    return failure << " (README: \"Who reads, who writes, where the lock goes\")";
  }

  ChatServiceImpl service_;
  WriteWatch watch_;
  bool overlap_reported_ = false;
  TestServer server_{{&service_},
                     {nullptr, [this](grpc::ServerBuilder& b) { watch_.Install(b); }}};
};

// 1.1 A Join is answered with a Joined event naming the room and everyone in it.
TEST_F(Lesson06Chat, JoinIsAnsweredWithJoined) {
  auto ana = NewMember();
  ASSERT_TRUE(ana->Join("lobby", "ana"));
  EXPECT_EQ(ana->joined().room(), "lobby");
  EXPECT_EQ(std::vector<std::string>(ana->joined().members().begin(),
                                     ana->joined().members().end()),
            std::vector<std::string>{"ana"});
  auto bob = NewMember();
  ASSERT_TRUE(bob->Join("lobby", "bob"));
  EXPECT_EQ(std::vector<std::string>(bob->joined().members().begin(),
                                     bob->joined().members().end()),
            (std::vector<std::string>{"ana", "bob"}))
      << "Joined lists everyone in the room, the new member included (AddMember's "
         "result)";
  EXPECT_EQ(service_.MemberCount("lobby"), 2);
  LAB_EXPECT_OK(bob->Leave());
  LAB_EXPECT_OK(ana->Leave());
}

// 1.2 A stream that does not start with a proper Join ends with INVALID_ARGUMENT and
//     joins nothing.
TEST_F(Lesson06Chat, BadJoinIsInvalidArgument) {
  struct Case {
    const char* what;
    ChatRequest first;
  };
  for (const Case& c : {Case{"a Join with an empty room", JoinRequest("", "ana")},
                        Case{"a Join with an empty name", JoinRequest("lobby", "")},
                        Case{"a text before any Join", TextRequest("hello?")}}) {
    auto member = NewMember();
    member->Write(c.first);
    LAB_EXPECT_CODE(member->End(), StatusCode::INVALID_ARGUMENT)
        << "the stream started with " << c.what
        << ": the caller's mistake, so INVALID_ARGUMENT, before any Joined";
  }
  EXPECT_EQ(service_.MemberCount(""), 0) << "a rejected Join must not enter a room";
  EXPECT_EQ(service_.MemberCount("lobby"), 0) << "a rejected Join must not enter a room";
}

// 1.3 A message reaches every other member of the room, with the sender's name.
TEST_F(Lesson06Chat, MessageReachesEveryOtherMember) {
  auto ana = JoinAs("lobby", "ana");
  auto bob = JoinAs("lobby", "bob");
  auto cyd = JoinAs("lobby", "cyd");
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";
  ASSERT_TRUE(ana->Send("hello, room"));
  for (auto [name, member] : {std::pair{"bob", bob.get()}, std::pair{"cyd", cyd.get()}}) {
    ASSERT_TRUE(member->WaitForMessages(1))
        << name << " got nothing within " << kWait.count()
        << " ms of ana's message: Broadcast() should Write it to every other member";
    std::vector<ChatMessage> got = member->messages();
    EXPECT_EQ(got[0].sender(), "ana") << "sender is the name the sender joined with";
    EXPECT_EQ(got[0].text(), "hello, room");
    EXPECT_EQ(got[0].room(), "lobby");
  }
  LAB_EXPECT_OK(ana->Leave());
  LAB_EXPECT_OK(bob->Leave());
  LAB_EXPECT_OK(cyd->Leave());
}

// 1.4 The sender does not get its own message back.
TEST_F(Lesson06Chat, SenderGetsNoEcho) {
  auto ana = JoinAs("lobby", "ana");
  auto bob = JoinAs("lobby", "bob");
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";
  for (const char* text : {"one", "two", "three"}) {
    ASSERT_TRUE(ana->Send(text))
        << "ana's stream ended while she was still talking: Chat() must keep reading "
           "until Read() returns false";
  }
  ASSERT_TRUE(bob->WaitForMessages(3))
      << "ana sent three messages, bob got " << Texts(bob->messages())
      << ": Chat() should keep reading (while Read() returns true), not stop after one";
  // Leave() waits for the end of ana's stream: anything written to it has arrived.
  LAB_EXPECT_OK(ana->Leave());
  EXPECT_EQ(ana->messages().size(), 0u)
      << "ana received " << Texts(ana->messages())
      << ": her own messages came back to her. Broadcast() skips `from`, the sender.";
  LAB_EXPECT_OK(bob->Leave());
}

// 1.5 Rooms are separate: a message stays in its room.
TEST_F(Lesson06Chat, RoomsAreSeparate) {
  auto ana = JoinAs("red", "ana");
  auto bob = JoinAs("red", "bob");
  auto cyd = JoinAs("blue", "cyd");
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";
  EXPECT_EQ(cyd->joined().members_size(), 1) << "cyd is alone in room 'blue'";
  ASSERT_TRUE(ana->Send("only for red"));
  ASSERT_TRUE(bob->WaitForMessages(1));
  LAB_EXPECT_OK(ana->Leave());
  LAB_EXPECT_OK(bob->Leave());
  LAB_EXPECT_OK(cyd->Leave());
  EXPECT_EQ(cyd->messages().size(), 0u)
      << "cyd, in room 'blue', received " << Texts(cyd->messages())
      << ": send only to MembersOf(room), the sender's room";
}

// 1.6 Two members who speak at once never write to a third member's stream at the same
//     time: whoever writes to a member's stream holds that member's lock.
TEST_F(Lesson06Chat, TwoSendersNeverWriteToOneStreamAtOnce) {
  auto cyd = JoinAs("lobby", "cyd");  // first in the room: both Broadcasts start with cyd
  auto ana = JoinAs("lobby", "ana");
  auto bob = JoinAs("lobby", "bob");
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";
  watch_.HoldNextWriteTo("cyd", kHold);
  ASSERT_TRUE(ana->Send("from ana"));
  ASSERT_TRUE(watch_.WaitUntilHeld("cyd", kWait))
      << "ana's message was never written to cyd's stream: Broadcast() should Write it "
         "to every other member";
  ASSERT_TRUE(bob->Send("from bob"));  // while ana's handler is still writing to cyd
  const bool all_written = watch_.WaitForWritesTo("cyd", 2, kWait) &&
                           watch_.WaitForWritesTo("ana", 1, kWait) &&
                           watch_.WaitForWritesTo("bob", 1, kWait);
  // Nobody leaves before both senders' handlers are back in Read(): a stream must not
  // end while a Write to it may still be running (without the lock nothing waits).
  const bool settled = watch_.WaitUntilReading("ana", 3, kWait) &&
                       watch_.WaitUntilReading("bob", 3, kWait);
  ASSERT_TRUE(WritesNeverOverlapped());
  ASSERT_TRUE(settled) << "ana's and bob's handlers should each read their one text, "
                          "broadcast it and wait for the next request";
  ASSERT_TRUE(all_written) << "cyd's stream should get two messages, one from ana and "
                              "one from bob; ana and bob one each from the other";
  ASSERT_TRUE(cyd->WaitForMessages(2)) << "cyd got " << Texts(cyd->messages());
  std::vector<std::string> texts;
  for (const ChatMessage& m : cyd->messages()) texts.push_back(m.text());
  std::sort(texts.begin(), texts.end());
  EXPECT_EQ(texts, (std::vector<std::string>{"from ana", "from bob"}));
  LAB_EXPECT_OK(ana->Leave());
  LAB_EXPECT_OK(bob->Leave());
  LAB_EXPECT_OK(cyd->Leave());
}

// 1.7 A newcomer's Joined goes out alone and first, even while the room is talking: a
//     message to the newcomer waits until the Joined is written.
TEST_F(Lesson06Chat, JoinedGoesOutAloneAndFirst) {
  auto ana = JoinAs("lobby", "ana");
  ASSERT_FALSE(HasFailure()) << "ana could not join: see the first failure";
  watch_.HoldNextWriteTo("cyd", kHold);
  auto cyd = NewMember();
  ASSERT_TRUE(cyd->Write(JoinRequest("lobby", "cyd")));
  ASSERT_TRUE(watch_.WaitUntilHeld("cyd", kWait))
      << "nothing was written to cyd's stream after her Join: it should get a Joined";
  ASSERT_TRUE(ana->Send("welcome, cyd"));  // cyd is in the room: it goes to her too
  const bool both_written = watch_.WaitForWritesTo("cyd", 2, kWait);
  // Nobody leaves before both handlers are back in Read(): a stream must not end while
  // a Write to it may still be running (without the lock nothing waits).
  const bool settled = watch_.WaitUntilReading("ana", 3, kWait) &&
                       watch_.WaitUntilReading("cyd", 2, kWait);
  ASSERT_TRUE(WritesNeverOverlapped());
  ASSERT_TRUE(settled) << "cyd's handler should wait for her next request after the "
                          "Joined, ana's after broadcasting her one text";
  ASSERT_TRUE(both_written)
      << "cyd's stream should get her Joined, then ana's message: cyd was in the room "
         "(AddMember) before her Joined was written, so ana's Broadcast() includes her";
  ASSERT_TRUE(cyd->ReadJoined("cyd"));
  ASSERT_TRUE(cyd->WaitForMessages(1)) << "cyd never got ana's message";
  EXPECT_EQ(cyd->messages()[0].text(), "welcome, cyd");
  LAB_EXPECT_OK(ana->Leave());
  LAB_EXPECT_OK(cyd->Leave());
}

// 1.8 A member who stops reading does not stop anyone joining: a Write can block for as
//     long as its reader does not read, so no Write happens under the room's lock.
TEST_F(Lesson06Chat, MemberWhoStopsReadingDoesNotBlockJoining) {
  constexpr int kMessages = 16;  // of 16 KB: far more than mute's window holds
  // Without BDP probing mute's client keeps its flow-control window small (64 KB), so
  // a few large messages it does not read are enough to make a Write to it block.
  grpc::ChannelArguments small_window;
  small_window.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  TestMember mute(server_.NewChannel(nullptr, small_window));
  ASSERT_TRUE(mute.Join("lobby", "mute", /*keep_reading=*/false));
  watch_.WaitUntilReading("mute", 2, kWait);  // the Joined's Write has returned
  auto ana = JoinAs("lobby", "ana");
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";
  std::thread talker([&ana] {
    for (int i = 0; i < kMessages; ++i) {
      if (!ana->Send(std::string(16 * 1024, 'a'))) return;
    }
  });
  const bool stuck = watch_.WaitForStuckWrite("mute", kStuck, kWait);
  std::unique_ptr<TestMember> bob;
  ::testing::AssertionResult joined = ::testing::AssertionFailure();
  std::chrono::milliseconds took{0};
  if (stuck) {
    // bob's deadline is kWait: if the server never answers, his call ends then.
    bob = std::make_unique<TestMember>(server_.NewChannel(), kWait);
    const auto start = std::chrono::steady_clock::now();
    joined = bob->Join("lobby", "bob");
    took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (joined) watch_.WaitUntilReading("bob", 2, kWait);
  }
  mute.StartReading();  // the blocked Write completes now, whatever lock it holds
  talker.join();
  EXPECT_TRUE(mute.WaitForMessages(kMessages))
      << "mute, reading again, should get all " << kMessages << " of ana's messages";
  // ana leaves first: once her handler has returned, nothing writes to anyone.
  LAB_EXPECT_OK(ana->Leave());
  if (joined) {
    LAB_EXPECT_OK(bob->Leave());
  }
  LAB_EXPECT_OK(mute.Leave());
  ASSERT_TRUE(stuck)
      << "a Write to mute, who did not read, should have blocked after "
         "about 64 KB of ana's "
      << kMessages
      << " messages of 16 KB; none did. Does ana's handler keep reading and "
         "broadcasting every text (1.3, 1.4)?";
  EXPECT_TRUE(joined)
      << "\nbob asked to join while ana's handler was blocked in a Write to mute, who "
         "stopped reading; after "
      << took.count()
      << " ms he still had no Joined. The room's lock (mu_) was held during that Write, "
         "so AddMember() could not take it. Write with the member's lock only: copy "
         "the member list (MembersOf) and release mu_ before writing.";
}

// 1.9 Four members each send 50 messages at once: everyone gets every other member's
//     messages exactly once, in each sender's order, and never their own.
TEST_F(Lesson06Chat, FourBusyMembersLoseNothingAndKeepOrder) {
  if (WriteWatch::AnySeen()) {
    FAIL() << "not run: an earlier test saw two Writes at once on one stream (see its "
              "message). With that bug this test could crash the whole test program: "
              "fix it first.";
  }
  constexpr int kMembers = 4;
  constexpr int kEach = 50;
  const std::vector<std::string> names = {"ana", "bob", "cyd", "dan"};
  std::vector<std::unique_ptr<TestMember>> members;
  for (const std::string& name : names) members.push_back(JoinAs("busy", name));
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";
  // Every member has its Joined, so every member is in the room: nothing can be missed.
  std::vector<std::thread> senders;
  for (int i = 0; i < kMembers; ++i) {
    senders.emplace_back([&, i] {
      for (int n = 0; n < kEach; ++n) {
        if (!members[i]->Send(names[i] + " " + std::to_string(n))) return;
      }
    });
  }
  for (std::thread& t : senders) t.join();
  const size_t expected = (kMembers - 1) * kEach;
  for (int i = 0; i < kMembers; ++i) {
    EXPECT_TRUE(members[i]->WaitForMessages(expected))
        << names[i] << " got " << members[i]->messages().size() << " of the " << expected
        << " messages the other three sent: Chat() reads until Read() "
        << "returns false, and Broadcast() writes each message to every other member";
  }
  for (int i = 0; i < kMembers; ++i) LAB_EXPECT_OK(members[i]->Leave()) << names[i];

  for (int i = 0; i < kMembers; ++i) {
    std::map<std::string, int> next;  // sender -> the number expected next
    int own = 0;
    for (const ChatMessage& m : members[i]->messages()) {
      if (m.sender() == names[i]) {
        ++own;
        continue;
      }
      const std::string want = m.sender() + " " + std::to_string(next[m.sender()]);
      ASSERT_EQ(m.text(), want)
          << names[i] << " got " << m.sender() << "'s messages out of order or with a "
          << "gap: each sender's messages must arrive in the order they were sent, and "
             "none may be lost";
      ++next[m.sender()];
    }
    EXPECT_EQ(own, 0)
        << names[i] << " got " << own
        << " of their own messages back: Broadcast() skips `from`, the sender";
    for (int j = 0; j < kMembers; ++j) {
      if (j == i) continue;
      EXPECT_EQ(next[names[j]], kEach)
          << names[i] << " got " << next[names[j]] << " of " << names[j] << "'s " << kEach
          << " messages (each exactly once)";
    }
  }
}

// 2.1 A member who half-closes (WritesDone) leaves: the call ends OK, the member is
//     out of the room, and the others keep talking.
TEST_F(Lesson06Chat, HalfCloseLeavesOnlyThatMember) {
  auto ana = JoinAs("lobby", "ana");
  auto bob = JoinAs("lobby", "bob");
  auto cyd = JoinAs("lobby", "cyd");
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";
  LAB_ASSERT_OK(bob->Leave()) << "a member who leaves (WritesDone) ends with OK";
  ASSERT_TRUE(RoomHas("lobby", 2,
                      "after bob left: RemoveMember() when Read() "
                      "returns false"));
  ASSERT_TRUE(ana->Send("bob has gone"));
  ASSERT_TRUE(cyd->WaitForMessages(1)) << "the room should carry on without bob";
  EXPECT_EQ(cyd->messages()[0].text(), "bob has gone");
  LAB_EXPECT_OK(ana->Leave());
  LAB_EXPECT_OK(cyd->Leave());
  EXPECT_TRUE(RoomHas("lobby", 0, "once everyone has left"));
}

// 2.2 A bad message in the middle of a stream (an empty text, a second Join) ends
//     that member's stream with INVALID_ARGUMENT, and only that one.
TEST_F(Lesson06Chat, BadMessageEndsOnlyThatMembersStream) {
  auto ana = JoinAs("lobby", "ana");
  auto bob = JoinAs("lobby", "bob");
  auto cyd = JoinAs("lobby", "cyd");
  auto dan = JoinAs("lobby", "dan");
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";

  ASSERT_TRUE(bob->Send(""));
  ASSERT_TRUE(bob->WaitForEnd()) << "an empty text should end bob's stream";
  LAB_EXPECT_CODE(bob->End(), StatusCode::INVALID_ARGUMENT) << "for an empty text";
  ASSERT_TRUE(RoomHas("lobby", 3,
                      "after bob's stream ended with an error: "
                      "RemoveMember() on the error path too"));

  dan->Write(JoinRequest("lobby", "dan again"));
  ASSERT_TRUE(dan->WaitForEnd()) << "a second Join should end dan's stream";
  LAB_EXPECT_CODE(dan->End(), StatusCode::INVALID_ARGUMENT) << "for a second Join";
  ASSERT_TRUE(RoomHas("lobby", 2, "after dan's second Join was rejected"));

  ASSERT_TRUE(ana->Send("still here"));
  ASSERT_TRUE(cyd->WaitForMessages(1))
      << "one member's error must not end the room for the others";
  EXPECT_EQ(cyd->messages()[0].text(), "still here");
  LAB_EXPECT_OK(ana->Leave());
  LAB_EXPECT_OK(cyd->Leave());
}

// 2.3 A member whose call is cancelled (the client went away) is removed, and the
//     others keep talking.
TEST_F(Lesson06Chat, CancelledMemberIsRemoved) {
  auto ana = JoinAs("lobby", "ana");
  auto bob = JoinAs("lobby", "bob");
  auto cyd = JoinAs("lobby", "cyd");
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";
  bob->Cancel();
  ASSERT_TRUE(RoomHas("lobby", 2,
                      "after bob's call was cancelled: Read() returns "
                      "false then too"));
  ASSERT_TRUE(ana->Send("anyone?"));
  ASSERT_TRUE(cyd->WaitForMessages(1));
  EXPECT_EQ(cyd->messages()[0].text(), "anyone?");
  LAB_EXPECT_OK(ana->Leave());
  LAB_EXPECT_OK(cyd->Leave());
}

// 2.4 Shutting the server down ends every member's stream promptly: no handler is
//     left waiting.
TEST_F(Lesson06Chat, ShutdownEndsEveryStream) {
  auto ana = JoinAs("lobby", "ana");
  auto bob = JoinAs("lobby", "bob");
  auto cyd = JoinAs("other", "cyd");
  ASSERT_FALSE(HasFailure()) << "not everyone got into the room: see the first failure";
  const auto start = std::chrono::steady_clock::now();
  server_.Shutdown(200ms);  // calls still open after 200 ms are cancelled
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, 2s) << "Shutdown() waits for every Chat() to return; after its "
                         "deadline each member's Read() returns false";
  for (TestMember* member : {ana.get(), bob.get(), cyd.get()}) {
    EXPECT_TRUE(member->WaitForEnd()) << "a member's stream is still open after shutdown";
  }
  EXPECT_EQ(service_.MemberCount("lobby"), 0);
  EXPECT_EQ(service_.MemberCount("other"), 0);
}

// ---------------------------------------------------------------------------------
// Part 3: the learner's ChatClient against a reference server that follows a script.
class ScriptedChat final : public ChatRoom::Service {
 public:
  grpc::Status Chat(grpc::ServerContext* context, ChatStream* stream) override {
    ChatRequest request;
    if (!stream->Read(&request)) return grpc::Status::OK;
    grpc::Status reject;
    int greetings = 0;
    {
      std::lock_guard<std::mutex> lock(mu);
      first = request;
      deadline = context->deadline();
      reject = reject_;
      greetings = greetings_;
    }
    const std::string name = request.join().name();
    if (!reject.ok()) return reject;
    ChatEvent event;
    event.mutable_joined()->set_room(request.join().room());
    event.mutable_joined()->add_members("host");
    event.mutable_joined()->add_members(request.join().name());
    if (!stream->Write(event)) return grpc::Status::OK;
    for (int i = 0; i < greetings; ++i) {
      if (!stream->Write(Message("greeting " + std::to_string(i)))) {
        return grpc::Status::OK;
      }
    }
    while (stream->Read(&request)) {
      {
        std::lock_guard<std::mutex> lock(mu);
        texts.push_back(request.text());
      }
      if (request.text() == "close the room") {
        return grpc::Status(StatusCode::ABORTED, "the room was closed");
      }
      stream->Write(Message("got " + request.text()));
    }
    // The client half-closed or went away. After a half-close the server may still
    // write: the client's half of the stream is closed, not the server's.
    const bool cancelled = context->IsCancelled();
    if (!cancelled) stream->Write(Message("bye " + name));
    std::lock_guard<std::mutex> lock(mu);
    ended = true;
    ended_by_cancel = cancelled;
    return grpc::Status::OK;
  }

  static ChatEvent Message(const std::string& text) {
    ChatEvent event;
    event.mutable_message()->set_room("lobby");
    event.mutable_message()->set_sender("host");
    event.mutable_message()->set_text(text);
    return event;
  }

  // Sets what the next call does: end with `reject` right after the Join (if not OK),
  // or send `greetings` messages right after the Joined.
  void Script(grpc::Status reject, int greetings) {
    std::lock_guard<std::mutex> lock(mu);
    reject_ = std::move(reject);
    greetings_ = greetings;
  }

  std::mutex mu;
  // The script.
  grpc::Status reject_;  // guarded by mu
  int greetings_ = 0;    // guarded by mu
  // What the server saw, guarded by mu.
  ChatRequest first;
  std::chrono::system_clock::time_point deadline;
  std::vector<std::string> texts;
  bool ended = false;
  bool ended_by_cancel = false;
};

// The session deadline the client tests pass to Join: short, so that a Leave() that
// never ends the stream fails in 2 s instead of hanging.
constexpr std::chrono::milliseconds kTestSession = 2000ms;

class Lesson06ChatClient : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()) << server_.error(); }

  // A ChatClient whose messages land in received_.
  std::unique_ptr<ChatClient> NewClient() {
    return std::make_unique<ChatClient>(server_.NewChannel(),
                                        [this](const ChatMessage& m) {
                                          std::lock_guard<std::mutex> lock(mu_);
                                          received_.push_back(m.text());
                                          cv_.notify_all();
                                        });
  }
  bool WaitForReceived(size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, kWait, [&] { return received_.size() >= count; });
  }
  std::vector<std::string> Received() {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }
  ::testing::AssertionResult CleanLeave(ChatClient& client) {
    const auto start = std::chrono::steady_clock::now();
    grpc::Status status = client.Leave();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    if (status.ok()) return ::testing::AssertionSuccess();
    if (lab::testing::IsNotStarted(status)) return lab::testing::IsOk(status);
    auto failure = ::testing::AssertionFailure()
                   << "Leave() should end the session with OK, got " << Describe(status)
                   << " after " << ms << " ms.";
    if (status.error_code() == StatusCode::DEADLINE_EXCEEDED) {
      failure << " The server never ended the stream: it ends it when its Read() returns "
                 "false, which needs your half-close. Call stream_->WritesDone() before "
                 "waiting for the reader thread.";
    }
    return failure;
  }

  ScriptedChat service_;
  TestServer server_{{&service_}};
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> received_;  // texts given to on_message, guarded by mu_
};

// 3.1 Join sends a Join with the room and name first, and returns OK once the
//     server's Joined has arrived, keeping its member list.
TEST_F(Lesson06ChatClient, JoinSendsJoinAndWaitsForJoined) {
  auto client = NewClient();
  LAB_ASSERT_OK(client->Join("lobby", "ana", kTestSession));
  EXPECT_EQ(client->members_at_join(), (std::vector<std::string>{"host", "ana"}))
      << "Join returns once the server's Joined has arrived (read it on the caller's "
         "thread, before starting the reader), and keeps its member list";
  EXPECT_TRUE(CleanLeave(*client));
  // The call is over, so the server has seen everything the client sent.
  std::lock_guard<std::mutex> lock(service_.mu);
  ASSERT_TRUE(service_.first.has_join()) << "the first message should be a Join, got {"
                                         << service_.first.ShortDebugString() << "}";
  EXPECT_EQ(service_.first.join().room(), "lobby");
  EXPECT_EQ(service_.first.join().name(), "ana");
}

// 3.2 A Join the server refuses returns the server's status, code and message.
TEST_F(Lesson06ChatClient, JoinReturnsTheServersError) {
  service_.Script(grpc::Status(StatusCode::PERMISSION_DENIED, "members only"), 0);
  auto client = NewClient();
  grpc::Status status = client->Join("vip", "ana", kTestSession);
  if (lab::testing::IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
  EXPECT_EQ(status.error_code(), StatusCode::PERMISSION_DENIED)
      << "a refused Join must return the server's status: read the first event in "
         "Join and, when the stream ends instead of a Joined, return Finish()'s status; "
         "got "
      << Describe(status);
  EXPECT_EQ(status.error_message(), "members only");
}

// 3.3 Every message the server sends is handed to on_message, in order.
TEST_F(Lesson06ChatClient, DeliversEveryMessageInOrder) {
  service_.Script(grpc::Status::OK, 20);
  auto client = NewClient();
  LAB_ASSERT_OK(client->Join("lobby", "ana", kTestSession));
  ASSERT_TRUE(WaitForReceived(20))
      << "on_message got " << Received().size() << " of the 20 messages the server "
      << "sent: the reader thread should Read() until it returns false";
  std::vector<std::string> got = Received();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(got[i], "greeting " + std::to_string(i));
  EXPECT_TRUE(CleanLeave(*client));
}

// 3.4 Send works while the reader thread receives: both directions at once.
TEST_F(Lesson06ChatClient, SendsWhileReceiving) {
  service_.Script(grpc::Status::OK, 30);
  auto client = NewClient();
  LAB_ASSERT_OK(client->Join("lobby", "ana", kTestSession));
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(client->Send("line " + std::to_string(i))) << "Send #" << i << " failed";
  }
  ASSERT_TRUE(WaitForReceived(60))
      << "got " << Received().size() << " of 30 greetings + 30 answers";
  std::vector<std::string> answers;
  for (const std::string& text : Received()) {
    if (text.rfind("got ", 0) == 0) answers.push_back(text);
  }
  ASSERT_EQ(answers.size(), 30u);
  for (int i = 0; i < 30; ++i) EXPECT_EQ(answers[i], "got line " + std::to_string(i));
  std::lock_guard<std::mutex> lock(service_.mu);
  ASSERT_EQ(service_.texts.size(), 30u);
  for (int i = 0; i < 30; ++i) EXPECT_EQ(service_.texts[i], "line " + std::to_string(i));
}

// 3.5 Leave half-closes, receives what the server still sends, and returns OK.
TEST_F(Lesson06ChatClient, LeaveHalfClosesDrainsAndReturnsOk) {
  auto client = NewClient();
  LAB_ASSERT_OK(client->Join("lobby", "ana", kTestSession));
  ASSERT_TRUE(CleanLeave(*client));
  // No waiting here: Leave() returns only after the reader has seen the end.
  EXPECT_EQ(Received(), std::vector<std::string>{"bye ana"})
      << "the server's last message, sent after your half-close, must reach on_message "
         "before Leave() returns: join the reader thread before Finish()";
  std::lock_guard<std::mutex> lock(service_.mu);
  EXPECT_TRUE(service_.ended);
  EXPECT_FALSE(service_.ended_by_cancel)
      << "the server saw a cancelled call, not a half-close: leave with WritesDone()";
}

// 3.6 When the server ends the stream with an error, Leave returns that error.
TEST_F(Lesson06ChatClient, LeaveReturnsTheServersError) {
  auto client = NewClient();
  LAB_ASSERT_OK(client->Join("lobby", "ana", kTestSession));
  client->Send("close the room");
  grpc::Status status = client->Leave();
  if (lab::testing::IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
  EXPECT_EQ(status.error_code(), StatusCode::ABORTED)
      << "Leave must return Finish()'s status, got " << Describe(status);
  EXPECT_EQ(status.error_message(), "the room was closed");
}

// 3.7 Join gives the whole stream a deadline `timeout` from the start of Join: the
//     server sees the deadline the caller asked for.
TEST_F(Lesson06ChatClient, JoinSetsTheSessionDeadline) {
  using std::chrono::milliseconds;
  // Two different timeouts: a deadline that ignores the argument fails one of them.
  for (const milliseconds timeout : {milliseconds(1500), milliseconds(4000)}) {
    SCOPED_TRACE("Join(..., timeout = " + std::to_string(timeout.count()) + " ms)");
    auto client = NewClient();
    const auto before = std::chrono::system_clock::now();
    LAB_ASSERT_OK(client->Join("lobby", "ana", timeout));
    const auto after = std::chrono::system_clock::now();
    EXPECT_TRUE(CleanLeave(*client));
    std::chrono::system_clock::time_point deadline;
    {
      std::lock_guard<std::mutex> lock(service_.mu);  // the call is over: it is recorded
      deadline = service_.deadline;
    }
    EXPECT_TRUE(lab::testing::DeadlineFollowsTimeout(deadline, before, after, timeout))
        << "(the Chat stream's deadline, set on context_ before the call starts)";
  }
}

// ---------------------------------------------------------------------------------
// Part 4: the server program (run.cc is given; your service runs inside it).

// 4.1 build/bin/lesson06_server relays between members, and on SIGTERM ends their
//     streams and exits 0.
TEST(Lesson06ChatProgram, ServerBinaryRelaysAndStopsCleanly) {
  lab::testing::ServerProcess process(lab::testing::MainPath("server"));
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  auto channel =
      grpc::CreateChannel(process.address(), grpc::InsecureChannelCredentials());
  TestMember ana(channel);
  TestMember bob(channel);
  ASSERT_TRUE(ana.Join("lobby", "ana"));
  ASSERT_TRUE(bob.Join("lobby", "bob"));
  ASSERT_TRUE(ana.Send("over the wire"));
  ASSERT_TRUE(bob.WaitForMessages(1));
  EXPECT_EQ(bob.messages()[0].text(), "over the wire");
  EXPECT_EQ(process.Stop(), "exit 0")
      << "the server should shut down cleanly with members still connected\n"
      << process.output();
  EXPECT_TRUE(ana.WaitForEnd());
  EXPECT_TRUE(bob.WaitForEnd());
}

}  // namespace
}  // namespace lab::chat
