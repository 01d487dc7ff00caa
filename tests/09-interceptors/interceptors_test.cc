// Lesson 09 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your server middleware around a reference service, called by a reference
//           client.
//   Part 2: your client middleware, calling a reference server.
//   Part 3: the server program.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <iostream>
#include <thread>

#include "interceptors.grpc.pb.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "middleware.h"

namespace lab::interceptors {
namespace {

using grpc::StatusCode;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using std::chrono::milliseconds;

constexpr char kGetItem[] = "/lab.interceptors.Inventory/GetItem";

// Makes a handler take at least `how_long`. Time is the subject of the tests that use
// it (a duration must cover the handler), so this waits on a clock on purpose.
void TakeAtLeast(milliseconds how_long) {
  std::mutex mu;
  std::condition_variable never;
  std::unique_lock<std::mutex> lock(mu);
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (never.wait_until(lock, until) != std::cv_status::timeout) {
  }
}

// The reference service: counts calls, records the request ids and whether an
// x-api-key reached it, and can be told to take a while.
class CountingInventory final : public Inventory::Service {
 public:
  grpc::Status GetItem(grpc::ServerContext* context, const ItemRequest* request,
                       Item* reply) override {
    ++calls;
    {
      std::lock_guard<std::mutex> lock(mu);
      auto range = context->client_metadata().equal_range(kRequestIdHeader);
      seen_ids.clear();
      for (auto it = range.first; it != range.second; ++it) {
        seen_ids.emplace_back(it->second.data(), it->second.size());
      }
      seen_api_key = context->client_metadata().count(kApiKeyHeader) > 0;
    }
    if (delay.count() > 0) TakeAtLeast(delay);
    if (request->sku() != "apple") {
      return grpc::Status(StatusCode::NOT_FOUND, "no sku '" + request->sku() + "'");
    }
    reply->set_sku("apple");
    reply->set_count(12);
    return grpc::Status::OK;
  }
  std::vector<std::string> SeenIds() {
    std::lock_guard<std::mutex> lock(mu);
    return seen_ids;
  }
  bool SeenApiKey() {
    std::lock_guard<std::mutex> lock(mu);
    return seen_api_key;
  }
  std::atomic<int> calls{0};
  milliseconds delay{0};
  std::mutex mu;
  std::vector<std::string> seen_ids;
  bool seen_api_key = false;
};

// Calls GetItem(sku) on `channel` from another thread and waits at most `limit`.
// An interceptor that forgets methods->Proceed() stalls the call for good (the
// deadline cannot end it, because the call never reaches the network), so a stalled
// call is reported and abandoned here instead of hanging the test program.
struct CallResult {
  bool finished = false;
  grpc::Status status;
  Item item;
};
CallResult CallWithin(std::shared_ptr<grpc::Channel> channel, const std::string& sku,
                      const std::vector<std::pair<std::string, std::string>>& metadata,
                      milliseconds limit = milliseconds(2000)) {
  struct Shared {
    std::shared_ptr<grpc::Channel> channel;
    grpc::ClientContext context;
    ItemRequest request;
    std::promise<CallResult> done;
  };
  auto shared = std::make_shared<Shared>();
  shared->channel = std::move(channel);
  SetDeadline(shared->context, milliseconds(1000));
  for (const auto& [key, value] : metadata) shared->context.AddMetadata(key, value);
  shared->request.set_sku(sku);
  std::future<CallResult> result = shared->done.get_future();
  std::thread([shared] {
    CallResult r;
    r.finished = true;
    r.status = Inventory::NewStub(shared->channel)
                   ->GetItem(&shared->context, shared->request, &r.item);
    shared->done.set_value(std::move(r));
  }).detach();
  if (result.wait_for(limit) != std::future_status::ready) {
    ADD_FAILURE() << "the call did not finish within " << limit.count()
                  << " ms, although its deadline was 1000 ms: an interceptor stopped it. "
                     "Does every path through your Intercept() end in "
                     "methods->Proceed()?";
    return CallResult{};  // the stalled call's thread keeps `shared` alive
  }
  return result.get();
}

// The entries of `trace` for one hook point, in order.
std::vector<std::string> Only(const std::vector<std::string>& trace,
                              const std::string& hook) {
  std::vector<std::string> out;
  for (const auto& line : trace) {
    if (line.size() > hook.size() &&
        line.compare(line.size() - hook.size(), hook.size(), hook) == 0) {
      out.push_back(line);
    }
  }
  return out;
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += "\n    " + line;
  return out;
}

// Prints a recorded trace, so that `build/bin/lab check 09 -v` shows the order the
// hooks ran in.
void PrintTrace(const std::string& title, const std::vector<std::string>& trace) {
  std::cout << title << " (" << trace.size() << " hook points):" << Lines(trace) << "\n"
            << std::flush;
}

// ---------------------------------------------------------------------------------
// Part 1: server_side.cc

// 1.1 The logging interceptor records method, status code, duration and request id of
//     every call.
TEST(Lesson09Server, LoggingInterceptorRecordsEveryCall) {
  CountingInventory service;
  service.delay = milliseconds(30);
  LogSink log;
  TestServer server(
      {&service},
      {nullptr, [&](grpc::ServerBuilder& builder) {
         std::vector<
             std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
             chain;
         chain.push_back(std::make_unique<LoggingInterceptorFactory>(&log));
         builder.experimental().SetInterceptorCreators(std::move(chain));
       }});
  ASSERT_TRUE(server.ok()) << server.error();
  CallResult ok = CallWithin(server.NewChannel(), "apple", {{"x-request-id", "req-log"}});
  ASSERT_TRUE(ok.finished);
  LAB_ASSERT_OK(ok.status);
  CallResult missing = CallWithin(server.NewChannel(), "plum", {});
  ASSERT_TRUE(missing.finished);
  LAB_ASSERT_CODE(missing.status, StatusCode::NOT_FOUND);

  ASSERT_TRUE(log.WaitForCount(2, milliseconds(500)))
      << "expected one LogRecord per call (2), got " << log.Records().size()
      << ". Return a new interceptor from CreateServerInterceptor and add the record "
         "at PRE_SEND_STATUS";
  std::vector<LogRecord> records = log.Records();
  ASSERT_EQ(records.size(), 2u) << "one record per call, no more";
  EXPECT_EQ(records[0].method, kGetItem) << "the method is info->method()";
  EXPECT_EQ(records[0].code, StatusCode::OK);
  EXPECT_EQ(records[1].code, StatusCode::NOT_FOUND)
      << "log the status the handler returned: methods->GetSendStatus() at "
         "PRE_SEND_STATUS";
  EXPECT_GE(records[0].duration.count(), 30000)
      << "the handler took at least 30 ms, so the duration (in us) must cover it: "
         "start timing at the first hook (POST_RECV_INITIAL_METADATA)";
  EXPECT_LT(records[0].duration.count(), 1000000) << "a duration in microseconds";
  EXPECT_EQ(records[0].request_id, "req-log")
      << "read x-request-id from methods->GetRecvInitialMetadata()";
  EXPECT_EQ(records[1].request_id, "") << "no x-request-id was sent with the 2nd call";
}

// The Part 1.2 server: local credentials carrying your ApiKeyProcessor.
class Lesson09ServerKey : public ::testing::Test {
 protected:
  static lab::testing::ServerOptions Options() {
    auto credentials = grpc::experimental::LocalServerCredentials(LOCAL_TCP);
    credentials->SetAuthMetadataProcessor(std::make_shared<ApiKeyProcessor>("s3cret"));
    return {credentials, nullptr};
  }
  void SetUp() override { ASSERT_TRUE(server_.ok()) << server_.error(); }
  CountingInventory service_;
  TestServer server_{{&service_}, Options()};
};

// 1.2 A call without the right x-api-key is UNAUTHENTICATED and never reaches the
//     handler.
TEST_F(Lesson09ServerKey, RejectsMissingOrWrongKeyBeforeTheHandler) {
  CallResult none = CallWithin(server_.NewChannel(), "apple", {});
  ASSERT_TRUE(none.finished);
  LAB_EXPECT_CODE(none.status, StatusCode::UNAUTHENTICATED) << "no x-api-key was sent";
  for (const std::string guess : {"s3cret-and-more", "guess"}) {
    CallResult wrong = CallWithin(server_.NewChannel(), "apple", {{"x-api-key", guess}});
    ASSERT_TRUE(wrong.finished);
    LAB_EXPECT_CODE(wrong.status, StatusCode::UNAUTHENTICATED)
        << "x-api-key \"" << guess << "\" is not the key (\"s3cret\"): compare the whole "
        << "value, lengths included, not only whether it is there or how it starts";
  }
  EXPECT_EQ(service_.calls.load(), 0)
      << "the handler ran for a rejected call: the check must end the call BEFORE the "
         "handler (a server interceptor in gRPC 1.51 cannot; see the README)";
  CallResult right = CallWithin(server_.NewChannel(), "apple", {{"x-api-key", "s3cret"}});
  ASSERT_TRUE(right.finished);
  LAB_EXPECT_OK(right.status) << "the right key lets the call through";
  EXPECT_EQ(service_.calls.load(), 1);
}

// 1.3 A call let through reaches the handler without its x-api-key: the key is consumed.
TEST_F(Lesson09ServerKey, HandlersNeverSeeTheKey) {
  CallResult right = CallWithin(server_.NewChannel(), "apple", {{"x-api-key", "s3cret"}});
  ASSERT_TRUE(right.finished);
  LAB_ASSERT_OK(right.status) << "the right key lets the call through";
  EXPECT_FALSE(service_.SeenApiKey())
      << "the handler found x-api-key in its client metadata: once the processor has "
         "checked the key, it should consume it (consumed_auth_metadata), so that no "
         "interceptor or handler can log the secret or pass it on";
}

// 1.4 Reflection passes without a key; other methods do not.
TEST(Lesson09ServerKeyRules, ReflectionNeedsNoKey) {
  ApiKeyProcessor processor("s3cret");
  grpc::AuthMetadataProcessor::OutputMetadata consumed, response;
  const std::string reflection =
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
  grpc::AuthMetadataProcessor::InputMetadata to_reflection{{":path", reflection}};
  LAB_EXPECT_OK(processor.Process(to_reflection, nullptr, &consumed, &response))
      << "calls whose :path starts with /grpc.reflection. pass without a key";
  grpc::AuthMetadataProcessor::InputMetadata to_inventory{{":path", kGetItem}};
  LAB_EXPECT_CODE(processor.Process(to_inventory, nullptr, &consumed, &response),
                  StatusCode::UNAUTHENTICATED);
}

// 1.5 Three server trace interceptors record every hook point of a call, in the order
//     gRPC runs them.
TEST(Lesson09Server, ServerChainRunsInOrder) {
  CountingInventory service;
  Trace trace;
  TestServer server(
      {&service},
      {nullptr, [&](grpc::ServerBuilder& builder) {
         std::vector<
             std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
             chain;
         for (const char* name : {"one", "two", "three"}) {
           chain.push_back(std::make_unique<TraceServerInterceptorFactory>(name, &trace));
         }
         builder.experimental().SetInterceptorCreators(std::move(chain));
       }});
  ASSERT_TRUE(server.ok()) << server.error();
  CallResult result = CallWithin(server.NewChannel(), "apple", {});
  ASSERT_TRUE(result.finished);
  LAB_ASSERT_OK(result.status);
  // After the reply, each interceptor still sees POST_SEND_MESSAGE and POST_RECV_CLOSE.
  // (A trace interceptor has recorded its first hooks before the reply left: with none
  // recorded by now there is none to wait for.)
  if (!trace.Records().empty()) trace.WaitForCount(21, milliseconds(500));
  const std::vector<std::string> got = trace.Records();
  PrintTrace("server chain {one, two, three}, one GetItem call", got);
  const std::vector<std::string> until_status = {"three POST_RECV_INITIAL_METADATA",
                                                 "three POST_RECV_MESSAGE",
                                                 "two POST_RECV_INITIAL_METADATA",
                                                 "two POST_RECV_MESSAGE",
                                                 "one POST_RECV_INITIAL_METADATA",
                                                 "one POST_RECV_MESSAGE",
                                                 "one PRE_SEND_INITIAL_METADATA",
                                                 "one PRE_SEND_MESSAGE",
                                                 "one PRE_SEND_STATUS",
                                                 "two PRE_SEND_INITIAL_METADATA",
                                                 "two PRE_SEND_MESSAGE",
                                                 "two PRE_SEND_STATUS",
                                                 "three PRE_SEND_INITIAL_METADATA",
                                                 "three PRE_SEND_MESSAGE",
                                                 "three PRE_SEND_STATUS"};
  ASSERT_GE(got.size(), until_status.size())
      << "each trace interceptor adds \"<name> <HOOK>\" for every hook point of every "
         "batch; got only:"
      << Lines(got);
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + until_status.size()),
            until_status)
      << "the trace up to the status, expected:" << Lines(until_status)
      << "\n  got:" << Lines(got)
      << "\n  (record each hook point before calling methods->Proceed())";
  EXPECT_EQ(Only(got, "POST_SEND_MESSAGE"),
            (std::vector<std::string>{"three POST_SEND_MESSAGE", "two POST_SEND_MESSAGE",
                                      "one POST_SEND_MESSAGE"}));
  EXPECT_EQ(Only(got, "POST_RECV_CLOSE"),
            (std::vector<std::string>{"three POST_RECV_CLOSE", "two POST_RECV_CLOSE",
                                      "one POST_RECV_CLOSE"}));
  EXPECT_EQ(got.size(), 21u) << "21 entries in all:" << Lines(got);
}

// ---------------------------------------------------------------------------------
// Part 2: client_side.cc against a reference server.
class Lesson09Client : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()) << server_.error(); }
  CountingInventory service_;
  TestServer server_{{&service_}};
  LatencySink latencies_;
};

// 2.1 Every call through MakeClientChannel carries one x-request-id, a new one per call,
//     unless the caller set its own.
TEST_F(Lesson09Client, AddsARequestIdToEveryCall) {
  auto channel = MakeClientChannel(server_.address(), &latencies_);
  std::vector<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    CallResult r = CallWithin(channel, "apple", {});
    ASSERT_TRUE(r.finished);
    LAB_ASSERT_OK(r.status);
    std::vector<std::string> seen = service_.SeenIds();
    ASSERT_EQ(seen.size(), 1u)
        << "the server should see exactly one x-request-id: add it at "
           "PRE_SEND_INITIAL_METADATA to methods->GetSendInitialMetadata(), and build "
           "the channel with CreateCustomChannelWithInterceptors";
    EXPECT_FALSE(seen[0].empty());
    ids.push_back(seen[0]);
  }
  EXPECT_NE(ids[0], ids[1]) << "each call gets a new request id (NewRequestId())";

  CallResult own = CallWithin(channel, "apple", {{"x-request-id", "caller-chose-this"}});
  ASSERT_TRUE(own.finished);
  LAB_ASSERT_OK(own.status);
  EXPECT_EQ(service_.SeenIds(), std::vector<std::string>{"caller-chose-this"})
      << "a call that already has an x-request-id keeps it, and gets no second one";
}

// 2.2 The latency interceptor records each call, from its headers to its status.
TEST_F(Lesson09Client, RecordsLatencyFromHeadersToStatus) {
  service_.delay = milliseconds(30);
  auto channel = MakeClientChannel(server_.address(), &latencies_);
  CallResult r = CallWithin(channel, "plum", {});
  ASSERT_TRUE(r.finished);
  LAB_ASSERT_CODE(r.status, StatusCode::NOT_FOUND);
  std::vector<LatencyRecord> records = latencies_.Records();
  ASSERT_EQ(records.size(), 1u)
      << "one LatencyRecord per call, failed calls too, added at POST_RECV_STATUS";
  EXPECT_EQ(records[0].method, kGetItem) << "the method is info->method()";
  EXPECT_GE(records[0].elapsed.count(), 30000)
      << "the server took at least 30 ms, so the latency must too: start the clock at "
         "PRE_SEND_INITIAL_METADATA, not when the answer starts arriving";
  EXPECT_LT(records[0].elapsed.count(), 1000000) << "in microseconds";
}

// 2.3 Each latency record carries the request id the server received for that call.
TEST_F(Lesson09Client, LatencyRecordsCarryTheRequestId) {
  auto channel = MakeClientChannel(server_.address(), &latencies_);
  CallResult r = CallWithin(channel, "apple", {});
  ASSERT_TRUE(r.finished);
  LAB_ASSERT_OK(r.status);
  std::vector<std::string> seen = service_.SeenIds();
  std::vector<LatencyRecord> records = latencies_.Records();
  ASSERT_EQ(records.size(), 1u) << "one LatencyRecord per call: make step 2.2 pass first";
  ASSERT_EQ(seen.size(), 1u) << "one x-request-id per call: make step 2.1 pass first";
  EXPECT_EQ(records[0].request_id, seen[0])
      << "the latency record says request id \"" << records[0].request_id
      << "\", the server received \"" << seen[0]
      << "\": a record must carry the id its call went out with. Which interceptor of "
         "MakeClientChannel sees the outgoing headers first, and what is in them by "
         "then? (README: The onion)";
}

// 2.4 Three client trace interceptors record every hook point of a call, in the order
//     gRPC runs them.
TEST_F(Lesson09Client, ClientChainRunsInOrder) {
  Trace trace;
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      chain;
  for (const char* name : {"alpha", "beta", "gamma"}) {
    chain.push_back(std::make_unique<TraceClientInterceptorFactory>(name, &trace));
  }
  auto channel = grpc::experimental::CreateCustomChannelWithInterceptors(
      server_.address(), grpc::InsecureChannelCredentials(), grpc::ChannelArguments(),
      std::move(chain));
  CallResult r = CallWithin(channel, "apple", {});
  ASSERT_TRUE(r.finished);
  LAB_ASSERT_OK(r.status);
  std::vector<std::string> want;
  for (const char* name : {"alpha", "beta", "gamma"}) {
    for (const char* hook :
         {"PRE_SEND_INITIAL_METADATA", "PRE_SEND_MESSAGE", "PRE_SEND_CLOSE"}) {
      want.push_back(std::string(name) + " " + hook);
    }
  }
  for (const char* name : {"gamma", "beta", "alpha"}) {
    for (const char* hook : {"POST_SEND_MESSAGE", "POST_RECV_INITIAL_METADATA",
                             "POST_RECV_MESSAGE", "POST_RECV_STATUS"}) {
      want.push_back(std::string(name) + " " + hook);
    }
  }
  PrintTrace("client chain {alpha, beta, gamma}, one GetItem call", trace.Records());
  EXPECT_EQ(trace.Records(), want)
      << "expected:" << Lines(want) << "\n  got:" << Lines(trace.Records())
      << "\n  (one entry per hook point in the batch, added before methods->Proceed())";
}

// ---------------------------------------------------------------------------------
// Part 3: the server program (run.cc is given; your middleware runs inside it).

// 3.1 build/bin/lesson09_server refuses a call without the key and answers one with it.
TEST(Lesson09Program, ServerBinaryChecksTheKey) {
  lab::testing::ServerProcess process(lab::testing::MainPath("server"),
                                      {"--api-key", "program-key"});
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  auto channel =
      grpc::CreateChannel(process.address(), grpc::InsecureChannelCredentials());
  CallResult none = CallWithin(channel, "apple", {});
  ASSERT_TRUE(none.finished);
  LAB_EXPECT_CODE(none.status, StatusCode::UNAUTHENTICATED);
  CallResult with = CallWithin(channel, "apple", {{"x-api-key", "program-key"}});
  ASSERT_TRUE(with.finished);
  LAB_ASSERT_OK(with.status);
  EXPECT_EQ(with.item.count(), 12);
}

}  // namespace
}  // namespace lab::interceptors
