// Lesson 19 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your RateLimiter (rate_limiter.cc) in front of a reference service, called
//           by a reference client.
//   Part 2: your CircuitBreaker and its interceptor (circuit_breaker.cc), calling a
//           reference server that fails, holds calls and counts them on demand.
//   Part 3: gRPC's own outlier detection, for comparison (nothing to write).
// Parts 1 and 2 run on a FakeClock (clock.h) that the tests move by hand: the times
// below are exact, and no test sleeps.
#include "resilience.h"

#include <grpcpp/support/validate_service_config.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "lab/testing.h"
#include "resilience.grpc.pb.h"

namespace lab::resilience {
namespace {

using grpc::StatusCode;
using lab::testing::CodeName;
using lab::testing::Describe;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

// The reference service: optionally behind your limiter; counts the calls that reach
// its code, fails with a code on demand, and can hold the next call until released.
class CountingWorker final : public Worker::Service {
 public:
  explicit CountingWorker(RateLimiter* limiter = nullptr) : limiter_(limiter) {}

  grpc::Status Work(grpc::ServerContext* context, const WorkRequest* request,
                    WorkReply* reply) override {
    if (limiter_ != nullptr) {
      grpc::Status admitted = limiter_->Admit(context);
      if (!admitted.ok()) return admitted;
    }
    std::unique_lock<std::mutex> lock(mu_);
    ++calls_;
    changed_.notify_all();
    if (hold_next_) {
      hold_next_ = false;
      holding_ = true;
      changed_.notify_all();
      // Bounded, so a test that fails never leaves a handler behind.
      changed_.wait_for(lock, 5s, [&] { return !holding_; });
      holding_ = false;
    }
    if (fail_with_ != StatusCode::OK) {
      return grpc::Status(fail_with_, "the reference server was told to fail");
    }
    reply->set_job(request->job());
    reply->set_backend("reference");
    return grpc::Status::OK;
  }

  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  void FailWith(StatusCode code) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_with_ = code;
  }
  // The next call that reaches the handler waits there until Release().
  void HoldNextCall() {
    std::lock_guard<std::mutex> lock(mu_);
    hold_next_ = true;
  }
  bool WaitUntilHolding(milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return holding_; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    hold_next_ = false;
    holding_ = false;
    changed_.notify_all();
  }

 private:
  RateLimiter* const limiter_;
  std::mutex mu_;
  std::condition_variable changed_;
  int calls_ = 0;
  StatusCode fail_with_ = StatusCode::OK;
  bool hold_next_ = false;
  bool holding_ = false;
};

// One Work call as `caller` (nullptr: no x-caller header); `retry_after` gets the
// retry-after-ms trailer ("" if none).
grpc::Status CallAs(Worker::Stub& stub, const char* caller,
                    std::string* retry_after = nullptr) {
  grpc::ClientContext context;
  SetDeadline(context);
  if (caller != nullptr) context.AddMetadata(kCallerHeader, caller);
  WorkRequest request;
  request.set_job("resize");
  WorkReply reply;
  grpc::Status status = stub.Work(&context, request, &reply);
  if (retry_after != nullptr) {
    retry_after->clear();
    const auto& trailers = context.GetServerTrailingMetadata();
    auto it = trailers.find(kRetryAfterHeader);
    if (it != trailers.end()) retry_after->assign(it->second.data(), it->second.size());
  }
  return status;
}

// Counts results from many threads; a test waits on a count with a deadline.
class Tally {
 public:
  void Add(const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    ++by_code_[status.error_code()];
    if (status.error_code() == StatusCode::UNAVAILABLE &&
        status.error_message().rfind("circuit breaker open", 0) == 0) {
      ++fast_failures_;
    }
    changed_.notify_all();
  }
  int Count(StatusCode code) {
    std::lock_guard<std::mutex> lock(mu_);
    return by_code_[code];
  }
  int FastFailures() {
    std::lock_guard<std::mutex> lock(mu_);
    return fast_failures_;
  }
  bool WaitForFastFailures(int count, milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return fast_failures_ >= count; });
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<StatusCode, int> by_code_;
  int fast_failures_ = 0;
};

// Runs `threads` threads that each make `calls` calls, tallied; returns the threads.
std::vector<std::thread> RunCallers(Worker::Stub& stub, const char* caller, int threads,
                                    int calls, Tally& tally) {
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t) {
    running.emplace_back([&stub, caller, calls, &tally] {
      for (int i = 0; i < calls; ++i) tally.Add(CallAs(stub, caller));
    });
  }
  return running;
}

void JoinAll(std::vector<std::thread>& threads) {
  for (auto& thread : threads) thread.join();
}

// ---------------------------------------------------------------------------------
// Part 1: rate_limiter.cc

class Lesson19ResilienceLimiter : public ::testing::Test {
 protected:
  void Start(BucketConfig config) {
    limiter_ = std::make_unique<RateLimiter>(config, &clock_);
    service_ = std::make_unique<CountingWorker>(limiter_.get());
    server_ = std::make_unique<TestServer>(std::vector<grpc::Service*>{service_.get()});
    ASSERT_TRUE(server_->ok()) << server_->error();
    stub_ = server_->NewStub<Worker>();
  }
  // Makes `count` calls as `caller` and expects each to be admitted.
  void ExpectAdmitted(const char* caller, int count, const std::string& why) {
    for (int i = 1; i <= count; ++i) {
      grpc::Status status = CallAs(*stub_, caller);
      ASSERT_TRUE(lab::testing::IsOk(status))
          << "call " << i << " of " << count << " as " << (caller ? caller : "anonymous")
          << " should have been admitted: " << why;
    }
  }
  void ExpectRefused(const char* caller, const std::string& why) {
    std::string hint;
    grpc::Status status = CallAs(*stub_, caller, &hint);
    EXPECT_TRUE(lab::testing::HasCode(status, StatusCode::RESOURCE_EXHAUSTED))
        << "this call as " << (caller ? caller : "anonymous")
        << " should have been refused: " << why;
  }

  FakeClock clock_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<CountingWorker> service_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<Worker::Stub> stub_;
};

// 1.1 A new caller's bucket is full: exactly `capacity` calls at once are admitted,
//     the next one is RESOURCE_EXHAUSTED and never reaches the handler.
TEST_F(Lesson19ResilienceLimiter, BurstOfExactlyCapacity) {
  Start({/*capacity=*/3, /*tokens_per_second=*/1});
  ExpectAdmitted("alice", 3, "a new bucket starts full, with capacity 3 tokens");
  ExpectRefused("alice", "3 tokens were spent and the clock has not moved");
  EXPECT_EQ(service_->calls(), 3)
      << "the refused call reached the handler: Admit() must refuse before the work";
}

// 1.2 The bucket refills at tokens_per_second, fractions included (2 tokens/s: half a
//     token after 250 ms, a whole one after 500 ms).
TEST_F(Lesson19ResilienceLimiter, RefillsExactlyIncludingFractions) {
  Start({/*capacity=*/2, /*tokens_per_second=*/2});
  ExpectAdmitted("alice", 2, "a new bucket starts full");
  clock_.Advance(250ms);
  ExpectRefused("alice", "250 ms at 2 tokens/s is half a token, and a call costs one");
  clock_.Advance(250ms);
  ExpectAdmitted("alice", 1,
                 "250 + 250 ms at 2 tokens/s is one whole token: keep the half token "
                 "of a refused call, and refill from the last update, not the last "
                 "admitted call");
  ExpectRefused("alice", "that token was just spent");
  clock_.Advance(750ms);
  ExpectAdmitted("alice", 1, "750 ms at 2 tokens/s is 1.5 tokens");
  ExpectRefused("alice", "half a token is left");
  clock_.Advance(250ms);
  ExpectAdmitted("alice", 1, "the half token left plus 250 ms at 2 tokens/s is one");
}

// 1.3 A quiet caller's bucket fills up to capacity and no further: an hour of silence
//     buys one burst of `capacity`, not an hour's worth of calls.
TEST_F(Lesson19ResilienceLimiter, RefillStopsAtCapacity) {
  Start({/*capacity=*/3, /*tokens_per_second=*/1});
  ExpectAdmitted("alice", 3, "a new bucket starts full");
  clock_.Advance(1h);
  ExpectAdmitted("alice", 3, "after an hour the bucket is full again");
  ExpectRefused("alice",
                "a bucket never holds more than its capacity (3): cap the refill, or "
                "an hour of silence allows a burst of 3600 calls");
}

// 1.4 A refusal carries retry-after-ms: the wait until one whole token, rounded up;
//     a caller who waits exactly that long is admitted.
TEST_F(Lesson19ResilienceLimiter, RefusalCarriesRetryAfterRoundedUp) {
  Start({/*capacity=*/1, /*tokens_per_second=*/3});
  ExpectAdmitted("alice", 1, "a new bucket starts full");
  std::string hint;
  grpc::Status status = CallAs(*stub_, "alice", &hint);
  ASSERT_TRUE(lab::testing::HasCode(status, StatusCode::RESOURCE_EXHAUSTED))
      << "the bucket (capacity 1) is empty";
  EXPECT_EQ(hint, "334") << "an empty bucket at 3 tokens/s has a whole token after "
                            "333.3 ms: the trailer retry-after-ms should be \"334\" "
                            "(rounded UP: a client waiting 333 ms would be refused "
                            "again), sent with context->AddTrailingMetadata()";
  clock_.Advance(250ms);  // 0.75 tokens: a quarter token, 83.3 ms, is missing
  status = CallAs(*stub_, "alice", &hint);
  ASSERT_TRUE(lab::testing::HasCode(status, StatusCode::RESOURCE_EXHAUSTED))
      << "250 ms at 3 tokens/s is 0.75 tokens";
  EXPECT_EQ(hint, "84") << "0.75 tokens at 3 tokens/s: a whole token in 83.3 ms, so "
                           "retry-after-ms should be \"84\"";
  clock_.Advance(83ms);
  ExpectRefused("alice", "after 83 of the 83.3 ms the token is not whole yet");
  clock_.Advance(1ms);
  ExpectAdmitted("alice", 1, "84 ms after the hint the token is whole");
}

// 1.5 Callers are isolated: each x-caller has its own bucket, and calls without one
//     (or with an empty one) share a single anonymous bucket.
TEST_F(Lesson19ResilienceLimiter, CallersAreIsolated) {
  Start({/*capacity=*/2, /*tokens_per_second=*/1});
  ExpectAdmitted("alice", 2, "a new bucket starts full");
  ExpectRefused("alice", "alice spent her 2 tokens");
  ExpectAdmitted("bob", 2, "bob has a bucket of his own: alice's calls cost him nothing");
  ExpectAdmitted(nullptr, 1, "anonymous calls have a bucket of their own");
  ExpectAdmitted("", 1,
                 "an empty x-caller is anonymous too, and there was one token left");
  ExpectRefused(nullptr,
                "anonymous callers share ONE bucket (capacity 2), or leaving out "
                "x-caller would escape the limit");
  ExpectRefused("", "an empty x-caller is charged to the same anonymous bucket");
  ExpectAdmitted("carol", 2, "the anonymous bucket is not carol's");
}

// 1.6 Under concurrent calls (4 threads each for two callers, 20 calls per thread, the
//     clock standing still), each caller gets exactly `capacity` calls, not one more.
TEST_F(Lesson19ResilienceLimiter, ConcurrentCallsGetExactlyCapacity) {
  Start({/*capacity=*/50, /*tokens_per_second=*/1});
  Tally alice;
  Tally bob;
  std::vector<std::thread> threads = RunCallers(*stub_, "alice", 4, 20, alice);
  std::vector<std::thread> more = RunCallers(*stub_, "bob", 4, 20, bob);
  JoinAll(threads);
  JoinAll(more);
  const std::pair<const char*, Tally*> callers[] = {{"alice", &alice}, {"bob", &bob}};
  for (const auto& [name, tally] : callers) {
    EXPECT_EQ(tally->Count(StatusCode::OK), 50)
        << name << " made 80 calls at once with a bucket of 50 and a clock that stands "
        << "still: exactly 50 must be admitted. More means two threads spent the same "
        << "token (is every read and write of a bucket under mu_?)";
    EXPECT_EQ(tally->Count(StatusCode::RESOURCE_EXHAUSTED), 30)
        << name << ": the other 30 calls must be refused";
  }
  EXPECT_EQ(service_->calls(), 100) << "exactly 2 x 50 calls should reach the handler";
}

// ---------------------------------------------------------------------------------
// Part 2: circuit_breaker.cc

// Threshold 3, cool-down 1 s on the fake clock.
constexpr int kThreshold = 3;
constexpr milliseconds kOpenFor = 1000ms;

class Lesson19ResilienceBreaker : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(std::vector<grpc::Service*>{&service_});
    ASSERT_TRUE(server_->ok()) << server_->error();
    stub_ = Worker::NewStub(MakeProtectedChannel(server_->address(), &breaker_));
  }
  void TearDown() override { service_.Release(); }

  grpc::Status Call() { return CallAs(*stub_, "alice"); }

  // Makes `count` calls against a server failing with `code`; each must reach it.
  void FailCalls(int count, StatusCode code = StatusCode::UNAVAILABLE) {
    service_.FailWith(code);
    for (int i = 0; i < count; ++i) {
      const int before = service_.calls();
      grpc::Status status = Call();
      ASSERT_EQ(service_.calls(), before + 1)
          << "a call was stopped by the breaker before the server had failed "
          << kThreshold << " times in a row (it came back " << Describe(status) << ")";
    }
  }
  // Opens the breaker: kThreshold UNAVAILABLE failures.
  void Open() {
    ASSERT_NO_FATAL_FAILURE(FailCalls(kThreshold));
    ASSERT_EQ(breaker_.state(), BreakerState::kOpen)
        << kThreshold << " UNAVAILABLE failures in a row should open the breaker "
        << "(threshold " << kThreshold << ")";
  }
  // Expects the next call to fail fast: UNAVAILABLE from the breaker, nothing sent.
  void ExpectFailsFast(const std::string& why) {
    const int before = service_.calls();
    grpc::Status status = Call();
    EXPECT_EQ(service_.calls(), before)
        << "this call reached the server, but " << why
        << ": the interceptor must Hijack() the call when Allow() says no";
    EXPECT_TRUE(lab::testing::HasCode(status, StatusCode::UNAVAILABLE)) << why;
    EXPECT_EQ(status.error_message().rfind("circuit breaker open", 0), 0u)
        << "a fast failure's message should start with \"circuit breaker open\"; it was "
        << Describe(status);
  }

  FakeClock clock_;
  CircuitBreaker breaker_{BreakerConfig{kThreshold, kOpenFor}, &clock_};
  CountingWorker service_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<Worker::Stub> stub_;
};

// 2.1 Failures that say the server is unwell count (UNAVAILABLE, DEADLINE_EXCEEDED,
//     INTERNAL); the caller's own mistakes do not (INVALID_ARGUMENT, NOT_FOUND, ...).
TEST(Lesson19ResilienceFailures, OnlyServerFailuresCount) {
  for (StatusCode code :
       {StatusCode::UNAVAILABLE, StatusCode::DEADLINE_EXCEEDED, StatusCode::INTERNAL}) {
    EXPECT_TRUE(CountsAsFailure(code))
        << CodeName(code) << " says the server (or the way to it) is in trouble: it "
        << "must count toward opening the breaker (README: which failures count)";
  }
  for (StatusCode code : {StatusCode::OK, StatusCode::INVALID_ARGUMENT,
                          StatusCode::NOT_FOUND, StatusCode::ALREADY_EXISTS,
                          StatusCode::PERMISSION_DENIED, StatusCode::UNAUTHENTICATED,
                          StatusCode::FAILED_PRECONDITION, StatusCode::OUT_OF_RANGE}) {
    EXPECT_FALSE(CountsAsFailure(code))
        << CodeName(code) << " is a healthy server's answer to this caller's request: "
        << "counting it would let one caller's bad requests cut everyone off the server "
        << "(README: which failures count)";
  }
}

// 2.2 The breaker opens after exactly failure_threshold consecutive failures; from
//     then on calls fail fast with UNAVAILABLE.
TEST_F(Lesson19ResilienceBreaker, OpensAfterThresholdFailures) {
  ASSERT_NO_FATAL_FAILURE(FailCalls(kThreshold - 1));
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed)
      << kThreshold - 1 << " failures are below the threshold of " << kThreshold;
  ASSERT_NO_FATAL_FAILURE(FailCalls(1));
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen)
      << "failure number " << kThreshold << " in a row should open the breaker";
  ExpectFailsFast("the breaker is open");
}

// 2.3 A result that is not a failure resets the count: failures must be consecutive;
//     a caller's own errors never open the breaker.
TEST_F(Lesson19ResilienceBreaker, SuccessResetsTheCount) {
  ASSERT_NO_FATAL_FAILURE(FailCalls(kThreshold - 1));
  service_.FailWith(StatusCode::OK);
  LAB_ASSERT_OK(Call());
  ASSERT_NO_FATAL_FAILURE(FailCalls(kThreshold - 1));
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed)
      << "2 failures, a success, 2 failures: never " << kThreshold
      << " in a row, so the breaker must stay closed (a success resets the count)";
  ASSERT_NO_FATAL_FAILURE(FailCalls(2 * kThreshold, StatusCode::NOT_FOUND));
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed)
      << "NOT_FOUND is not a failure of the server: it must not open the breaker";
  ASSERT_NO_FATAL_FAILURE(FailCalls(kThreshold - 1));
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed)
      << "a NOT_FOUND answer resets the count like a success";
  ASSERT_NO_FATAL_FAILURE(FailCalls(1));
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen)
      << "now " << kThreshold << " UNAVAILABLE failures came in a row: it should open";
}

// 2.4 While open, no call reaches the server, however many are made, until the
//     cool-down (open_for) has passed on the clock.
TEST_F(Lesson19ResilienceBreaker, FailsFastWhileOpen) {
  ASSERT_NO_FATAL_FAILURE(Open());
  for (int i = 0; i < 20; ++i) ExpectFailsFast("the breaker is open");
  clock_.Advance(kOpenFor - 1ms);
  ExpectFailsFast("the cool-down (1000 ms) is not over after 999 ms");
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
}

// 2.5 After the cool-down, half-open lets exactly one probe through; while the probe is
//     out, other calls fail fast; the probe's success closes the breaker.
TEST_F(Lesson19ResilienceBreaker, HalfOpenLetsOneProbeThroughAndSuccessCloses) {
  ASSERT_NO_FATAL_FAILURE(Open());
  clock_.Advance(kOpenFor);
  service_.FailWith(StatusCode::OK);  // the server has recovered
  service_.HoldNextCall();
  grpc::Status probe_status;
  std::thread probe([&] { probe_status = Call(); });
  ASSERT_TRUE(service_.WaitUntilHolding(5s))
      << "after the cool-down, the next call should go out as the probe; none reached "
      << "the server within 5 s";
  EXPECT_EQ(breaker_.state(), BreakerState::kHalfOpen)
      << "with the probe out, the breaker is half-open";
  for (int i = 0; i < 5; ++i) {
    ExpectFailsFast("the probe is still out: half-open lets exactly one call through");
  }
  service_.Release();
  probe.join();
  LAB_EXPECT_OK(probe_status);
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed) << "a successful probe closes it";
  const int before = service_.calls();
  LAB_EXPECT_OK(Call());
  EXPECT_EQ(service_.calls(), before + 1) << "closed again: calls go through";
}

// 2.6 A probe that fails opens the breaker again, for a whole new cool-down from the
//     moment it failed.
TEST_F(Lesson19ResilienceBreaker, FailedProbeReopens) {
  ASSERT_NO_FATAL_FAILURE(Open());
  clock_.Advance(kOpenFor);
  const int before = service_.calls();
  grpc::Status probe = Call();  // the server still fails
  EXPECT_EQ(service_.calls(), before + 1) << "after the cool-down, a probe goes out";
  EXPECT_TRUE(lab::testing::HasCode(probe, StatusCode::UNAVAILABLE));
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen)
      << "a failed probe reopens the breaker";
  ExpectFailsFast("a failed probe reopens the breaker");
  clock_.Advance(kOpenFor - 1ms);
  ExpectFailsFast("a new cool-down starts when the probe fails: 999 ms of 1000 passed");
  clock_.Advance(1ms);
  service_.FailWith(StatusCode::OK);
  const int again = service_.calls();
  LAB_EXPECT_OK(Call());
  EXPECT_EQ(service_.calls(), again + 1) << "after the new cool-down, the next probe";
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
}

// 2.7 Thread-safe under contention: 8 threads x 20 calls on an open breaker all fail
//     fast; after the cool-down, of 8 x 20 racing calls exactly one is the probe.
TEST_F(Lesson19ResilienceBreaker, ConcurrentCallersGetExactlyOneProbe) {
  ASSERT_NO_FATAL_FAILURE(Open());
  const int opened_calls = service_.calls();
  {
    Tally tally;
    std::vector<std::thread> threads = RunCallers(*stub_, "alice", 8, 20, tally);
    JoinAll(threads);
    EXPECT_EQ(tally.FastFailures(), 160) << "the breaker is open: all 160 fail fast";
    EXPECT_EQ(service_.calls(), opened_calls) << "no call may reach the server";
  }
  clock_.Advance(kOpenFor);
  service_.FailWith(StatusCode::OK);
  service_.HoldNextCall();
  Tally tally;
  std::vector<std::thread> threads = RunCallers(*stub_, "alice", 8, 20, tally);
  // The first call after the cool-down is the probe, held by the server; the other 7
  // threads' 140 calls all come while it is out.
  // Wait for both: the probe held by the server, and the other threads' calls done.
  const bool probe_held = service_.WaitUntilHolding(5s);
  const bool all_failed_fast = tally.WaitForFastFailures(140, 5s);
  const int reached = service_.calls() - opened_calls;
  service_.Release();
  JoinAll(threads);
  EXPECT_TRUE(probe_held) << "after the cool-down, one call should have gone out as "
                             "the probe; none reached the server within 5 s";
  EXPECT_TRUE(all_failed_fast)
      << "while the probe was out, 140 calls on 7 other threads should have failed fast; "
      << tally.FastFailures() << " did";
  EXPECT_EQ(reached, 1) << "exactly one probe may go out while half-open; " << reached
                        << " calls reached the server (is Allow() one step under mu_?)";
  EXPECT_EQ(tally.Count(StatusCode::OK), 20)
      << "the probe and the 19 later calls of its thread, after the breaker closed";
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
}

// ---------------------------------------------------------------------------------
// Part 3: the built-in comparison (OutlierDetectionServiceConfig)

// 3.1 With your OutlierDetectionServiceConfig, gRPC 1.51's outlier_detection_experimental
//     ejects a failing backend from round_robin (real time: interval 0.2 s).
TEST(Lesson19ResilienceBuiltIn, OutlierDetectionEjectsAFailingBackend) {
  const std::string config = OutlierDetectionServiceConfig();
  if (config.empty()) {
    FAIL() << "not started yet: OutlierDetectionServiceConfig returns \"\" (see "
              "TODO(lesson19) in lessons/19-resilience/circuit_breaker.cc)";
  }
  const std::string invalid = grpc::experimental::ValidateServiceConfigJSON(config);
  ASSERT_EQ(invalid, "") << "gRPC refuses this service config: " << invalid << "\n"
                         << config;
  CountingWorker services[3];
  services[2].FailWith(StatusCode::UNAVAILABLE);
  std::vector<std::unique_ptr<TestServer>> servers;
  std::string target = "ipv4:";
  for (auto& service : services) {
    servers.push_back(
        std::make_unique<TestServer>(std::vector<grpc::Service*>{&service}));
    ASSERT_TRUE(servers.back()->ok()) << servers.back()->error();
    target += (servers.size() > 1 ? "," : "") + servers.back()->address();
  }
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(config);
  auto stub = Worker::NewStub(
      grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));

  // Before ejection round_robin sends every third call to the failing backend. Wait
  // (at most 25 intervals: ejection took one or two here, so this is generous for a
  // slow sanitizer run) for 30 successes in a row, which round_robin over three would
  // never give.
  const auto start = std::chrono::steady_clock::now();
  const auto give_up = start + 25 * kEjectionInterval;
  int in_a_row = 0;
  int calls = 0;
  while (in_a_row < 30 && std::chrono::steady_clock::now() < give_up) {
    in_a_row = CallAs(*stub, "alice").ok() ? in_a_row + 1 : 0;
    ++calls;
  }
  const int failing_before = services[2].calls();
  std::cout << "ejected after " << calls << " calls and "
            << std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() -
                                                        start)
                   .count()
            << " ms; the failing backend got " << failing_before << std::endl;
  ASSERT_EQ(in_a_row, 30)
      << "outlier detection did not eject the backend that failed every call within "
      << (25 * kEjectionInterval).count() << " ms (" << calls
      << " calls). Does its failure-percentage ejection run at all with 3 backends "
         "and this many calls per interval? Check each setting's default (README: "
         "\"Built in: outlier detection\").\n"
      << config;
  const int good_before = services[0].calls() + services[1].calls();
  for (int i = 0; i < 60; ++i) LAB_EXPECT_OK(CallAs(*stub, "alice"));
  EXPECT_EQ(services[2].calls(), failing_before) << "the ejected backend still got calls";
  EXPECT_EQ(services[0].calls() + services[1].calls(), good_before + 60);
  EXPECT_GT(services[0].calls(), 0);
  EXPECT_GT(services[1].calls(), 0);
  std::cout << "after ejection: " << services[0].calls() << " / " << services[1].calls()
            << " / " << services[2].calls() << " calls per backend" << std::endl;
}

}  // namespace
}  // namespace lab::resilience
