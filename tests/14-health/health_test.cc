// Lesson 14 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your server side (health_server.cc): StartServer and Drain, checked by
//           reference health clients (Check, Watch) and a reference health-checking
//           channel, over real servers on loopback.
//   Part 2: your monitor (monitor.cc): CheckHealth and WatchHealth against reference
//           servers running gRPC's own health service.
//   Part 3: your health-checking channel (monitor.cc) over two reference backends.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "health_demo.grpc.pb.h"
#include "health_server.h"
#include "lab/testing.h"
#include "monitor.h"

namespace lab::health {
namespace {

using grpc::StatusCode;
using lab::testing::Describe;
using lab::testing::SetDeadline;
using std::chrono::milliseconds;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

const std::string kBackend = Backend::service_full_name();  // "lab.health.Backend"

// The drain grace the tests give Drain(). Bounds on how long Drain() may take are
// generous multiples of it (sanitizers make everything several times slower).
constexpr milliseconds kGrace = 200ms;
// How long a test waits for Drain(kGrace), or for the streams it ends: 8 x grace.
constexpr milliseconds kDrainBound = kGrace * 8;
// How long a test waits for a channel to react to a health change (it takes under
// 1 ms here; this allows for slow sanitizer builds on a busy machine).
constexpr milliseconds kSwitchBound = 2000ms;

long long Ms(SteadyClock::duration d) {
  return std::chrono::duration_cast<milliseconds>(d).count();
}

std::string Name(ServingStatus status) {
  return HealthCheckResponse::ServingStatus_Name(status);
}

std::string Names(const std::vector<ServingStatus>& statuses) {
  std::string out = "[";
  for (size_t i = 0; i < statuses.size(); ++i) {
    out += (i > 0 ? ", " : "") + Name(statuses[i]);
  }
  return out + "]";
}

// Consecutive repeats dropped: gRPC's health service sends a status again each time
// it is set, even to the same value.
std::vector<ServingStatus> Changes(const std::vector<ServingStatus>& statuses) {
  std::vector<ServingStatus> out;
  for (ServingStatus s : statuses) {
    if (out.empty() || out.back() != s) out.push_back(s);
  }
  return out;
}

// A Backend replica that counts its calls and, when told to, holds the next call
// until Release() (or until the call is cancelled): a call in flight on demand.
class CountingBackend final : public Backend::Service {
 public:
  explicit CountingBackend(std::string replica) : replica_(std::move(replica)) {}

  grpc::Status Work(grpc::ServerContext* context, const WorkRequest* request,
                    WorkReply* reply) override {
    calls_++;
    std::unique_lock lock(mu_);
    if (hold_next_) {
      hold_next_ = false;
      holding_ = true;
      changed_.notify_all();
      // A sync handler hears of cancellation only by asking: look now and then.
      while (!released_ && !context->IsCancelled()) {
        changed_.wait_for(lock, 20ms);
      }
      holding_ = false;
      if (!released_) return grpc::Status(StatusCode::CANCELLED, "cancelled while held");
    }
    reply->set_job(request->job());
    reply->set_replica(replica_);
    return grpc::Status::OK;
  }

  int calls() const { return calls_; }
  void HoldNext() {
    std::lock_guard lock(mu_);
    hold_next_ = true;
  }
  bool holding() {
    std::lock_guard lock(mu_);
    return holding_;
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  const std::string replica_;
  std::atomic<int> calls_{0};
  std::mutex mu_;
  std::condition_variable changed_;
  bool hold_next_ = false;
  bool holding_ = false;
  bool released_ = false;
};

// A Backend server on 127.0.0.1:0 with a health service, started by your StartServer
// (Part 1) or by the test itself (Parts 2 and 3).
class Replica {
 public:
  explicit Replica(std::string name) : service_(std::move(name)) {}
  ~Replica() {
    service_.Release();
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  // Your StartServer, reporting kBackend.
  grpc::Status StartWithYours() {
    grpc::ServerBuilder builder;
    Prepare(builder);
    grpc::Status status = StartServer(builder, {kBackend}, &server_);
    if (status.ok() && server_ == nullptr) {
      return grpc::Status(StatusCode::INTERNAL, "StartServer returned OK but no server");
    }
    return status;
  }

  // gRPC's health service set up by the test: kBackend SERVING.
  void StartReference() {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    Prepare(builder);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr) << "the test's reference server did not start";
    SetServing(kBackend, true);
  }

  void SetServing(const std::string& name, bool serving) {
    server_->GetHealthCheckService()->SetServingStatus(name, serving);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  grpc::Server& server() { return *server_; }
  CountingBackend& backend() { return service_; }

 private:
  void Prepare(grpc::ServerBuilder& builder) {
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
  }

  CountingBackend service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// A reference Health/Check on a channel of its own.
grpc::Status RefCheck(const std::string& address, const std::string& service,
                      ServingStatus* status, milliseconds timeout = 2000ms) {
  auto stub =
      Health::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  SetDeadline(context, timeout);
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::Status result = stub->Check(&context, request, &response);
  *status = response.status();
  return result;
}

// Waits until `done()` holds (checked under `mu`), at most `timeout`.
bool WaitUntil(std::mutex& mu, std::condition_variable& cv, milliseconds timeout,
               const std::function<bool()>& done) {
  std::unique_lock lock(mu);
  return cv.wait_for(lock, timeout, done);
}

// A reference monitor: follows one name with Health/Watch on a thread of its own and
// records what it hears, then how the stream ended.
class RefWatcher {
 public:
  RefWatcher(const std::string& address, std::string service)
      : stub_(Health::NewStub(
            grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))) {
    SetDeadline(context_, 10s);
    request_.set_service(std::move(service));
    thread_ = std::thread([this] { Run(); });
  }
  ~RefWatcher() {
    context_.TryCancel();
    thread_.join();
  }

  // Waits until `status` has been heard, at most `timeout`.
  bool WaitFor(ServingStatus status, milliseconds timeout = 5s) {
    return WaitUntil(mu_, cv_, timeout, [&] {
      for (ServingStatus s : heard_) {
        if (s == status) return true;
      }
      return false;
    });
  }
  // Waits until the stream has ended, at most `timeout`.
  bool WaitForEnd(SteadyClock::time_point until) {
    std::unique_lock lock(mu_);
    return cv_.wait_until(lock, until, [&] { return ended_; });
  }
  std::vector<ServingStatus> heard() {
    std::lock_guard lock(mu_);
    return heard_;
  }
  grpc::Status end() {
    std::lock_guard lock(mu_);
    return end_;
  }
  void Cancel() { context_.TryCancel(); }

 private:
  void Run() {
    auto stream = stub_->Watch(&context_, request_);
    HealthCheckResponse response;
    while (stream->Read(&response)) {
      std::lock_guard lock(mu_);
      heard_.push_back(response.status());
      cv_.notify_all();
    }
    grpc::Status end = stream->Finish();
    std::lock_guard lock(mu_);
    end_ = end;
    ended_ = true;
    cv_.notify_all();
  }

  std::unique_ptr<Health::Stub> stub_;
  grpc::ClientContext context_;
  HealthCheckRequest request_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ServingStatus> heard_;
  grpc::Status end_;
  bool ended_ = false;
};

// One Work call: the replica that answered, or "" with *status set.
std::string Work(Backend::Stub& stub, grpc::Status* status = nullptr) {
  grpc::ClientContext context;
  SetDeadline(context, 2000ms);
  WorkRequest request;
  request.set_job("job");
  WorkReply reply;
  grpc::Status result = stub.Work(&context, request, &reply);
  if (status != nullptr) *status = result;
  return result.ok() ? reply.replica() : "";
}

// Calls until `count` calls in a row are answered by `replica`, for at most `timeout`.
// Returns how long that took, or nullopt.
std::optional<milliseconds> UntilOnly(Backend::Stub& stub, const std::string& replica,
                                      int count, milliseconds timeout) {
  const auto start = SteadyClock::now();
  int in_a_row = 0;
  while (SteadyClock::now() - start < timeout) {
    in_a_row = Work(stub) == replica ? in_a_row + 1 : 0;
    if (in_a_row == count) {
      return std::chrono::duration_cast<milliseconds>(SteadyClock::now() - start);
    }
  }
  return std::nullopt;
}

// A reference client's channel that health-checks kBackend and balances round-robin.
std::shared_ptr<grpc::Channel> RefChannel(const std::string& policy, const Replica& a,
                                          const Replica& b) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(R"({"loadBalancingConfig":[{")" + policy +
                            R"(":{}}],"healthCheckConfig":{"serviceName":")" + kBackend +
                            R"("}})");
  return grpc::CreateCustomChannel("ipv4:" + a.address() + "," + b.address(),
                                   grpc::InsecureChannelCredentials(), args);
}

// Asserts that a reference Check finds kBackend SERVING on `replica` (test 1.1).
void ExpectServing(Replica& replica) {
  ServingStatus status = HealthCheckResponse::UNKNOWN;
  const grpc::Status result = RefCheck(replica.address(), kBackend, &status);
  ASSERT_TRUE(result.ok() && status == HealthCheckResponse::SERVING)
      << "StartServer should report " << kBackend << " SERVING (test 1.1); Check says "
      << Describe(result) << " " << Name(status);
}

// Calls through `stub` until both A and B have answered, for at most kSwitchBound.
// (A new round_robin channel uses each backend from the moment it is connected and
// its health check says SERVING: the first calls may all go to one of them.) Every
// call must succeed: *failed gets the first failure.
bool ReachesBoth(Backend::Stub& stub, grpc::Status* failed = nullptr) {
  bool a = false;
  bool b = false;
  const auto give_up = SteadyClock::now() + kSwitchBound;
  while (!(a && b) && SteadyClock::now() < give_up) {
    grpc::Status status;
    const std::string replica = Work(stub, &status);
    if (!status.ok()) {
      if (failed != nullptr) *failed = status;
      return false;
    }
    a = a || replica == "A";
    b = b || replica == "B";
  }
  return a && b;
}

// ---------------------------------------------------------------------------------
// Part 1: health_server.cc. Your StartServer starts Backend replicas; reference
// clients check and watch them; your Drain stops them.

class Lesson14Health : public ::testing::Test {
 protected:
  // EnableDefaultHealthCheckService() is process-wide: start every test without it, so
  // that each test sees whether StartServer turns it on.
  void SetUp() override { grpc::EnableDefaultHealthCheckService(false); }
};

// 1.1 StartServer starts a server that answers Health/Check: SERVING for the server
//     ("") and for lab.health.Backend, and Backend calls work.
TEST_F(Lesson14Health, StartsServingWithAHealthService) {
  Replica a("A");
  LAB_ASSERT_OK(a.StartWithYours())
      << "StartServer should start the server with gRPC's default health service. "
         "BuildAndStart() reads grpc::EnableDefaultHealthCheckService(true): a server "
         "built before that call has none (GetHealthCheckService() is null).";
  ServingStatus status = HealthCheckResponse::UNKNOWN;
  grpc::Status result = RefCheck(a.address(), "", &status);
  ASSERT_TRUE(lab::testing::IsOk(result))
      << "Health/Check for \"\" (the whole server) should answer SERVING. UNIMPLEMENTED "
         "means the server has no health service: grpc::EnableDefaultHealthCheckService"
         "(true) must be called before BuildAndStart(), which reads it.";
  EXPECT_EQ(Name(status), "SERVING");
  result = RefCheck(a.address(), kBackend, &status);
  ASSERT_TRUE(lab::testing::IsOk(result))
      << "Health/Check for \"" << kBackend << "\" should answer SERVING: the health "
      << "service knows only \"\" until the server reports a name with "
         "SetServingStatus(name, true); NOT_FOUND means it was never reported.";
  EXPECT_EQ(Name(status), "SERVING");
  auto stub = Backend::NewStub(
      grpc::CreateChannel(a.address(), grpc::InsecureChannelCredentials()));
  LAB_EXPECT_OK([&] {
    grpc::Status work;
    Work(*stub, &work);
    return work;
  }()) << "the Backend service registered on the builder should answer";
}

// 1.2 A name the server never reported is NOT_FOUND for Check, and SERVICE_UNKNOWN on
//     a Watch stream (which stays open, waiting for it to appear).
TEST_F(Lesson14Health, UnknownServiceIsNotFound) {
  Replica a("A");
  LAB_ASSERT_OK(a.StartWithYours()) << "StartServer should start the server";
  ServingStatus status = HealthCheckResponse::UNKNOWN;
  LAB_EXPECT_CODE(RefCheck(a.address(), "lab.health.NoSuchService", &status),
                  StatusCode::NOT_FOUND)
      << "the health service answers NOT_FOUND for a name nobody reported";
  RefWatcher watcher(a.address(), "lab.health.NoSuchService");
  EXPECT_TRUE(watcher.WaitFor(HealthCheckResponse::SERVICE_UNKNOWN))
      << "Watch for an unknown name should say SERVICE_UNKNOWN at once; heard "
      << Names(watcher.heard());
}

// 1.3 Drain: a monitor watching the server (""), and one watching lab.health.Backend,
//     each hear SERVING, then NOT_SERVING, and only then does the stream end.
TEST_F(Lesson14Health, DrainSaysNotServingBeforeStopping) {
  Replica a("A");
  LAB_ASSERT_OK(a.StartWithYours()) << "StartServer should start the server";
  ASSERT_NO_FATAL_FAILURE(ExpectServing(a));
  RefWatcher whole(a.address(), "");
  RefWatcher backend(a.address(), kBackend);
  ASSERT_TRUE(whole.WaitFor(HealthCheckResponse::SERVING));
  ASSERT_TRUE(backend.WaitFor(HealthCheckResponse::SERVING));

  std::thread drain([&] { Drain(a.server(), kGrace); });
  const auto until = SteadyClock::now() + kDrainBound;
  const bool whole_ended = whole.WaitForEnd(until);
  const bool backend_ended = backend.WaitForEnd(until);
  if (!whole_ended || !backend_ended) {
    whole.Cancel();
    backend.Cancel();
  }
  drain.join();
  for (RefWatcher* w : {&whole, &backend}) {
    const std::string name = w == &whole ? "\"\" (the server)" : kBackend;
    SCOPED_TRACE("watching " + name);
    EXPECT_EQ(Names(Changes(w->heard())), "[SERVING, NOT_SERVING]")
        << "while Drain runs, a monitor watching " << name
        << " should hear NOT_SERVING before its stream ends: tell the health checkers "
           "first, while the server still answers, then shut down. After Shutdown() "
           "they hear nothing more (README, \"Draining\"). Heard: "
        << Names(w->heard()) << ", then the stream ended with " << Describe(w->end());
  }
  EXPECT_TRUE(whole_ended && backend_ended)
      << "the Watch streams should end (cancelled at the shutdown deadline) within "
      << Ms(kDrainBound) << " ms of Drain(grace " << Ms(kGrace)
      << " ms), but they were still open: a Watch stream never ends by itself, and "
         "Shutdown() without a deadline waits for it for ever";
}

// 1.4 Drain lets a call in flight finish, while a health-checking round_robin channel
//     sends every new call to the other backend.
TEST_F(Lesson14Health, DrainFinishesInFlightCallsAndTakesNoNewOnes) {
  Replica a("A");
  Replica b("B");
  LAB_ASSERT_OK(a.StartWithYours()) << "StartServer should start the server";
  LAB_ASSERT_OK(b.StartWithYours()) << "StartServer should start the server";
  ASSERT_NO_FATAL_FAILURE(ExpectServing(a));
  auto stub = Backend::NewStub(RefChannel("round_robin", a, b));
  ASSERT_TRUE(ReachesBoth(*stub)) << "a round_robin channel should call both A and B";

  // One call held on A: round_robin alternates, so one of the next few calls lands there.
  a.backend().HoldNext();
  std::future<grpc::Status> held;
  const auto give_up = SteadyClock::now() + 5s;
  while (!a.backend().holding() && SteadyClock::now() < give_up) {
    if (!held.valid() || held.wait_for(0ms) == std::future_status::ready) {
      held = std::async(std::launch::async, [&] {
        grpc::Status status;
        Work(*stub, &status);
        return status;
      });
    }
    held.wait_for(10ms);  // until it is answered (by B) or held (by A)
  }
  ASSERT_TRUE(a.backend().holding()) << "the test could not get a call in flight on A";

  RefWatcher watcher(a.address(), kBackend);
  ASSERT_TRUE(watcher.WaitFor(HealthCheckResponse::SERVING));
  // A long grace: the held call stays in flight until the test releases it.
  std::thread drain([&] { Drain(a.server(), 10s); });
  const bool heard = watcher.WaitFor(HealthCheckResponse::NOT_SERVING, kDrainBound);
  const std::optional<milliseconds> moved = UntilOnly(*stub, "B", 5, kSwitchBound);
  const int a_calls = a.backend().calls();
  int on_b = 0;
  for (int i = 0; i < 20; ++i) on_b += Work(*stub) == "B" ? 1 : 0;
  // Before letting the held call go, make sure the shutdown has begun: A refuses new
  // connections once it has stopped listening.
  bool refused = false;
  for (const auto until = SteadyClock::now() + kDrainBound;
       !refused && SteadyClock::now() < until;) {
    ServingStatus ignored;
    refused = RefCheck(a.address(), "", &ignored, 200ms).error_code() ==
              StatusCode::UNAVAILABLE;
  }
  const bool still_held = a.backend().holding();
  a.backend().Release();
  const grpc::Status in_flight = held.get();
  // The other calls still open on A: the watcher's stream, and the health checks of
  // the channel. Shutdown waits for them; end them so that Drain returns now.
  watcher.Cancel();
  stub.reset();
  drain.join();

  EXPECT_TRUE(heard) << "Drain should first report NOT_SERVING (see test 1.3)";
  EXPECT_TRUE(moved) << "new calls should all go to B while A drains";
  EXPECT_EQ(on_b, 20) << "all 20 new calls made while A drained should be answered by B";
  EXPECT_EQ(a.backend().calls(), a_calls) << "A should take no new calls while draining";
  EXPECT_TRUE(refused) << "after NOT_SERVING, Drain should shut A down: A still "
                          "accepted new connections "
                       << Ms(kDrainBound) << " ms later";
  EXPECT_TRUE(still_held) << "the call in flight on A was cut short while A drained";
  EXPECT_TRUE(lab::testing::IsOk(in_flight))
      << "a call in flight when Drain starts should finish normally: Shutdown() takes a "
         "deadline `grace` from now; Shutdown(now) cancels every call at once";
}

// 1.5 Drain returns within about `grace` even while a monitor keeps a Watch stream
//     open, and afterwards the server takes no calls at all.
TEST_F(Lesson14Health, DrainEndsWithinGraceEvenWhileWatched) {
  Replica a("A");
  LAB_ASSERT_OK(a.StartWithYours()) << "StartServer should start the server";
  ASSERT_NO_FATAL_FAILURE(ExpectServing(a));
  const std::string address = a.address();
  RefWatcher watcher(address, "");
  ASSERT_TRUE(watcher.WaitFor(HealthCheckResponse::SERVING));
  std::promise<void> returned;
  const auto start = SteadyClock::now();
  std::thread drain([&] {
    Drain(a.server(), kGrace);
    returned.set_value();
  });
  // Time is the subject: generous, 8 x grace (sanitizers are slow).
  const bool in_time =
      returned.get_future().wait_for(kDrainBound) == std::future_status::ready;
  const auto took = SteadyClock::now() - start;
  if (!in_time) watcher.Cancel();  // let a Drain stuck in Shutdown() go on
  drain.join();
  EXPECT_TRUE(in_time) << "Drain(grace " << Ms(kGrace) << " ms) should return soon after "
                       << "grace, but after " << Ms(took)
                       << " ms it had not: a monitor's Watch stream is a call in flight "
                          "that never ends by itself, and Shutdown() without a deadline "
                          "waits for it for ever. Give Shutdown a deadline.";
  ServingStatus status = HealthCheckResponse::UNKNOWN;
  LAB_EXPECT_CODE(RefCheck(address, "", &status, 1000ms), StatusCode::UNAVAILABLE)
      << "after Drain the server should be shut down: a new call cannot connect";
}

// ---------------------------------------------------------------------------------
// Part 2: monitor.cc, CheckHealth and WatchHealth, against gRPC's own health service
// on reference servers.

class Lesson14Monitor : public Lesson14Health {};

// 2.1 CheckHealth returns each service's status: SERVING or NOT_SERVING, and the
//     call's error (NOT_FOUND) for a name the server never reported.
TEST_F(Lesson14Monitor, CheckHealthReportsEachService) {
  Replica a("A");
  ASSERT_NO_FATAL_FAILURE(a.StartReference());
  a.SetServing("lab.health.Reports", false);
  auto stub = Health::NewStub(
      grpc::CreateChannel(a.address(), grpc::InsecureChannelCredentials()));
  for (const auto& [name, want] : std::vector<std::pair<std::string, std::string>>{
           {"", "SERVING"},
           {kBackend, "SERVING"},
           {"lab.health.Reports", "NOT_SERVING"}}) {
    ServingStatus status = HealthCheckResponse::UNKNOWN;
    LAB_ASSERT_OK(CheckHealth(*stub, name, 2s, &status)) << "Check \"" << name << "\"";
    EXPECT_EQ(Name(status), want) << "CheckHealth should return the status the server "
                                     "answered for \""
                                  << name << "\"";
  }
  ServingStatus status = HealthCheckResponse::UNKNOWN;
  LAB_EXPECT_CODE(CheckHealth(*stub, "lab.health.NoSuchService", 2s, &status),
                  StatusCode::NOT_FOUND)
      << "the server answers NOT_FOUND for a name it never reported: return it unchanged";
}

// A reference Health service that records the deadline each Check arrives with.
class DeadlineHealth final : public Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext* context, const HealthCheckRequest* /*request*/,
                     HealthCheckResponse* response) override {
    std::lock_guard lock(mu_);
    deadline_ = context->deadline();
    response->set_status(HealthCheckResponse::SERVING);
    return grpc::Status::OK;
  }
  std::chrono::system_clock::time_point deadline() {
    std::lock_guard lock(mu_);
    return deadline_;
  }

 private:
  std::mutex mu_;
  std::chrono::system_clock::time_point deadline_;
};

// 2.2 CheckHealth's call has a deadline `timeout` from now (two timeouts: a fixed one
//     fails one of them).
TEST_F(Lesson14Monitor, CheckHealthHasADeadline) {
  DeadlineHealth health;
  lab::testing::TestServer server{{&health}};
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = Health::NewStub(server.NewChannel());
  for (milliseconds timeout : {700ms, 3000ms}) {
    ServingStatus status = HealthCheckResponse::UNKNOWN;
    const auto before = std::chrono::system_clock::now();
    LAB_ASSERT_OK(CheckHealth(*stub, "", timeout, &status));
    const auto after = std::chrono::system_clock::now();
    EXPECT_TRUE(
        lab::testing::DeadlineFollowsTimeout(health.deadline(), before, after, timeout))
        << "CheckHealth(timeout " << timeout.count() << " ms) should set a deadline "
        << "`timeout` from now on its ClientContext";
  }
}

// Runs your WatchHealth on a thread and records what it reports.
class YourWatch {
 public:
  YourWatch(const std::string& address, std::string service)
      : stub_(Health::NewStub(
            grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))) {
    SetDeadline(context_, 10s);
    thread_ = std::thread([this, service = std::move(service)] {
      grpc::Status end = WatchHealth(*stub_, service, context_, [this](ServingStatus s) {
        std::lock_guard lock(mu_);
        reported_.push_back(s);
        cv_.notify_all();
      });
      std::lock_guard lock(mu_);
      end_ = end;
      ended_ = true;
      cv_.notify_all();
    });
  }
  ~YourWatch() {
    context_.TryCancel();
    thread_.join();
  }
  // Waits until `count` statuses have been reported, at most `timeout`.
  bool WaitForCount(size_t count, milliseconds timeout = 5s) {
    return WaitUntil(mu_, cv_, timeout,
                     [&] { return reported_.size() >= count || ended_; }) &&
           reported().size() >= count;
  }
  bool WaitForEnd(milliseconds timeout = 5s) {
    return WaitUntil(mu_, cv_, timeout, [&] { return ended_; });
  }
  std::vector<ServingStatus> reported() {
    std::lock_guard lock(mu_);
    return reported_;
  }
  grpc::Status end() {
    std::lock_guard lock(mu_);
    return end_;
  }
  void Cancel() { context_.TryCancel(); }

 private:
  std::unique_ptr<Health::Stub> stub_;
  grpc::ClientContext context_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ServingStatus> reported_;
  grpc::Status end_;
  bool ended_ = false;
};

// 2.3 WatchHealth reports every transition, in order: SERVICE_UNKNOWN (not reported
//     yet), SERVING, NOT_SERVING, SERVING; then UNKNOWN once the caller cancels.
TEST_F(Lesson14Monitor, WatchHealthReportsEveryTransitionInOrder) {
  Replica a("A");
  ASSERT_NO_FATAL_FAILURE(a.StartReference());
  const std::string name = "lab.health.Reports";  // not reported yet
  YourWatch watch(a.address(), name);
  const std::vector<std::pair<std::function<void()>, std::string>> steps = {
      {[] {}, "SERVICE_UNKNOWN"},
      {[&] { a.SetServing(name, true); }, "SERVING"},
      {[&] { a.SetServing(name, false); }, "NOT_SERVING"},
      {[&] { a.SetServing(name, true); }, "SERVING"},
      {[&] { watch.Cancel(); }, "UNKNOWN"}};
  for (size_t i = 0; i < steps.size(); ++i) {
    steps[i].first();
    // One change at a time: each is heard before the next is made.
    if (!watch.WaitForCount(i + 1)) {
      if (i == 0 && watch.WaitForEnd(0ms) && lab::testing::IsNotStarted(watch.end())) {
        FAIL() << "WatchHealth not started yet: " << Describe(watch.end());
      }
      FAIL() << "after " << i << " change(s) WatchHealth should have reported "
             << steps[i].second << " (status " << i + 1 << "), but it reported "
             << Names(watch.reported())
             << (watch.WaitForEnd(0ms) ? " and returned " + Describe(watch.end()) : "");
    }
  }
  ASSERT_TRUE(watch.WaitForEnd()) << "WatchHealth should return once the caller cancels";
  EXPECT_EQ(Names(watch.reported()),
            "[SERVICE_UNKNOWN, SERVING, NOT_SERVING, SERVING, UNKNOWN]")
      << "every status the stream brings, in order, then UNKNOWN once it ends";
  LAB_EXPECT_CODE(watch.end(), StatusCode::CANCELLED)
      << "WatchHealth returns the stream's own final status";
}

// 2.4 When the server goes away, WatchHealth's last report is UNKNOWN, not the last
//     SERVING it heard, and it returns UNAVAILABLE.
TEST_F(Lesson14Monitor, WatchHealthForgetsWhenTheStreamEnds) {
  Replica a("A");
  ASSERT_NO_FATAL_FAILURE(a.StartReference());
  YourWatch watch(a.address(), kBackend);
  if (!watch.WaitForCount(1)) {
    if (watch.WaitForEnd(0ms) && lab::testing::IsNotStarted(watch.end())) {
      FAIL() << "WatchHealth not started yet: " << Describe(watch.end());
    }
    FAIL() << "WatchHealth should report SERVING at once; it reported "
           << Names(watch.reported())
           << (watch.WaitForEnd(0ms) ? " and returned " + Describe(watch.end()) : "");
  }
  a.server().Shutdown(std::chrono::system_clock::now());  // abrupt: calls cancelled
  ASSERT_TRUE(watch.WaitForEnd()) << "WatchHealth should return when the stream ends";
  const std::vector<ServingStatus> reported = watch.reported();
  EXPECT_EQ(Name(reported.back()), "UNKNOWN")
      << "once the Watch stream ends, a monitor no longer knows the service's status: "
         "a server that was SERVING may be gone. WatchHealth should report UNKNOWN last; "
         "it reported "
      << Names(reported);
  LAB_EXPECT_CODE(watch.end(), StatusCode::UNAVAILABLE)
      << "the stream of a server that shut down ends with UNAVAILABLE: return it";
}

// ---------------------------------------------------------------------------------
// Part 3: monitor.cc, NewHealthCheckedChannel, over two reference backends A and B.

class Lesson14Channel : public Lesson14Health {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(a_.StartReference());
    ASSERT_NO_FATAL_FAILURE(b_.StartReference());
    std::shared_ptr<grpc::Channel> channel =
        NewHealthCheckedChannel({a_.address(), b_.address()}, kBackend);
    ASSERT_NE(channel, nullptr)
        << "not started yet: NewHealthCheckedChannel returned no channel "
           "(TODO(lesson14) in lessons/14-health/monitor.cc)";
    stub_ = Backend::NewStub(channel);
  }
  Replica a_{"A"};
  Replica b_{"B"};
  std::unique_ptr<Backend::Stub> stub_;
};

// 3.1 The channel spreads calls over both SERVING backends.
TEST_F(Lesson14Channel, SpreadsCallsOverHealthyBackends) {
  grpc::Status failed;
  const bool both = ReachesBoth(*stub_, &failed);
  LAB_ASSERT_OK(failed) << "every call through your channel should succeed";
  EXPECT_TRUE(both) << "in " << Ms(kSwitchBound) << " ms, A answered "
                    << a_.backend().calls() << " calls and B " << b_.backend().calls()
                    << ": the channel should balance over every address (\"ipv4:a,b\" "
                       "and round_robin); pick_first, the default, sends everything to "
                       "the first";
}

// 3.2 The channel stops sending to a backend that turns NOT_SERVING, and sends to it
//     again once it is SERVING.
TEST_F(Lesson14Channel, SkipsAnUnhealthyBackendUntilItRecovers) {
  ASSERT_TRUE(ReachesBoth(*stub_))
      << "your channel should spread calls over A and B first (test 3.1)";
  a_.SetServing(kBackend, false);
  const std::optional<milliseconds> away = UntilOnly(*stub_, "B", 10, kSwitchBound);
  const int a_calls = a_.backend().calls();
  for (int i = 0; i < 20; ++i) Work(*stub_);
  const int a_after = a_.backend().calls() - a_calls;
  a_.SetServing(kBackend, true);
  const std::optional<milliseconds> back = UntilOnly(*stub_, "A", 1, kSwitchBound);
  std::cout << "A NOT_SERVING: only B after "
            << (away ? std::to_string(away->count()) + " ms" : "never")
            << "; A SERVING again: A called after "
            << (back ? std::to_string(back->count()) + " ms" : "never") << std::endl;

  EXPECT_TRUE(away && a_after == 0)
      << "after A reported NOT_SERVING for " << kBackend << ", A still got " << a_after
      << " of 20 calls: the channel should health-check the backends "
         "(healthCheckConfig.serviceName in its service config) with a policy that "
         "honours it (round_robin; pick_first ignores it)";
  EXPECT_TRUE(back) << "once A is SERVING again, the channel should use it again";
}

// 3.3 For contrast: once your channel avoids NOT_SERVING A, a pick_first channel with
//     the same healthCheckConfig still sends every call to A.
TEST_F(Lesson14Channel, PickFirstIgnoresHealthChecking) {
  ASSERT_TRUE(ReachesBoth(*stub_))
      << "your channel should spread calls over A and B first (test 3.1)";
  auto pick_first = Backend::NewStub(RefChannel("pick_first", a_, b_));
  ASSERT_EQ(Work(*pick_first), "A") << "pick_first uses the first address";
  a_.SetServing(kBackend, false);
  ASSERT_TRUE(UntilOnly(*stub_, "B", 10, kSwitchBound))
      << "your channel should stop sending to A once A is NOT_SERVING (test 3.2)";
  int on_a = 0;
  for (int i = 0; i < 10; ++i) on_a += Work(*pick_first) == "A" ? 1 : 0;
  EXPECT_EQ(on_a, 10) << "gRPC 1.51's pick_first ignores healthCheckConfig: it keeps "
                         "calling A. Why your channel needs round_robin.";
}

}  // namespace
}  // namespace lab::health
