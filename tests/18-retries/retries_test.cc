// Lesson 18 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your service config (service_config.cc): what is retried, how often, and
//           when retrying stops.
//   Part 2: your ledger (ledger_service.cc): attempts seen on the server, and a
//           non-idempotent deposit applied once however often it arrives.
//   Part 3: your client (client.cc): a validated config, the per-attempt timeout
//           switch, one deadline for all attempts, one request id per deposit.
// The test's ScriptedLedger fails the first N attempts of each request id with a
// chosen code and counts the attempts of each request id itself: the tests count
// attempts on the server, where they really happen.
#include "retries.h"

#include <grpcpp/support/validate_service_config.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "lab/testing.h"

namespace lab::retries {
namespace {

using grpc::StatusCode;
using lab::testing::Describe;
using lab::testing::IsNotStarted;
using lab::testing::TestServer;
using std::chrono::milliseconds;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;
using SystemClock = std::chrono::system_clock;

long long Ms(SteadyClock::duration d) {
  return std::chrono::duration_cast<milliseconds>(d).count();
}

// The test's own retry policy, for the parts that are not about your config: five
// attempts, 10 ms backoff, UNAVAILABLE only.
std::string TestConfig(const std::string& extra_policy = "") {
  return R"({"methodConfig":[{"name":[{"service":"lab.retries.Ledger"}],)"
         R"("retryPolicy":{"maxAttempts":5,"initialBackoff":"0.01s",)"
         R"("maxBackoff":"0.01s","backoffMultiplier":1,)"
         R"("retryableStatusCodes":["UNAVAILABLE"])" +
         extra_policy + "}}]}";
}

// What the ScriptedLedger does with each attempt of every call, e.g.
// Script().Fail(2).Code(StatusCode::INTERNAL).
struct Script {
  int fail_first = 0;                         // fail attempts 1..fail_first of a call
  StatusCode code = StatusCode::UNAVAILABLE;  // ... with this code
  milliseconds hold{0};             // hold attempt 1 this long (or until released) first
  bool hold_every = false;          // hold every attempt, not only the first
  LedgerService* ledger = nullptr;  // answer with it (else balance = attempt number)
  bool apply_then_fail = false;     // failing attempts reach the ledger first

  Script& Fail(int n) { return fail_first = n, *this; }
  Script& Code(StatusCode c) { return code = c, *this; }
  Script& Hold(milliseconds h, bool every) { return hold = h, hold_every = every, *this; }
  Script& Backed(LedgerService* l, bool apply_first) {
    return ledger = l, apply_then_fail = apply_first, *this;
  }
};

// A Ledger that fails on script, counting attempts per request id.
class ScriptedLedger final : public Ledger::Service {
 public:
  explicit ScriptedLedger(Script script) : script_(script) {}

  grpc::Status Deposit(grpc::ServerContext* context, const DepositRequest* request,
                       DepositReply* reply) override {
    int attempt = Record(*context, request->request_id());
    if (script_.hold > 0ms && (attempt == 1 || script_.hold_every)) {
      // Time is the subject: the scripted slow attempt takes script_.hold, unless the
      // test releases it sooner (Release(), from the test's teardown).
      std::unique_lock<std::mutex> lock(hold_mu_);
      hold_cv_.wait_for(lock, script_.hold, [&] { return released_; });
    }
    if (attempt <= script_.fail_first) {
      if (script_.apply_then_fail && script_.ledger != nullptr) {
        DepositReply lost;  // applied, but the reply is lost on the way back
        script_.ledger->Deposit(context, request, &lost).IgnoreError();
      }
      return grpc::Status(script_.code, "failed on purpose by the test's script");
    }
    if (script_.ledger != nullptr)
      return script_.ledger->Deposit(context, request, reply);
    reply->set_balance(attempt);
    return grpc::Status::OK;
  }

  int Attempts(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = attempts_.find(id);
    return it == attempts_.end() ? 0 : it->second;
  }
  int TotalAttempts() const {
    std::lock_guard<std::mutex> lock(mu_);
    int total = 0;
    for (const auto& [id, n] : attempts_) total += n;
    return total;
  }
  std::vector<int> AttemptNumbers() const {  // what AttemptNumber() said, in order
    std::lock_guard<std::mutex> lock(mu_);
    return numbers_;
  }
  std::vector<SystemClock::time_point> Deadlines() const {
    std::lock_guard<std::mutex> lock(mu_);
    return deadlines_;
  }
  std::vector<std::string> Ids() const {
    std::lock_guard<std::mutex> lock(mu_);
    return ids_;
  }

  // Ends every hold now and from now on (a test that is done with a held attempt).
  void Release() {
    {
      std::lock_guard<std::mutex> lock(hold_mu_);
      released_ = true;
    }
    hold_cv_.notify_all();
  }

 private:
  int Record(const grpc::ServerContext& context, const std::string& id) {
    int number = AttemptNumber(context);
    std::lock_guard<std::mutex> lock(mu_);
    numbers_.push_back(number);
    deadlines_.push_back(context.deadline());
    ids_.push_back(id);
    return ++attempts_[id];
  }

  const Script script_;
  std::mutex hold_mu_;
  std::condition_variable hold_cv_;
  bool released_ = false;  // guarded by hold_mu_
  mutable std::mutex mu_;
  std::map<std::string, int> attempts_;
  std::vector<int> numbers_;
  std::vector<SystemClock::time_point> deadlines_;
  std::vector<std::string> ids_;
};

std::shared_ptr<grpc::Channel> ChannelWith(const TestServer& server,
                                           const std::string& config) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(config);
  return server.NewChannel(nullptr, args);
}

grpc::Status CallDeposit(Ledger::StubInterface& stub, const std::string& id,
                         DepositReply* reply, milliseconds timeout = 5000ms,
                         const std::string& account = "alice", int64_t amount = 1) {
  DepositRequest request;
  request.set_request_id(id);
  request.set_account(account);
  request.set_amount(amount);
  grpc::ClientContext context;
  lab::testing::SetDeadline(context, timeout);
  return stub.Deposit(&context, request, reply);
}

// Your config on a channel to a fresh scripted server, and the stub.
struct ConfigRig {
  explicit ConfigRig(Script script, const std::string& config = LedgerServiceConfig())
      : service(script),
        server({&service}),
        stub(Ledger::NewStub(ChannelWith(server, config))) {}
  ScriptedLedger service;
  TestServer server;
  std::unique_ptr<Ledger::Stub> stub;
};

// Points at step 1's file; says "not started yet" while the config is the starter's.
std::string Step1Hint() {
  return std::string(LedgerServiceConfig() == "{}" ? " (not started yet)" : "") +
         "\n  (lessons/18-retries/service_config.cc: LedgerServiceConfig() needs a "
         "methodConfig for lab.retries.Ledger with a retryPolicy.)";
}

// ---- Part 1: the service config ----

// 1.1 A deposit that fails twice with UNAVAILABLE succeeds on its third attempt (counted
// on the server), inside kDepositTimeout.
TEST(Lesson18Retries, FailsTwiceThenSucceedsInThreeAttempts) {
  const std::string config = LedgerServiceConfig();
  const std::string error = grpc::experimental::ValidateServiceConfigJSON(config);
  ASSERT_EQ(error, "") << "LedgerServiceConfig() is not a valid service config; gRPC's "
                          "validator says: "
                       << error;
  ConfigRig rig(Script().Fail(2));
  ASSERT_TRUE(rig.server.ok()) << rig.server.error();
  DepositReply reply;
  const auto start = SteadyClock::now();
  grpc::Status status = CallDeposit(*rig.stub, "r1", &reply, kDepositTimeout);
  const long long took = Ms(SteadyClock::now() - start);
  EXPECT_TRUE(status.ok()) << "a call that fails twice with UNAVAILABLE, then works, "
                              "should succeed thanks to the retry policy; it ended "
                           << Describe(status) << " after " << rig.service.Attempts("r1")
                           << " attempt(s)" << Step1Hint();
  EXPECT_EQ(rig.service.Attempts("r1"), 3)
      << "the server should see exactly 3 attempts (2 failed, 1 that works)";
  // Generous: 3 attempts with backoff in tens of ms take well under a second.
  EXPECT_LT(took, kDepositTimeout.count() / 2)
      << "three attempts took " << took << " ms: backoff that large eats the whole "
      << "deadline (" << kDepositTimeout.count() << " ms); keep it in tens of ms";
}

// 1.2 Codes that may mean "already applied" or "fails again" (DEADLINE_EXCEEDED,
// INTERNAL, UNKNOWN, ABORTED, INVALID_ARGUMENT) are not retried.
TEST(Lesson18Retries, DoesNotRetryUnsafeCodes) {
  {
    ConfigRig rig(Script().Fail(1));
    ASSERT_TRUE(rig.server.ok()) << rig.server.error();
    DepositReply reply;
    grpc::Status status = CallDeposit(*rig.stub, "u", &reply);
    ASSERT_EQ(rig.service.Attempts("u"), 2)
        << "an UNAVAILABLE attempt should be retried once to succeed" << Step1Hint()
        << "\n  The call ended " << Describe(status);
  }
  for (StatusCode code :
       {StatusCode::DEADLINE_EXCEEDED, StatusCode::INTERNAL, StatusCode::UNKNOWN,
        StatusCode::ABORTED, StatusCode::INVALID_ARGUMENT}) {
    ConfigRig rig(Script().Fail(1).Code(code));
    ASSERT_TRUE(rig.server.ok()) << rig.server.error();
    DepositReply reply;
    grpc::Status status = CallDeposit(*rig.stub, "c", &reply);
    EXPECT_EQ(rig.service.Attempts("c"), 1)
        << lab::testing::CodeName(code) << " was retried: the server saw "
        << rig.service.Attempts("c") << " attempts of one deposit. A deposit is not "
        << "idempotent: after DEADLINE_EXCEEDED, INTERNAL or UNKNOWN it may already be "
        << "applied, and INVALID_ARGUMENT or ABORTED fail again the same way. Retry "
        << "only UNAVAILABLE (the call did not get through).";
    EXPECT_EQ(status.error_code(), code) << "the client should see the server's code";
  }
}

// 1.3 retryThrottling stops a retry storm: 10 deposits that always fail make at most 20
// attempts, yet the first gets 3.
TEST(Lesson18Retries, ThrottlingStopsARetryStorm) {
  // A fresh server (its own port, so its own throttling state: gRPC keeps the tokens
  // per server name) whose every attempt fails with UNAVAILABLE.
  ConfigRig rig(Script().Fail(1000));
  ASSERT_TRUE(rig.server.ok()) << rig.server.error();
  std::vector<int> per_call;
  for (int i = 0; i < 10; ++i) {
    const std::string id = "storm" + std::to_string(i);
    DepositReply reply;
    CallDeposit(*rig.stub, id, &reply).IgnoreError();
    per_call.push_back(rig.service.Attempts(id));
  }
  std::string list;
  for (int n : per_call) list += std::to_string(n) + " ";
  ASSERT_GE(per_call[0], 3) << "the first call, before anything failed, should get at "
                               "least 3 attempts (maxAttempts >= 3, and throttling "
                               "lets a healthy channel retry); attempts per call: "
                            << list << Step1Hint();
  EXPECT_LE(rig.service.TotalAttempts(), 20)
      << "10 calls to a server that fails everything made " << rig.service.TotalAttempts()
      << " attempts (per call: " << list << "): retries multiply the load on a server "
      << "that is already failing. Add a retryThrottling to the config (the README "
      << "explains maxTokens and tokenRatio) so that retrying stops after a few "
         "failures.";
}

// ---- Part 2: the ledger ----

// 2.1 AttemptNumber says 1, 2, 3 for the attempts of a call retried twice (no header on a
// first attempt).
TEST(Lesson18Retries, AttemptNumberFollowsTheRetries) {
  ConfigRig rig(Script().Fail(2), TestConfig());
  ASSERT_TRUE(rig.server.ok()) << rig.server.error();
  DepositReply reply;
  LAB_ASSERT_OK(CallDeposit(*rig.stub, "a", &reply));
  std::vector<int> numbers = rig.service.AttemptNumbers();
  ASSERT_EQ(numbers.size(), 3u) << "the test's retry policy should make 3 attempts";
  if (numbers == std::vector<int>{0, 0, 0}) {
    FAIL() << "AttemptNumber() returned 0: not started yet "
              "(lessons/18-retries/ledger_service.cc)";
  }
  EXPECT_EQ(numbers, (std::vector<int>{1, 2, 3}))
      << "AttemptNumber() should be 1, 2, 3 on the three attempts: gRPC sends "
         "\"grpc-previous-rpc-attempts\" (1, then 2) on retries and nothing on a first "
         "attempt. Got "
      << numbers[0] << ", " << numbers[1] << ", " << numbers[2];
}

// 2.2 Deposit adds up per account and replies with the new balance; an empty request_id
// or account is INVALID_ARGUMENT and applies nothing.
TEST(Lesson18Retries, DepositAppliesAndValidates) {
  LedgerService ledger;
  TestServer server({&ledger});
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = server.NewStub<Ledger>();
  DepositReply reply;
  LAB_ASSERT_OK(CallDeposit(*stub, "d1", &reply, 5000ms, "alice", 5));
  EXPECT_EQ(reply.balance(), 5);
  LAB_ASSERT_OK(CallDeposit(*stub, "d2", &reply, 5000ms, "alice", 7));
  EXPECT_EQ(reply.balance(), 12) << "5 then 7 into alice: the reply is the balance after";
  LAB_ASSERT_OK(CallDeposit(*stub, "d3", &reply, 5000ms, "bob", 1));
  EXPECT_EQ(reply.balance(), 1) << "each account has its own balance";
  LAB_EXPECT_CODE(CallDeposit(*stub, "", &reply, 5000ms, "alice", 100),
                  StatusCode::INVALID_ARGUMENT);
  LAB_EXPECT_CODE(CallDeposit(*stub, "d4", &reply, 5000ms, "", 100),
                  StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ledger.Balance("alice"), 12) << "a rejected deposit must not be applied";
  EXPECT_EQ(ledger.Balance("nobody"), 0);
}

// 2.3 A request_id seen before is not applied again: the call is OK with the first reply.
TEST(Lesson18Retries, RepeatedRequestIdGetsTheFirstReply) {
  LedgerService ledger;
  TestServer server({&ledger});
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = server.NewStub<Ledger>();
  DepositReply first, second, third;
  LAB_ASSERT_OK(CallDeposit(*stub, "same", &first, 5000ms, "alice", 5));
  LAB_ASSERT_OK(CallDeposit(*stub, "other", &second, 5000ms, "alice", 1));
  grpc::Status status = CallDeposit(*stub, "same", &third, 5000ms, "alice", 5);
  EXPECT_TRUE(status.ok()) << "a repeated request_id is a retry of a deposit that "
                              "worked: answer it like the first time (OK), not with "
                           << Describe(status)
                           << ": the client would think its deposit failed";
  EXPECT_EQ(third.balance(), first.balance())
      << "the repeat should get the first reply (balance " << first.balance()
      << " right after that deposit), not a new one";
  EXPECT_EQ(ledger.Balance("alice"), 6) << "5 + 1: the repeat must not be applied again";
}

// 2.4 A deposit whose first reply was lost, retried by gRPC, is applied once.
TEST(Lesson18Retries, RetriedDepositIsAppliedOnce) {
  LedgerService ledger;
  ScriptedLedger front(Script().Fail(1).Backed(&ledger, true));
  TestServer server({&front});
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = Ledger::NewStub(ChannelWith(server, TestConfig()));
  DepositReply reply;
  grpc::Status status = CallDeposit(*stub, "lost", &reply, 5000ms, "alice", 10);
  LAB_ASSERT_OK(status);
  EXPECT_EQ(front.Attempts("lost"), 2) << "the test's retry policy should retry once";
  EXPECT_EQ(ledger.Balance("alice"), 10)
      << "the first attempt was applied but its reply was lost (UNAVAILABLE), so gRPC "
         "sent the same request again: applying it twice makes the balance "
      << ledger.Balance("alice") << " instead of 10";
  EXPECT_EQ(reply.balance(), 10) << "the retry should get the first attempt's reply";
}

// 2.5 Many threads at once, each deposit sent twice by two threads: every deposit is
// applied exactly once.
TEST(Lesson18Retries, ConcurrentDuplicatesAreAppliedOnce) {
  LedgerService ledger;
  TestServer server({&ledger});
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = server.NewStub<Ledger>();
  constexpr int kPairs = 3, kDeposits = 30;
  std::mutex mu;
  std::vector<std::string> failures;
  grpc::Status first_failure;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kPairs; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kDeposits; ++i) {
        // Threads 2p and 2p+1 send the same ids: each deposit arrives twice, at once.
        const std::string id = "p" + std::to_string(t / 2) + "-" + std::to_string(i);
        DepositReply reply;
        grpc::Status status = CallDeposit(*stub, id, &reply, 5000ms, "shared", i + 1);
        if (!status.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          if (failures.empty()) first_failure = status;
          failures.push_back(id + ": " + Describe(status));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (IsNotStarted(first_failure)) {
    LAB_ASSERT_OK(first_failure);  // reports "not started yet"
  }
  ASSERT_TRUE(failures.empty())
      << failures.size() << " deposits failed, e.g. " << failures.front();
  const int64_t want = kPairs * kDeposits * (kDeposits + 1) / 2;
  EXPECT_EQ(ledger.Balance("shared"), want)
      << "each of " << kPairs * kDeposits
      << " deposits arrived twice, from two threads at "
      << "once: applied exactly once each, the balance is " << want << ". Check and "
      << "apply under one lock (a check in one critical section and the apply in "
      << "another lets both copies through).";
}

// ---- Part 3: the client ----

// 3.1 NewLedgerChannel rejects a malformed service config with INVALID_ARGUMENT and the
// validator's message, and makes no channel.
TEST(Lesson18Retries, RejectsAMalformedServiceConfig) {
  const std::vector<std::string> bad = {
      "{",
      R"({"methodConfig":[{"name":[{"service":"lab.retries.Ledger"}],"retryPolicy":)"
      R"({"maxAttempts":1,"initialBackoff":"0.01s","maxBackoff":"0.1s",)"
      R"("backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]})",
      R"({"methodConfig":[{"name":[{"service":"lab.retries.Ledger"}],"retryPolicy":)"
      R"({"maxAttempts":3,"initialBackoff":"10ms","maxBackoff":"0.1s",)"
      R"("backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]})",
      R"({"retryThrottling":{"maxTokens":10}})",
  };
  for (const std::string& config : bad) {
    SCOPED_TRACE("service config: " + config);
    const std::string why = grpc::experimental::ValidateServiceConfigJSON(config);
    ASSERT_NE(why, "") << "the test's bad config should be bad";
    std::shared_ptr<grpc::Channel> channel;
    grpc::Status status = NewLedgerChannel("127.0.0.1:1", config, &channel);
    if (IsNotStarted(status)) {
      LAB_ASSERT_OK(status);  // reports "not started yet"
    }
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT)
        << "a malformed service config should be refused with INVALID_ARGUMENT before "
           "any call (a channel built with it fails every call with \"Failed to "
           "create secure client channel\" and logs the reason); got "
        << Describe(status);
    EXPECT_NE(status.error_message().find(why), std::string::npos)
        << "the status should carry the validator's explanation (\"" << why
        << "\"); it says \"" << status.error_message() << "\"";
    EXPECT_EQ(channel, nullptr) << "no channel for a bad config";
  }
}

// 3.2 NewLedgerChannel applies the config: its retries work, and perAttemptRecvTimeout
// cuts a stuck first attempt so the retry answers.
TEST(Lesson18Retries, ChannelHonoursRetriesAndPerAttemptTimeout) {
  {
    ScriptedLedger service(Script().Fail(2));
    TestServer server({&service});
    ASSERT_TRUE(server.ok()) << server.error();
    std::shared_ptr<grpc::Channel> channel;
    LAB_ASSERT_OK(NewLedgerChannel(server.address(), TestConfig(), &channel));
    ASSERT_NE(channel, nullptr) << "OK, but no channel";
    auto stub = Ledger::NewStub(channel);
    DepositReply reply;
    LAB_EXPECT_OK(CallDeposit(*stub, "r", &reply));
    EXPECT_EQ(service.Attempts("r"), 3) << "the channel should use the config it was "
                                           "given: its retryPolicy retries UNAVAILABLE";
  }
  // The first attempt hangs (the server holds it up to 2 s); each attempt may wait
  // 100 ms for its answer, so the second attempt answers after about 100 ms.
  ScriptedLedger service(Script().Hold(2000ms, false));
  TestServer server({&service});
  ASSERT_TRUE(server.ok()) << server.error();
  std::shared_ptr<grpc::Channel> channel;
  LAB_ASSERT_OK(NewLedgerChannel(
      server.address(), TestConfig(R"(,"perAttemptRecvTimeout":"0.1s")"), &channel));
  ASSERT_NE(channel, nullptr) << "OK, but no channel";
  auto stub = Ledger::NewStub(channel);
  DepositReply reply;
  const auto start = SteadyClock::now();
  grpc::Status status = CallDeposit(*stub, "stuck", &reply, 2000ms);
  const long long took = Ms(SteadyClock::now() - start);
  // Generous: 100 ms per attempt, with room for a slow (sanitized) build.
  EXPECT_TRUE(status.ok() && took < 1500)
      << "with perAttemptRecvTimeout 0.1s, the stuck first attempt should be cut after "
         "100 ms and the second attempt should answer; the call ended "
      << Describe(status) << " after " << took << " ms and " << service.Attempts("stuck")
      << " attempt(s). gRPC 1.51 ignores perAttemptRecvTimeout unless the channel "
         "argument GRPC_ARG_EXPERIMENTAL_ENABLE_HEDGING is 1.";
  service.Release();  // the stuck first attempt, if still held: the server can stop
}

// 3.3 Deposit sets ONE deadline, `timeout` from now, and every attempt carries it (two
// timeouts).
TEST(Lesson18Retries, DepositSetsOneDeadlineFromTimeout) {
  for (milliseconds timeout : {1500ms, 3000ms}) {
    SCOPED_TRACE("timeout " + std::to_string(timeout.count()) + " ms");
    ScriptedLedger service(Script().Fail(1));
    TestServer server({&service});
    ASSERT_TRUE(server.ok()) << server.error();
    auto stub = Ledger::NewStub(ChannelWith(server, TestConfig()));
    DepositReply reply;
    const auto before = SystemClock::now();
    grpc::Status status = Deposit(*stub, "alice", 1, timeout, &reply);
    const auto after = SystemClock::now();
    LAB_ASSERT_OK(status);
    std::vector<SystemClock::time_point> deadlines = service.Deadlines();
    ASSERT_EQ(deadlines.size(), 2u) << "one failed attempt and its retry";
    EXPECT_TRUE(
        lab::testing::DeadlineFollowsTimeout(deadlines[0], before, after, timeout));
    // The retry carries the call's deadline. The server derives it from a relative
    // timeout header, so it moves by the time in transit: allow 100 ms.
    EXPECT_LT(std::chrono::abs(deadlines[1] - deadlines[0]), 100ms)
        << "the retry should carry the same deadline as the first attempt: one deadline "
           "for the whole call";
  }
}

// 3.4 The deadline bounds all attempts together: a server that fails slowly every time
// ends the call at `timeout` with DEADLINE_EXCEEDED.
TEST(Lesson18Retries, DeadlineBoundsAllAttempts) {
  // Every attempt takes 100 ms, then fails with UNAVAILABLE; the policy allows 5.
  ScriptedLedger service(Script().Fail(1000).Hold(100ms, true));
  TestServer server({&service});
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = Ledger::NewStub(ChannelWith(server, TestConfig()));
  constexpr milliseconds kTimeout = 250ms;
  DepositReply reply;
  const auto start = SteadyClock::now();
  grpc::Status status = Deposit(*stub, "alice", 1, kTimeout, &reply);
  const long long took = Ms(SteadyClock::now() - start);
  if (IsNotStarted(status)) {
    LAB_ASSERT_OK(status);  // reports "not started yet"
  }
  LAB_EXPECT_CODE(status, StatusCode::DEADLINE_EXCEEDED);
  // Generous: three times the timeout (the call itself ends at 250 ms).
  EXPECT_LT(took, 3 * kTimeout.count())
      << "the call took " << took << " ms with a " << kTimeout.count() << " ms timeout, "
      << "over " << service.TotalAttempts() << " attempts: the deadline is for all "
      << "attempts together; a fresh deadline per try multiplies it";
  // Every attempt should carry the call's one deadline (100 ms of transit slack).
  std::vector<SystemClock::time_point> deadlines = service.Deadlines();
  milliseconds spread{0};
  for (const auto& deadline : deadlines) {
    spread = std::max(spread, std::chrono::duration_cast<milliseconds>(
                                  std::chrono::abs(deadline - deadlines.front())));
  }
  EXPECT_LT(spread.count(), 100)
      << "the server saw deadlines up to " << spread.count() << " ms apart over "
      << deadlines.size()
      << " attempts: every attempt should carry the call's one "
         "deadline; a new ClientContext per try gives each try "
         "its own";
}

// 3.5 Every Deposit call has its own request id: two equal deposits are both applied.
TEST(Lesson18Retries, EachDepositHasItsOwnRequestId) {
  LedgerService ledger;
  ScriptedLedger front(Script().Backed(&ledger, false));
  TestServer server({&front});
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = server.NewStub<Ledger>();
  DepositReply reply;
  LAB_ASSERT_OK(Deposit(*stub, "carol", 5, 5000ms, &reply));
  LAB_ASSERT_OK(Deposit(*stub, "carol", 5, 5000ms, &reply));
  std::vector<std::string> ids = front.Ids();
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_FALSE(ids[0].empty()) << "Deposit should set a request_id";
  EXPECT_NE(ids[0], ids[1]) << "two Deposit calls sent the same request_id \"" << ids[0]
                            << "\": the ledger takes the second for a retry of the "
                               "first. Make a new id per deposit (random), not one "
                               "derived from what is deposited.";
  EXPECT_EQ(ledger.Balance("carol"), 10) << "two deposits of 5";
}

}  // namespace
}  // namespace lab::retries
