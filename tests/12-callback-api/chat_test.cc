// Lesson 12 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your reactors, joining, talking and leaving, with reference members.
//   Part 2: your reactors under load: 200 members on 4 threads, a member who stops
//           reading.
//   Part 3: your GetRoomStats, answered later on the stats worker.
//   Part 4: your ChatClient, against a reference (sync) server.
//   Part 5: your server program, started as a real process.
// Nothing here sleeps: every wait is for an event, with a deadline. The reference
// members are ClientBidiReactors too (TestMember, below), so 200 of them need no thread
// each.
#include <grpcpp/resource_quota.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "chat_client.h"
#include "chat_service.h"
#include "lab/process.h"
#include "lab/testing.h"

namespace lab::chat {
namespace {

using grpc::StatusCode;
using lab::testing::Describe;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// How long a test waits for something to happen (a message, a member leaving) before it
// calls it missing. Far more than a correct solution needs, even under TSan.
constexpr std::chrono::milliseconds kWait = 3000ms;
// The deadline of a reference member's call: a stream the server never finishes ends
// with DEADLINE_EXCEEDED here, well before the harness calls the test hung.
constexpr std::chrono::milliseconds kCallDeadline = 2 * kWait;
// The thread cap of part 2 (ResourceQuota::SetMaxThreads), and the members it must hold.
constexpr int kMaxThreads = 4;
constexpr int kCrowd = 200;

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

std::string Texts(const std::vector<ChatMessage>& messages) {
  std::string out;
  for (const ChatMessage& m : messages) {
    out +=
        (out.empty() ? "" : ", ") + m.sender() + ": \"" + m.text().substr(0, 20) + "\"";
  }
  return "[" + out + "]";
}

// Set once gRPC's threads in this process are seen stuck: a reference member's cancelled
// call did not reach OnDone within kWait. That happens when reactions never return (a
// reaction that waits for a write needs a gRPC thread to report that write, and all of
// them are waiting). From then on nothing is torn down (a reactor gRPC may still call
// must not be freed, a server with stuck calls cannot shut down): the objects are left
// to the process's end, and the tests that follow fail at once instead of hanging.
std::atomic<bool> g_stuck{false};
// Set once a death test's child process was killed by a signal: gRPC aborted it for a
// misuse of the API (see Lesson12CallbackChatDeathTest). The learner's reactors would
// abort this process too, so the tests that follow are not run.
std::atomic<bool> g_aborted{false};

// ---------------------------------------------------------------------------------
// A reference member: one Chat call driven by a ClientBidiReactor. The test's thread
// queues writes (one outstanding at a time) and waits for what the reactions record.
// With `reads` false it stops reading after the Joined, like a client that hangs.
class TestMember : public grpc::ClientBidiReactor<ChatRequest, ChatEvent> {
 public:
  TestMember(ChatRoom::Stub* stub, const ChatRequest& first, bool reads = true,
             std::chrono::milliseconds deadline = kCallDeadline)
      : reads_(reads) {
    SetDeadline(context_, deadline);
    stub->async()->Chat(&context_, this);
    outgoing_.push_back(first);
    writing_ = true;
    StartWrite(&outgoing_.front());
    StartRead(&event_);
    AddHold();  // the test's thread starts writes outside the reactions
    StartCall();
  }
  // Cancels the call if it is still open and waits for OnDone, at most kWait (none once
  // g_stuck is set). True if OnDone came: the member may then be deleted.
  bool Close() {
    Cancel();
    std::unique_lock<std::mutex> lock(mu_);
    const std::chrono::milliseconds wait = g_stuck ? 0ms : kWait;
    if (changed_.wait_for(lock, wait, [&] { return done_; })) return true;
    lab::testing::EndWithoutTeardown();  // stuck threads: see g_stuck
    if (!g_stuck.exchange(true)) {
      ADD_FAILURE() << "a cancelled call did not end within " << kWait.count()
                    << " ms: gRPC's threads are stuck. A reaction is waiting (for a "
                       "write, a lock, a condition variable) and never returns; gRPC "
                       "then has no thread left to report the very write it waits for.";
    }
    return false;
  }

  void Write(const ChatRequest& request) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!holding_ || closing_) return;
    outgoing_.push_back(request);
    WriteNextLocked();
  }
  void Say(const std::string& text) { Write(TextRequest(text)); }
  // Half-closes once the queued writes are out: "I am leaving".
  void WritesDone() {
    std::unique_lock<std::mutex> lock(mu_);
    closing_ = true;
    const bool release = WriteNextLocked();
    lock.unlock();
    if (release) RemoveHold();
  }
  void Cancel() {
    context_.TryCancel();
    std::unique_lock<std::mutex> lock(mu_);
    const bool release = DropHoldLocked();
    lock.unlock();
    if (release) RemoveHold();
  }

  // The Joined event, if it came first and within `timeout`.
  std::optional<Joined> WaitForJoined(std::chrono::milliseconds timeout = kWait) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait_for(lock, timeout, [&] { return !events_.empty() || done_; });
    if (events_.empty() || !events_.front().has_joined()) return std::nullopt;
    return events_.front().joined();
  }
  // True once `count` ChatMessages have arrived, within `timeout`.
  bool WaitForMessages(size_t count, std::chrono::milliseconds timeout = kWait) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
  }
  // The call's status, once it is over; nullopt if it is not over within `timeout`.
  std::optional<grpc::Status> WaitDone(std::chrono::milliseconds timeout = kWait) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!changed_.wait_for(lock, timeout, [&] { return done_; })) return std::nullopt;
    return status_;
  }
  std::vector<ChatMessage> messages() {
    std::lock_guard<std::mutex> lock(mu_);
    return messages_;
  }
  // When the `index`-th message (from 0) arrived.
  Clock::time_point arrival(size_t index) {
    std::lock_guard<std::mutex> lock(mu_);
    return arrivals_.at(index);
  }

  void OnReadDone(bool ok) override {
    std::unique_lock<std::mutex> lock(mu_);
    if (!ok) {
      const bool release = DropHoldLocked();
      lock.unlock();
      if (release) RemoveHold();
      return;
    }
    if (event_.has_message()) {
      messages_.push_back(event_.message());
      arrivals_.push_back(Clock::now());
    }
    events_.push_back(event_);
    changed_.notify_all();
    if (reads_) StartRead(&event_);
  }
  void OnWriteDone(bool ok) override {
    std::unique_lock<std::mutex> lock(mu_);
    writing_ = false;
    outgoing_.pop_front();
    bool release = false;
    if (ok) {
      release = WriteNextLocked();
    } else {
      outgoing_.clear();
      release = DropHoldLocked();
    }
    lock.unlock();
    if (release) RemoveHold();
  }
  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    done_ = true;
    changed_.notify_all();
  }

 private:
  bool WriteNextLocked() {
    if (writing_ || !holding_) return false;
    if (!outgoing_.empty()) {
      writing_ = true;
      StartWrite(&outgoing_.front());
      return false;
    }
    if (!closing_) return false;
    StartWritesDone();
    return DropHoldLocked();
  }
  bool DropHoldLocked() {
    if (!holding_) return false;
    holding_ = false;
    return true;
  }

  const bool reads_;
  grpc::ClientContext context_;
  ChatEvent event_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<ChatRequest> outgoing_;
  bool writing_ = false;
  bool holding_ = true;
  bool closing_ = false;
  bool done_ = false;
  grpc::Status status_;
  std::vector<ChatEvent> events_;
  std::vector<ChatMessage> messages_;
  std::vector<Clock::time_point> arrivals_;
};

// Deletes a member once its call is over; leaves it alone if gRPC's threads are stuck.
struct CloseMember {
  void operator()(TestMember* member) const {
    if (member->Close()) delete member;
  }
};
using MemberPtr = std::unique_ptr<TestMember, CloseMember>;

MemberPtr NewMember(ChatRoom::Stub* stub, const ChatRequest& first, bool reads = true) {
  return MemberPtr(new TestMember(stub, first, reads));
}

std::vector<std::string> Names(const Joined& joined) {
  return {joined.members().begin(), joined.members().end()};
}

// The learner's ChatServiceImpl and StatsServiceImpl on a loopback server.
class ChatServer {
 public:
  explicit ChatServer(int max_threads = 0)
      : chat_(std::make_unique<ChatServiceImpl>()),
        stats_(std::make_unique<StatsServiceImpl>(chat_.get())),
        server_(std::make_unique<TestServer>(
            std::vector<grpc::Service*>{chat_.get(), stats_.get()},
            Options(max_threads))),
        stub_(server_->NewStub<ChatRoom>()),
        stats_stub_(server_->NewStub<ChatStats>()) {}
  // A server whose reactors are not all gone may have reactions that never return, and
  // shutting it down would wait for them forever: then it is left as it is, to the
  // process's end (as everything is once g_stuck is set). Once one server was left so,
  // the next ones are not waited for either (the same reactors leak in every test).
  ~ChatServer() {
    static std::atomic<bool> leaked{false};
    if (!g_stuck && chat_->live().WaitForZero(leaked ? 0ms : kWait)) return;
    leaked = true;
    lab::testing::EndWithoutTeardown();  // a server with live reactors cannot stop
    server_.release();
    stats_.release();
    chat_.release();
  }
  ChatServer(const ChatServer&) = delete;
  ChatServer& operator=(const ChatServer&) = delete;

  static lab::testing::ServerOptions Options(int max_threads) {
    lab::testing::ServerOptions options;
    if (max_threads > 0) {
      options.configure = [max_threads](grpc::ServerBuilder& builder) {
        grpc::ResourceQuota quota("lesson12-test");
        quota.SetMaxThreads(max_threads);
        builder.SetResourceQuota(quota);
      };
    }
    return options;
  }

  // A member that has joined `room` as `name` (the test fails if it did not).
  MemberPtr Joined(const std::string& room, const std::string& name, bool reads = true,
                   ChatRoom::Stub* stub = nullptr) {
    MemberPtr member =
        NewMember(stub ? stub : stub_.get(), JoinRequest(room, name), reads);
    EXPECT_TRUE(member->WaitForJoined().has_value())
        << name << " sent a Join for room '" << room
        << "' and expected a Joined event as the stream's first event; none came. "
        << CallState(*member);
    return member;
  }

  // Everyone leaves, then the live reactor count must come back to 0.
  ::testing::AssertionResult AllReactorsFreed() {
    if (chat_->live().WaitForZero(kWait)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << chat_->live().value() << " reactor(s) still alive " << kWait.count()
           << " ms after every member's call ended: each reactor must be destroyed "
              "once gRPC calls its OnDone (delete this there), or it leaks.";
  }

  static std::string CallState(TestMember& member) {
    std::optional<grpc::Status> status = member.WaitDone(0ms);
    if (!status) return "The call is still open.";
    return "The call ended: " + std::string(lab::testing::IsOk(*status).message()) + ".";
  }

  // A stub on a connection of its own whose receive window stays at HTTP/2's initial
  // 64 KiB (no BDP probing, which would grow it with the other members' traffic on a
  // shared connection): what its member does not read waits in the server's queue.
  std::unique_ptr<ChatRoom::Stub> SmallWindowStub() const {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    return ChatRoom::NewStub(server_->NewChannel(nullptr, args));
  }

  ChatServiceImpl& chat() { return *chat_; }
  StatsServiceImpl& stats() { return *stats_; }
  ChatRoom::Stub* stub() { return stub_.get(); }
  ChatStats::Stub* stats_stub() { return stats_stub_.get(); }
  TestServer& server() { return *server_; }

 private:
  std::unique_ptr<ChatServiceImpl> chat_;
  std::unique_ptr<StatsServiceImpl> stats_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<ChatRoom::Stub> stub_;
  std::unique_ptr<ChatStats::Stub> stats_stub_;
};

// Every test starts here: nothing runs once gRPC's threads are stuck (see g_stuck).
class Lesson12Test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(g_stuck) << "not run: an earlier test left gRPC's threads stuck in "
                             "reactions that never return (see that test's failure)";
    ASSERT_FALSE(g_aborted)
        << "not run: a death test (Lesson12CallbackChatDeathTest, run first) showed "
           "that your reactors make gRPC abort the process; this test would abort "
           "the whole test program. Fix that first (see its failure).";
  }
};

class Lesson12CallbackChat : public Lesson12Test {
 protected:
  void SetUp() override {
    Lesson12Test::SetUp();
    if (HasFatalFailure()) return;
    server.emplace();
    ASSERT_TRUE(server->server().ok()) << server->server().error();
  }
  std::optional<ChatServer> server;
};

// 1.1 A Join gets a Joined event first, naming everyone in the room.
TEST_F(Lesson12CallbackChat, JoinedComesFirstWithEveryone) {
  auto ana = server->Joined("lobby", "ana");
  if (HasFatalFailure() || ::testing::Test::HasFailure()) return;
  auto bob = server->Joined("lobby", "bob");
  std::optional<Joined> joined = bob->WaitForJoined();
  ASSERT_TRUE(joined.has_value());
  EXPECT_EQ(joined->room(), "lobby");
  EXPECT_EQ(Names(*joined), (std::vector<std::string>{"ana", "bob"}))
      << "the Joined lists everyone in the room in the order they joined, you included";
}

// 1.2 A text reaches every other member, in the sender's order, and never the sender.
TEST_F(Lesson12CallbackChat, TextsReachTheOthersNotTheSender) {
  auto ana = server->Joined("lobby", "ana");
  auto bob = server->Joined("lobby", "bob");
  auto cy = server->Joined("lobby", "cy");
  if (::testing::Test::HasFailure()) return;
  ana->Say("one");
  ana->Say("two");
  for (TestMember* other : {bob.get(), cy.get()}) {
    ASSERT_TRUE(other->WaitForMessages(2))
        << "ana said two things; another member got " << Texts(other->messages());
    std::vector<ChatMessage> got = other->messages();
    EXPECT_EQ(got[0].text(), "one");
    EXPECT_EQ(got[1].text(), "two") << "each sender's messages arrive in its order";
    EXPECT_EQ(got[0].sender(), "ana") << "the server fills in the sender's name";
    EXPECT_EQ(got[0].room(), "lobby");
  }
  bob->Say("to you");
  ASSERT_TRUE(ana->WaitForMessages(1));
  EXPECT_EQ(Texts(ana->messages()), "[bob: \"to you\"]")
      << "ana must get bob's message and none of her own";
}

// 1.3 A bad first message, an empty text or a second Join ends that stream with
// INVALID_ARGUMENT; the room carries on.
TEST_F(Lesson12CallbackChat, BadRequestsEndOnlyThatStream) {
  MemberPtr no_join = NewMember(server->stub(), TextRequest("hello?"));
  std::optional<grpc::Status> status = no_join->WaitDone();
  ASSERT_TRUE(status.has_value()) << "a stream that starts with a text must end at once";
  LAB_EXPECT_CODE(*status, StatusCode::INVALID_ARGUMENT);
  MemberPtr no_name = NewMember(server->stub(), JoinRequest("lobby", ""));
  status = no_name->WaitDone();
  ASSERT_TRUE(status.has_value()) << "a Join without a name must end the stream at once";
  LAB_EXPECT_CODE(*status, StatusCode::INVALID_ARGUMENT);

  auto ana = server->Joined("lobby", "ana");
  auto bob = server->Joined("lobby", "bob");
  auto cy = server->Joined("lobby", "cy");
  if (::testing::Test::HasFailure()) return;
  bob->Say("");
  cy->Write(JoinRequest("lobby", "cy again"));
  for (TestMember* bad : {bob.get(), cy.get()}) {
    status = bad->WaitDone();
    ASSERT_TRUE(status.has_value()) << "an empty text or a second Join ends that stream";
    LAB_EXPECT_CODE(*status, StatusCode::INVALID_ARGUMENT);
  }
  EXPECT_TRUE(server->chat().WaitForMemberCount("lobby", 1, kWait))
      << "bob and cy must be out of the room once their streams ended";
  auto dee = server->Joined("lobby", "dee");
  dee->Say("still here?");
  EXPECT_TRUE(ana->WaitForMessages(1)) << "the room carries on after others' errors";
}

// 1.4 A member who half-closes gets OK (Finish is called), leaves the room, and every
// reactor is destroyed.
TEST_F(Lesson12CallbackChat, LeavingFinishesOkAndFreesTheReactor) {
  {
    MemberPtr shy = NewMember(server->stub(), JoinRequest("lobby", "shy"));
    auto ana = server->Joined("lobby", "ana");
    auto bob = server->Joined("lobby", "bob");
    if (::testing::Test::HasFailure()) return;
    bob->Say("bye soon");
    ASSERT_TRUE(ana->WaitForMessages(1));
    for (TestMember* member : {ana.get(), bob.get(), shy.get()}) {
      member->WritesDone();
      std::optional<grpc::Status> status = member->WaitDone(kCallDeadline + kWait);
      ASSERT_TRUE(status.has_value());
      EXPECT_NE(status->error_code(), StatusCode::DEADLINE_EXCEEDED)
          << "the member half-closed, but the call only ended at its deadline: the "
             "server never called Finish. Every call must be finished exactly once.";
      LAB_EXPECT_OK(*status);
    }
    EXPECT_EQ(server->chat().MemberCount("lobby"), 0) << "everyone has left";
  }
  EXPECT_TRUE(server->AllReactorsFreed());
}

// ---------------------------------------------------------------------------------
// Two rules of the callback API are enforced by gRPC itself, by aborting the process:
// a StartWrite while another write of the same stream is outstanding ("API misuse of
// type GRPC_CALL_ERROR_TOO_MANY_OPERATIONS observed"), and a second Finish. So tests
// 1.5 and 1.6 are death tests: their scenario runs in a child process, in GoogleTest's
// "threadsafe" style (the child runs this test program again from the start, so gRPC
// starts fresh in it). The child exits with 0 when everything went as it should, with
// 1 and a message when something did not, and dies if gRPC aborts; the parent shows
// the child's output. The child never waits long: every call has a deadline, every
// wait a limit, and it ends with _Exit, tearing nothing down (a stuck reaction cannot
// hang it). GoogleTest runs the *DeathTest suites before all others.

// The child's exit code when gRPC's threads are stuck in reactions that never return.
constexpr int kStuckExit = 2;

// Child side: ends the child, with 0 if `problem` is empty, else `code` (1 unless
// said otherwise) after printing it.
[[noreturn]] void ExitChild(const std::string& problem, int code = 1) {
  if (!problem.empty()) std::fprintf(stderr, "%s\n", problem.c_str());
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(problem.empty() ? 0 : code);
}

void Require(bool condition, const std::string& problem) {
  if (!condition) ExitChild(problem);
}

// Parent side: the child's wait status. A child killed by a signal was aborted by gRPC
// (its own words are in the child's output).
int g_child_status = 0;
bool ExitedCleanly(int status) {
  g_child_status = status;
  if (WIFSIGNALED(status)) g_aborted = true;
  if (WIFEXITED(status) && WEXITSTATUS(status) == kStuckExit) {
    g_stuck = true;
    lab::testing::EndWithoutTeardown();
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// What the parent adds under the child's output: what happened, and the rule at stake.
std::string ChildVerdict(const std::string& rule) {
  if (!WIFSIGNALED(g_child_status)) {
    return "The scenario went wrong: the child's message above says what was expected "
           "and what happened.";
  }
  return "gRPC aborted the process (signal " + std::to_string(WTERMSIG(g_child_status)) +
         "): your reactor broke a rule of the callback API that gRPC does not "
         "forgive. " +
         rule;
}

constexpr const char* kOneWriteRule =
    "One StartWrite in flight per stream (gRPC's words: \"API misuse of type "
    "GRPC_CALL_ERROR_TOO_MANY_OPERATIONS\"): queue the events, and start the next "
    "write from OnWriteDone, never while one is outstanding.";
constexpr const char* kFinishOnceRule =
    "Finish exactly once per call (a second Finish shows as \"assertion failed: "
    "call_ == nullptr\"): OnCancel and OnReadDone(false) both see a cancelled call, "
    "and there must still be one Finish only (README, \"Decide: who drains, who "
    "deletes, what OnCancel does\").";

// Runs `scenario` (which ends with ExitChild) in a child process; fails unless the
// child exits with 0.
void ExpectInChild(void (*scenario)(), const std::string& rule) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(scenario(), ExitedCleanly, "") << ChildVerdict(rule);
}

// Child side: a new server, never torn down (the child ends with _Exit).
ChatServer& ServerInChild() {
  auto* server = new ChatServer();
  Require(server->server().ok(), server->server().error());
  return *server;
}

// Child side: a member that has joined `room` as `name`, never deleted.
TestMember* JoinedInChild(ChatServer& server, const std::string& room,
                          const std::string& name) {
  auto* member = new TestMember(server.stub(), JoinRequest(room, name));
  Require(member->WaitForJoined().has_value(),
          name + " sent a Join for room '" + room +
              "' and expected a Joined event as the stream's first event; none came. " +
              ChatServer::CallState(*member));
  return member;
}

// 1.5, in the child: bob cancels while events are on their way to him; he must leave
// the room, the room carries on, the others leave with OK and every reactor is freed.
[[noreturn]] void CancelledMemberScenario() {
  ChatServer& server = ServerInChild();
  TestMember* ana = JoinedInChild(server, "lobby", "ana");
  TestMember* bob = JoinedInChild(server, "lobby", "bob");
  TestMember* cy = JoinedInChild(server, "lobby", "cy");
  for (int i = 0; i < 20; ++i) ana->Say("busy " + std::to_string(i));
  bob->Cancel();  // while events are still on their way to bob
  Require(server.chat().WaitForMemberCount("lobby", 2, kWait),
          "bob cancelled his call, but he is still in the room: a cancelled member must "
          "leave (OnReadDone(false), OnCancel or OnDone: yours to choose)");
  ana->Say("after bob");
  Require(cy->WaitForMessages(21),
          "cy got " + std::to_string(cy->messages().size()) +
              " of ana's 21 messages: the room must carry on after bob's cancel");
  for (TestMember* member : {ana, cy}) {
    member->WritesDone();
    std::optional<grpc::Status> status = member->WaitDone(kCallDeadline + kWait);
    Require(status && status->ok(),
            "a member who half-closes after bob's cancel must leave with OK; got " +
                (status ? Describe(*status) : std::string("no end")) +
                (status && status->error_code() == StatusCode::DEADLINE_EXCEEDED
                     ? " (the server never called Finish for it)"
                     : ""));
  }
  Require(server.chat().live().WaitForZero(kWait),
          std::to_string(server.chat().live().value()) + " reactor(s) still alive " +
              std::to_string(kWait.count()) +
              " ms after every call ended. OnDone comes once Finish has been called "
              "(a cancelled call needs its Finish too), and the reactor must be "
              "deleted there.");
  ExitChild("");
}

// 1.6, in the child: four members send 50 messages each at once; the reader gets every
// one, in each sender's order.
[[noreturn]] void ManySendersScenario() {
  constexpr int kSenders = 4;
  constexpr int kEach = 50;
  ChatServer& server = ServerInChild();
  TestMember* reader = JoinedInChild(server, "busy", "reader");
  std::vector<TestMember*> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.push_back(JoinedInChild(server, "busy", "s" + std::to_string(s)));
  }
  for (int i = 0; i < kEach; ++i) {
    for (TestMember* sender : senders) sender->Say(std::to_string(i));
  }
  if (!reader->WaitForMessages(kSenders * kEach)) {
    const std::string got = "the reader got " +
                            std::to_string(reader->messages().size()) + " of " +
                            std::to_string(kSenders * kEach) + " messages within " +
                            std::to_string(kWait.count()) + " ms.";
    if (reader->Close()) ExitChild(got + " Lost events?");
    ExitChild(got +
                  " gRPC's threads are stuck: a cancelled call did not end either. A "
                  "reaction waits (for a write, a lock, a condition variable) and "
                  "never returns; gRPC then has no thread left to report the very "
                  "write it waits for.",
              kStuckExit);
  }
  std::map<std::string, int> next;
  for (const ChatMessage& m : reader->messages()) {
    const std::string expected = std::to_string(next[m.sender()]++);
    Require(m.text() == expected, "out of order from " + m.sender() + ": got \"" +
                                      m.text() + "\", expected \"" + expected + "\"");
  }
  ExitChild("");
}

class Lesson12CallbackChatDeathTest : public Lesson12Test {};

// 1.5 A cancelled member (client gone) leaves the room, its call is finished once, and
// its reactor is destroyed.
TEST_F(Lesson12CallbackChatDeathTest, CancelledMemberLeavesAndIsFinishedOnce) {
  ExpectInChild(CancelledMemberScenario, kFinishOnceRule);
}

// 1.6 At most one StartWrite outstanding per stream: many senders at once, every
// message delivered in each sender's order.
TEST_F(Lesson12CallbackChatDeathTest, OneWriteOutstandingPerStream) {
  ExpectInChild(ManySendersScenario, kOneWriteRule);
}

// ---------------------------------------------------------------------------------
class Lesson12CallbackChatScale : public Lesson12Test {};

// kCrowd members join `room` through `stub`: every one gets its Joined, a message from
// the first reaches all the others, and every one leaves with OK.
void ExpectCrowdHeld(ChatRoom::Stub* stub, const std::string& room) {
  std::vector<MemberPtr> crowd;
  for (int i = 0; i < kCrowd; ++i) {
    crowd.push_back(NewMember(stub, JoinRequest(room, "m" + std::to_string(i))));
  }
  int joined = 0;
  for (auto& member : crowd) joined += member->WaitForJoined().has_value() ? 1 : 0;
  ASSERT_EQ(joined, kCrowd) << "only " << joined << " of " << kCrowd
                            << " members got their Joined on a server capped at "
                            << kMaxThreads << " threads";
  crowd[0]->Say("hello, " + room);
  int reached = 0;
  for (int i = 1; i < kCrowd; ++i) reached += crowd[i]->WaitForMessages(1) ? 1 : 0;
  EXPECT_EQ(reached, kCrowd - 1) << "one message must reach every other member";
  for (auto& member : crowd) member->WritesDone();
  int ok = 0;
  for (auto& member : crowd) {
    std::optional<grpc::Status> status = member->WaitDone();
    ok += status && status->ok() ? 1 : 0;
  }
  EXPECT_EQ(ok, kCrowd) << "every member who half-closes leaves with OK";
}

// 2.1 200 members in one room on a server capped at 4 threads: all join, a message
// reaches all the others, all leave and every reactor is freed.
TEST_F(Lesson12CallbackChatScale, TwoHundredMembersOnFourThreads) {
  std::optional<ChatServer> server;
  server.emplace(kMaxThreads);
  ASSERT_TRUE(server->server().ok()) << server->server().error();
  ExpectCrowdHeld(server->stub(), "hall");
  EXPECT_TRUE(server->AllReactorsFreed());
  std::cout << kCrowd << " members held on " << kMaxThreads << " threads" << std::endl;
}

// 2.2 A member who stops reading does not delay the others: its queue grows, the
// others' events still arrive.
TEST_F(Lesson12CallbackChatScale, StalledMemberDoesNotDelayOthers) {
  constexpr int kMessages = 100;
  // 6.4 MB in all: far more than the stalled member's 64 KiB receive window.
  const std::string big(64 * 1024, 'x');
  std::optional<ChatServer> server;
  server.emplace(kMaxThreads);
  ASSERT_TRUE(server->server().ok()) << server->server().error();
  std::unique_ptr<ChatRoom::Stub> small_window = server->SmallWindowStub();
  auto stalled = server->Joined("hall", "stalled", /*reads=*/false, small_window.get());
  auto fast = server->Joined("hall", "fast");
  auto talker = server->Joined("hall", "talker");
  if (::testing::Test::HasFailure()) return;
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < kMessages; ++i) talker->Say(std::to_string(i) + big);
  const bool all = fast->WaitForMessages(kMessages);
  EXPECT_TRUE(all) << "a member who stopped reading held up the others: 'fast' got "
                   << fast->messages().size() << " of " << kMessages << " messages in "
                   << kWait.count()
                   << " ms. A reaction that waits (for a write, a lock a slow member "
                      "holds) blocks gRPC's threads: queue the event and return.";
  if (!all) return;
  std::cout << "fast member got " << kMessages << " x 64 KiB in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   fast->arrival(kMessages - 1) - start)
                   .count()
            << " ms" << std::endl;
  grpc::ClientContext context;
  SetDeadline(context);
  RoomStatsRequest request;
  request.set_room("hall");
  RoomStats stats;
  grpc::Status status = server->stats_stub()->GetRoomStats(&context, request, &stats);
  if (status.ok()) {
    EXPECT_GT(stats.queued_events(), 0)
        << "the stalled member's events wait in its queue while it does not read";
    std::cout << "queued for the stalled member: " << stats.queued_events() << std::endl;
  }
}

// ---------------------------------------------------------------------------------
class Lesson12Stats : public Lesson12CallbackChat {
 protected:
  grpc::Status GetStats(const std::string& room, RoomStats* stats,
                        std::chrono::milliseconds deadline = lab::testing::kRpcDeadline) {
    grpc::ClientContext context;
    SetDeadline(context, deadline);
    RoomStatsRequest request;
    request.set_room(room);
    return server->stats_stub()->GetRoomStats(&context, request, stats);
  }
};

// 3.1 GetRoomStats counts a room's members; an empty room name is INVALID_ARGUMENT.
TEST_F(Lesson12Stats, CountsMembers) {
  auto ana = server->Joined("lobby", "ana");
  auto bob = server->Joined("lobby", "bob");
  RoomStats stats;
  LAB_ASSERT_OK(GetStats("lobby", &stats));
  EXPECT_EQ(stats.room(), "lobby");
  EXPECT_EQ(stats.members(), 2);
  LAB_EXPECT_OK(GetStats("empty", &stats));
  EXPECT_EQ(stats.members(), 0) << "nobody is in room 'empty'";
  LAB_EXPECT_CODE(GetStats("", &stats), StatusCode::INVALID_ARGUMENT);
}

// 3.2 The answer is produced on the stats worker: while the worker is busy, the call
// waits (and the chat goes on); once it is free, the answer comes.
TEST_F(Lesson12Stats, AnsweredByTheWorker) {
  RoomStats stats;
  LAB_ASSERT_OK(GetStats("lobby", &stats));  // not started yet shows here
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  server->stats().worker().Post([&] {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return release; });
  });
  const auto short_deadline = 300ms;
  grpc::Status busy = GetStats("lobby", &stats, short_deadline);
  auto ana = server->Joined("lobby", "ana");
  auto bob = server->Joined("lobby", "bob");
  bob->Say("the chat does not wait for the worker");
  EXPECT_TRUE(ana->WaitForMessages(1));
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  EXPECT_EQ(busy.error_code(), StatusCode::DEADLINE_EXCEEDED)
      << "the stats worker was busy, yet GetRoomStats answered (" << Describe(busy)
      << "): the answer must be worked out on the worker (worker().Post), which then "
         "finishes the call, not on the thread that received it";
  LAB_EXPECT_OK(GetStats("lobby", &stats));
  EXPECT_EQ(stats.members(), 2);
}

// ---------------------------------------------------------------------------------
// A reference server for the learner's client: a sync ChatRoom that answers a Join with
// Joined{room, [name, "echo"]}, echoes every text as a message from "echo", and on the
// client's half-close says "bye" before ending OK.
class EchoRoom final : public ChatRoom::Service {
 public:
  grpc::Status Chat(grpc::ServerContext* context,
                    grpc::ServerReaderWriter<ChatEvent, ChatRequest>* stream) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      deadline_ = context->deadline();
    }
    ChatRequest request;
    if (!stream->Read(&request)) return grpc::Status::OK;
    if (!request.has_join() || request.join().name().empty()) {
      return grpc::Status(StatusCode::INVALID_ARGUMENT, "echo room: Join needs a name");
    }
    const std::string room = request.join().room();
    ChatEvent event;
    event.mutable_joined()->set_room(room);
    event.mutable_joined()->add_members(request.join().name());
    event.mutable_joined()->add_members("echo");
    stream->Write(event);
    while (stream->Read(&request)) stream->Write(Message(room, request.text()));
    stream->Write(Message(room, "bye"));
    return grpc::Status::OK;
  }
  std::chrono::system_clock::time_point deadline() {
    std::lock_guard<std::mutex> lock(mu_);
    return deadline_;
  }

 private:
  static ChatEvent Message(const std::string& room, const std::string& text) {
    ChatEvent event;
    event.mutable_message()->set_room(room);
    event.mutable_message()->set_sender("echo");
    event.mutable_message()->set_text(text);
    return event;
  }
  std::mutex mu_;
  std::chrono::system_clock::time_point deadline_;
};

class Lesson12CallbackClient : public Lesson12Test {
 protected:
  void SetUp() override {
    Lesson12Test::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(server.ok()) << server.error();
  }

  // A client whose on_message records every message.
  std::unique_ptr<ChatClient> NewClient() {
    return std::make_unique<ChatClient>(server.NewChannel(),
                                        [this](const ChatMessage& m) {
                                          std::lock_guard<std::mutex> lock(mu_);
                                          texts_.push_back(m.text());
                                        });
  }
  std::vector<std::string> texts() {
    std::lock_guard<std::mutex> lock(mu_);
    return texts_;
  }

  EchoRoom echo;
  TestServer server{{&echo}};
  std::mutex mu_;
  std::vector<std::string> texts_;
};

// 4.1 Join returns once the Joined has come; texts are written in order; Leave
// half-closes, and everything the server still sends is delivered before it returns OK.
TEST_F(Lesson12CallbackClient, JoinSendLeave) {
  auto client = NewClient();
  LAB_ASSERT_OK(client->Join("lobby", "ana", kWait));
  EXPECT_EQ(client->members_at_join(), (std::vector<std::string>{"ana", "echo"}));
  for (const char* text : {"a", "b", "c"}) EXPECT_TRUE(client->Send(text));
  grpc::Status status = client->Leave();
  EXPECT_NE(status.error_code(), StatusCode::DEADLINE_EXCEEDED)
      << "Leave must half-close (StartWritesDone) once the queued texts are written; "
         "without it the server waits for more and the call runs into its deadline";
  LAB_EXPECT_OK(status);
  EXPECT_EQ(texts(), (std::vector<std::string>{"a", "b", "c", "bye"}))
      << "every text in order, and the server's last message before Leave returned";
}

// 4.2 A refused Join returns the server's status unchanged.
TEST_F(Lesson12CallbackClient, RefusedJoinReturnsTheStatus) {
  auto client = NewClient();
  grpc::Status status = client->Join("lobby", "", kWait);
  LAB_EXPECT_CODE(status, StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "echo room: Join needs a name");
  EXPECT_FALSE(client->Send("anyone?")) << "no Send after a failed Join";
}

// 4.3 The session's deadline is the timeout Join was given.
TEST_F(Lesson12CallbackClient, DeadlineFollowsTimeout) {
  for (std::chrono::milliseconds timeout : {kWait, 3 * kWait}) {
    auto client = NewClient();
    const auto before = std::chrono::system_clock::now();
    grpc::Status status = client->Join("lobby", "ana", timeout);
    const auto after = std::chrono::system_clock::now();
    LAB_ASSERT_OK(status);
    EXPECT_TRUE(
        lab::testing::DeadlineFollowsTimeout(echo.deadline(), before, after, timeout));
    LAB_EXPECT_OK(client->Leave());
  }
}

// ---------------------------------------------------------------------------------
class Lesson12Program : public Lesson12Test {};

// 5.1 The server program, capped at 4 threads, serves the chat room to 200 members.
TEST_F(Lesson12Program, ServesTheChatRoom) {
  lab::testing::ServerProcess process(lab::testing::MainPath("server"),
                                      {"--max-threads", std::to_string(kMaxThreads)});
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  auto stub = ChatRoom::NewStub(
      grpc::CreateChannel(process.address(), grpc::InsecureChannelCredentials()));
  ExpectCrowdHeld(stub.get(), "lobby");
}

}  // namespace
}  // namespace lab::chat
