// Lesson 23 graded tests: gRPC's official interop client (Ruby, from Debian's ruby-grpc)
// against your TestService, and your C++ interop client against the official Ruby
// interop server.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "grpc/testing/test.grpc.pb.h"
#include "interop_client.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "test_service.h"

namespace lab::interop {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Where Debian's ruby-grpc keeps gRPC's Ruby interop programs.
constexpr char kRuby[] = "/usr/bin/ruby";
constexpr char kGem[] =
    "/usr/lib/x86_64-linux-gnu/rubygems-integration/3.1.0/gems/grpc-1.51.1";
const std::string kRubyClient = std::string(kGem) + "/src/ruby/pb/test/client.rb";
const std::string kRubyServer = std::string(kGem) + "/src/ruby/pb/test/server.rb";
// One case takes the Ruby client about 0.3 s (1.3 s for timeout_on_sleeping_server).
constexpr auto kCaseTimeout = 10s;

::testing::AssertionResult RubyInteropInstalled() {
  if (std::filesystem::exists(kRubyClient)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "gRPC's Ruby interop client is missing (" << kRubyClient
         << "): install Debian's ruby-grpc with scripts/install-deps.sh";
}

// The Ruby client's output without the "from ..." lines of its stack trace: what
// failed and why, last lines first to go if long.
std::string RubyVerdict(const std::string& output) {
  std::istringstream lines(output);
  std::vector<std::string> kept;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\tfrom ") == 0 || line.find(" INFO -- :") != std::string::npos)
      continue;
    kept.push_back(line);
  }
  std::string text;
  const size_t first = kept.size() > 8 ? kept.size() - 8 : 0;
  for (size_t i = first; i < kept.size(); ++i) text += "    " + kept[i] + "\n";
  return text;
}

// Runs the official Ruby interop client's case `name` against 127.0.0.1:port.
// `checks` says in words what the case checks, for the failure message.
::testing::AssertionResult OfficialClientPasses(int port, const std::string& name,
                                                const std::string& checks,
                                                std::vector<std::string> extra = {},
                                                std::vector<std::string> env = {}) {
  if (auto installed = RubyInteropInstalled(); !installed) return installed;
  std::vector<std::string> args = {kRubyClient, "--server_host=127.0.0.1",
                                   "--server_port=" + std::to_string(port),
                                   "--test_case=" + name};
  if (extra.empty()) extra = {"--use_tls=false"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::string path = kRuby;
  if (!env.empty()) {  // env VAR=VALUE... ruby ARGS
    args.insert(args.begin(), kRuby);
    args.insert(args.begin(), env.begin(), env.end());
    path = "/usr/bin/env";
  }
  const lab::testing::ProcessResult result =
      lab::testing::RunProcess(path, args, kCaseTimeout);
  if (result.exit_code == 0) return ::testing::AssertionSuccess();
  const bool todo = result.output.find("TODO(lesson23)") != std::string::npos;
  return ::testing::AssertionFailure()
         << (todo ? "not started yet: " : "")
         << "the official interop client failed case " << name << " (" << result.how
         << "): it checks that " << checks
         << ". Fix TestServiceImpl in lessons/23-interop/test_service.cc. The Ruby "
            "client "
            "said:\n"
         << RubyVerdict(result.output);
}

// The learner's TestService in this process, on 127.0.0.1:0.
class Lesson23Interop : public ::testing::Test {
 protected:
  TestServiceImpl service_;
  lab::testing::TestServer server_{{&service_}};

  void SetUp() override { ASSERT_TRUE(server_.ok()) << server_.error(); }
  ::testing::AssertionResult Passes(const std::string& name, const std::string& checks) {
    return OfficialClientPasses(server_.port(), name, checks);
  }
};

// 1.1 empty_unary: EmptyCall answers an empty message.
TEST_F(Lesson23Interop, EmptyUnary) {
  EXPECT_TRUE(Passes("empty_unary", "EmptyCall succeeds with an empty answer"));
}

// 1.2 large_unary: UnaryCall answers response_size zero bytes (314159 for 271828 in).
TEST_F(Lesson23Interop, LargeUnary) {
  EXPECT_TRUE(
      Passes("large_unary",
             "UnaryCall with a 271828-byte payload and response_size 314159 answers a "
             "COMPRESSABLE payload of exactly 314159 zero bytes"));
}

// 1.3 client_streaming: StreamingInputCall answers the sum of the payload sizes.
TEST_F(Lesson23Interop, ClientStreaming) {
  EXPECT_TRUE(
      Passes("client_streaming",
             "StreamingInputCall with payloads of 27182, 8, 1828, 45904 bytes answers "
             "aggregated_payload_size 74922"));
}

// 1.4 server_streaming: one response per response_parameters entry, of its size.
TEST_F(Lesson23Interop, ServerStreaming) {
  EXPECT_TRUE(Passes("server_streaming",
                     "StreamingOutputCall asking for 31415, 9, 2653, 58979 bytes streams "
                     "exactly those four COMPRESSABLE payloads, in order"));
}

// 1.5 ping_pong: FullDuplexCall answers each request as it arrives.
TEST_F(Lesson23Interop, PingPong) {
  EXPECT_TRUE(
      Passes("ping_pong",
             "FullDuplexCall answers each request BEFORE the next one is sent (the "
             "client waits for each answer; a server that reads everything first "
             "never answers: 'no exit')"));
}

// 1.6 empty_stream: a FullDuplexCall with no request ends OK with no response.
TEST_F(Lesson23Interop, EmptyStream) {
  EXPECT_TRUE(Passes("empty_stream",
                     "a FullDuplexCall half-closed at once ends OK with no response"));
}

// 1.7 timeout_on_sleeping_server: a call whose deadline passes ends DEADLINE_EXCEEDED.
TEST_F(Lesson23Interop, TimeoutOnSleepingServer) {
  EXPECT_TRUE(Passes("timeout_on_sleeping_server",
                     "a FullDuplexCall with a 1 s deadline and one request that asks for "
                     "nothing ends DEADLINE_EXCEEDED"));
}

// 1.8 cancel_after_begin: a StreamingInputCall cancelled at once ends CANCELLED.
TEST_F(Lesson23Interop, CancelAfterBegin) {
  EXPECT_TRUE(Passes("cancel_after_begin",
                     "a StreamingInputCall cancelled at once ends CANCELLED"));
}

// 1.9 cancel_after_first_response: a FullDuplexCall cancelled after one answer.
TEST_F(Lesson23Interop, CancelAfterFirstResponse) {
  EXPECT_TRUE(Passes("cancel_after_first_response",
                     "a FullDuplexCall cancelled after its first answer ends CANCELLED"));
}

// 1.10 custom_metadata: echo x-grpc-test-echo-initial as initial, -trailing-bin as
// trailing.
TEST_F(Lesson23Interop, CustomMetadata) {
  EXPECT_TRUE(
      Passes("custom_metadata",
             "UnaryCall and FullDuplexCall send x-grpc-test-echo-initial back as "
             "INITIAL metadata and x-grpc-test-echo-trailing-bin (binary) back as "
             "TRAILING metadata, same values"));
}

// 1.11 status_code_and_message: response_status is the call's status, unary and duplex.
TEST_F(Lesson23Interop, StatusCodeAndMessage) {
  EXPECT_TRUE(
      Passes("status_code_and_message",
             "a request with response_status {2, \"test status method\"} ends the "
             "call UNKNOWN with exactly that message, in UnaryCall AND in "
             "FullDuplexCall"));
}

// 1.12 unimplemented_method: UnimplementedCall answers UNIMPLEMENTED.
TEST_F(Lesson23Interop, UnimplementedMethod) {
  EXPECT_TRUE(Passes("unimplemented_method",
                     "TestService.UnimplementedCall ends UNIMPLEMENTED (leave it to the "
                     "generated base class)"));
}

// 1.13 unimplemented_service: a service the server does not have answers UNIMPLEMENTED.
TEST_F(Lesson23Interop, UnimplementedService) {
  EXPECT_TRUE(
      Passes("unimplemented_service",
             "grpc.testing.UnimplementedService, not registered, ends UNIMPLEMENTED"));
}

// 2.1 Each response waits its interval_us first (the decision: where the wait goes).
TEST_F(Lesson23Interop, WaitsIntervalBeforeEachResponse) {
  constexpr auto kInterval = 100ms;
  auto stub = server_.NewStub<grpc::testing::TestService>();
  grpc::testing::StreamingOutputCallRequest request;
  for (int size : {1, 2, 3}) {
    auto* params = request.add_response_parameters();
    params->set_size(size);
    params->set_interval_us(
        std::chrono::duration_cast<std::chrono::microseconds>(kInterval).count());
  }
  grpc::ClientContext context;
  lab::testing::SetDeadline(context);
  const auto start = Clock::now();
  auto reader = stub->StreamingOutputCall(&context, request);
  grpc::testing::StreamingOutputCallResponse response;
  std::vector<Clock::duration> arrivals;
  while (reader->Read(&response)) arrivals.push_back(Clock::now() - start);
  LAB_EXPECT_OK(reader->Finish());
  ASSERT_EQ(arrivals.size(), 3u) << "three response_parameters entries, three responses";
  // Lower bounds only: response i may not come before i intervals have passed; a slow
  // machine only makes it later.
  for (size_t i = 0; i < arrivals.size(); ++i) {
    EXPECT_GE(arrivals[i], kInterval * static_cast<int>(i + 1))
        << "response " << i << " came after "
        << std::chrono::duration_cast<std::chrono::milliseconds>(arrivals[i]).count()
        << " ms; each response must wait its own interval_us (100 ms) BEFORE it is "
           "written, "
           "so response i comes after (i+1) x 100 ms";
  }
}

// 2.2 StreamingOutputCall honours response_status too.
TEST_F(Lesson23Interop, StreamingOutputEchoesStatus) {
  auto stub = server_.NewStub<grpc::testing::TestService>();
  grpc::testing::StreamingOutputCallRequest request;
  request.add_response_parameters()->set_size(1);
  request.mutable_response_status()->set_code(
      static_cast<int>(grpc::StatusCode::ABORTED));
  request.mutable_response_status()->set_message("stop here\nand: 100% done");
  grpc::ClientContext context;
  lab::testing::SetDeadline(context);
  auto reader = stub->StreamingOutputCall(&context, request);
  grpc::testing::StreamingOutputCallResponse response;
  while (reader->Read(&response)) {
  }
  const grpc::Status status = reader->Finish();
  LAB_EXPECT_CODE(status, grpc::StatusCode::ABORTED);
  EXPECT_EQ(status.error_message(), "stop here\nand: 100% done")
      << "the status message must come back exactly as the request's response_status "
         "says";
}

// 2.3 A negative response_size is the caller's error: INVALID_ARGUMENT.
TEST_F(Lesson23Interop, NegativeSizeIsInvalidArgument) {
  auto stub = server_.NewStub<grpc::testing::TestService>();
  grpc::testing::SimpleRequest request;
  request.set_response_size(-1);
  grpc::testing::SimpleResponse response;
  grpc::ClientContext context;
  lab::testing::SetDeadline(context);
  LAB_EXPECT_CODE(stub->UnaryCall(&context, request, &response),
                  grpc::StatusCode::INVALID_ARGUMENT);
}

// 2.4 Over TLS: the official client trusts the lab's CA
// (GRPC_DEFAULT_SSL_ROOTS_FILE_PATH).
TEST(Lesson23InteropTls, LargeUnaryOverTls) {
  TestServiceImpl service;
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back(
      {lab::testing::ReadFile(lab::testing::CertPath("server.key")),
       lab::testing::ReadFile(lab::testing::CertPath("server.pem"))});
  lab::testing::TestServer server{
      {&service}, lab::testing::WithCredentials(grpc::SslServerCredentials(options))};
  ASSERT_TRUE(server.ok()) << server.error();
  // --use_test_ca=false: the client uses gRPC's default roots, which this variable
  // points at the lab's CA; the server's certificate names 127.0.0.1.
  EXPECT_TRUE(OfficialClientPasses(
      server.port(), "large_unary", "large_unary works over TLS as over plain TCP",
      {"--use_tls=true", "--use_test_ca=false"},
      {"GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=" + lab::testing::CertPath("ca.pem")}));
}

// The official Ruby interop server, on a free port it reports: a few lines of our own
// print the port that GRPC::RpcServer#add_http2_port returns, then server.rb runs as
// shipped (it listens on 0.0.0.0).
class RubyInteropServer {
 public:
  RubyInteropServer()
      : process_(kRuby, {"-e",
                         std::string("require '") + kGem +
                             "/src/ruby/lib/grpc'\n"
                             "module LabPrintPort\n"
                             "  def add_http2_port(*args)\n"
                             "    port = super\n"
                             "    $stdout.puts(\"listening on 127.0.0.1:#{port}\")\n"
                             "    $stdout.flush\n"
                             "    port\n"
                             "  end\n"
                             "end\n"
                             "GRPC::RpcServer.prepend(LabPrintPort)\n"
                             "load '" +
                             kRubyServer + "'\n",
                         "--"}) {}
  lab::testing::ServerProcess& process() { return process_; }

 private:
  lab::testing::ServerProcess process_;
};

// The learner's client against the official Ruby interop server.
class Lesson23InteropClient : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(RubyInteropInstalled());
    ASSERT_TRUE(ruby_.process().WaitUntilListening(10s))
        << "the official Ruby interop server did not start: " << ruby_.process().error()
        << ruby_.process().output();
    stub_ = grpc::testing::TestService::NewStub(grpc::CreateChannel(
        ruby_.process().address(), grpc::InsecureChannelCredentials()));
  }
  ::testing::AssertionResult Passes(const std::string& name) {
    const grpc::Status status = RunCase(*stub_, name);
    if (status.ok()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << (lab::testing::IsNotStarted(status) ? "not started yet: " : "")
           << "your client failed case " << name
           << " against the OFFICIAL Ruby interop server, which is right: "
           << lab::testing::Describe(status)
           << ". Fix it in lessons/23-interop/interop_client.cc";
  }

  RubyInteropServer ruby_;
  std::unique_ptr<grpc::testing::TestService::Stub> stub_;
};

// 3.1 empty_unary against the official server.
TEST_F(Lesson23InteropClient, EmptyUnary) { EXPECT_TRUE(Passes("empty_unary")); }
// 3.2 large_unary against the official server.
TEST_F(Lesson23InteropClient, LargeUnary) { EXPECT_TRUE(Passes("large_unary")); }
// 3.3 server_streaming against the official server.
TEST_F(Lesson23InteropClient, ServerStreaming) {
  EXPECT_TRUE(Passes("server_streaming"));
}
// 3.4 ping_pong against the official server.
TEST_F(Lesson23InteropClient, PingPong) { EXPECT_TRUE(Passes("ping_pong")); }
// 3.5 custom_metadata against the official server.
TEST_F(Lesson23InteropClient, CustomMetadata) { EXPECT_TRUE(Passes("custom_metadata")); }
// 3.6 status_code_and_message against the official server.
TEST_F(Lesson23InteropClient, StatusCodeAndMessage) {
  EXPECT_TRUE(Passes("status_code_and_message"));
}
// 3.7 timeout_on_sleeping_server against the official server.
TEST_F(Lesson23InteropClient, TimeoutOnSleepingServer) {
  EXPECT_TRUE(Passes("timeout_on_sleeping_server"));
}

// A TestService written for these tests that gets one thing wrong (or, for ping-pong,
// watches the order of the client's messages). Your client must notice.
class FaultyService final : public grpc::testing::TestService::Service {
 public:
  enum class Fault { kTrailingAsInitial, kOneByteShort, kWrongStatusMessage };
  explicit FaultyService(Fault fault) : fault_(fault) {}

  grpc::Status UnaryCall(grpc::ServerContext* context,
                         const grpc::testing::SimpleRequest* request,
                         grpc::testing::SimpleResponse* response) override {
    Echo(*context);
    if (request->response_status().code() != 0) return Status(request->response_status());
    int size = request->response_size();
    if (fault_ == Fault::kOneByteShort) --size;
    response->mutable_payload()->set_type(grpc::testing::COMPRESSABLE);
    response->mutable_payload()->set_body(std::string(static_cast<size_t>(size), '\0'));
    return grpc::Status::OK;
  }
  grpc::Status FullDuplexCall(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::testing::StreamingOutputCallResponse,
                               grpc::testing::StreamingOutputCallRequest>* stream)
      override {
    Echo(*context);
    grpc::testing::StreamingOutputCallRequest request;
    while (stream->Read(&request)) {
      if (request.response_status().code() != 0) return Status(request.response_status());
      for (const auto& params : request.response_parameters()) {
        grpc::testing::StreamingOutputCallResponse response;
        response.mutable_payload()->set_type(grpc::testing::COMPRESSABLE);
        response.mutable_payload()->set_body(
            std::string(static_cast<size_t>(params.size()), '\0'));
        stream->Write(response);
      }
    }
    return grpc::Status::OK;
  }

 private:
  void Echo(grpc::ServerContext& context) {
    for (const char* key : {kEchoInitialKey, kEchoTrailingKey}) {
      auto it = context.client_metadata().find(key);
      if (it == context.client_metadata().end()) continue;
      std::string value(it->second.data(), it->second.size());
      const bool initial =
          key == std::string(kEchoInitialKey) || (fault_ == Fault::kTrailingAsInitial);
      if (initial) {
        context.AddInitialMetadata(key, value);
      } else {
        context.AddTrailingMetadata(key, value);
      }
    }
  }
  grpc::Status Status(const grpc::testing::EchoStatus& echo) {
    std::string message = echo.message();
    if (fault_ == Fault::kWrongStatusMessage) message = "test status";
    return grpc::Status(static_cast<grpc::StatusCode>(echo.code()), message);
  }
  Fault fault_;
};

// Runs `name` of the learner's client against `service` and expects it to FAIL.
::testing::AssertionResult ClientNotices(grpc::Service& service, const std::string& name,
                                         const std::string& fault) {
  lab::testing::TestServer server{{&service}};
  if (!server.ok()) return ::testing::AssertionFailure() << server.error();
  auto stub = server.NewStub<grpc::testing::TestService>();
  const grpc::Status status = RunCase(*stub, name);
  if (lab::testing::IsNotStarted(status)) {
    return ::testing::AssertionFailure()
           << "not started yet: " << lab::testing::Describe(status);
  }
  if (!status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "your client passed case " << name << " against a server that " << fault
         << ": an interop client must check that, or a broken server passes. See "
            "lessons/23-interop/interop_client.cc";
}

// 4.1 custom_metadata fails if the trailing echo comes back as initial metadata.
TEST(Lesson23InteropClientChecks, NoticesTrailingEchoSentAsInitial) {
  FaultyService service(FaultyService::Fault::kTrailingAsInitial);
  EXPECT_TRUE(
      ClientNotices(service, "custom_metadata",
                    "sends x-grpc-test-echo-trailing-bin back as INITIAL metadata"));
}

// 4.2 large_unary fails if the payload is one byte short.
TEST(Lesson23InteropClientChecks, NoticesWrongPayloadSize) {
  FaultyService service(FaultyService::Fault::kOneByteShort);
  EXPECT_TRUE(ClientNotices(service, "large_unary", "answers 314158 bytes, not 314159"));
}

// 4.3 status_code_and_message fails if the message differs.
TEST(Lesson23InteropClientChecks, NoticesWrongStatusMessage) {
  FaultyService service(FaultyService::Fault::kWrongStatusMessage);
  EXPECT_TRUE(ClientNotices(service, "status_code_and_message",
                            "ends UNKNOWN \"test status\", not \"test status method\""));
}

// A TestService whose FullDuplexCall notes when each request arrives (on a reader
// thread) and holds each answer back kHold before writing it: a request that arrives
// before the previous answer was written was sent before the client read that answer.
class PingPongReferee final : public grpc::testing::TestService::Service {
 public:
  static constexpr auto kHold = 100ms;

  grpc::Status FullDuplexCall(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::testing::StreamingOutputCallResponse,
                               grpc::testing::StreamingOutputCallRequest>* stream)
      override {
    std::thread reader([&] {
      grpc::testing::StreamingOutputCallRequest request;
      while (stream->Read(&request)) {
        std::lock_guard lock(mu_);
        arrivals_.push_back({Clock::now(), request});
        cv_.notify_all();
      }
      std::lock_guard lock(mu_);
      closed_ = true;
      cv_.notify_all();
    });
    grpc::Status status = Answer(*stream);
    // A failed check ends the call now: the reader's Read then returns false.
    if (!status.ok()) {
      std::lock_guard lock(mu_);
      verdict_ = status.error_message();
      context->TryCancel();
    }
    reader.join();
    return status;
  }

  // What the referee saw wrong, if anything.
  std::string verdict() {
    std::lock_guard lock(mu_);
    return verdict_;
  }

 private:
  struct Arrival {
    Clock::time_point when;
    grpc::testing::StreamingOutputCallRequest request;
  };

  grpc::Status Answer(
      grpc::ServerReaderWriter<grpc::testing::StreamingOutputCallResponse,
                               grpc::testing::StreamingOutputCallRequest>& stream) {
    for (size_t next = 0;; ++next) {
      std::unique_lock lock(mu_);
      if (!cv_.wait_for(lock, 10s, [&] { return closed_ || arrivals_.size() > next; })) {
        return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "no request in 10 s");
      }
      if (arrivals_.size() <= next) return grpc::Status::OK;  // half-closed
      const Arrival arrival = arrivals_[next];
      lock.unlock();
      std::this_thread::sleep_until(arrival.when + kHold);
      lock.lock();
      if (arrivals_.size() > next + 1) {
        return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                            "request " + std::to_string(next + 1) +
                                " arrived before response " + std::to_string(next) +
                                " was sent: ping_pong must read each answer before it "
                                "writes the next request");
      }
      lock.unlock();
      for (const auto& params : arrival.request.response_parameters()) {
        grpc::testing::StreamingOutputCallResponse response;
        response.mutable_payload()->set_type(grpc::testing::COMPRESSABLE);
        response.mutable_payload()->set_body(
            std::string(static_cast<size_t>(params.size()), '\0'));
        if (!stream.Write(response))
          return grpc::Status(grpc::StatusCode::CANCELLED, "gone");
      }
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Arrival> arrivals_;
  std::string verdict_;
  bool closed_ = false;
};

// 4.4 ping_pong writes each request only after reading the previous answer.
TEST(Lesson23InteropClientChecks, PingPongWaitsForEachAnswer) {
  PingPongReferee referee;
  lab::testing::TestServer server{{&referee}};
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = server.NewStub<grpc::testing::TestService>();
  const grpc::Status status = RunCase(*stub, "ping_pong");
  if (const std::string verdict = referee.verdict(); !verdict.empty()) {
    ADD_FAILURE() << "ping_pong is a conversation, and yours is not: " << verdict
                  << " (lessons/23-interop/interop_client.cc, PingPong). Your client "
                  << "reported: " << lab::testing::Describe(status);
    return;
  }
  EXPECT_TRUE(lab::testing::IsOk(status))
      << "ping_pong against a server that answers each request 100 ms after it arrives "
         "(lessons/23-interop/interop_client.cc, PingPong)";
}

}  // namespace
}  // namespace lab::interop
