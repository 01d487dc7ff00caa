// Lesson 04 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your QuoteServiceImpl, called by a reference client.
//   Part 2: your WatchQuotes client, reading from a reference server.
//   Part 3: your server binary, started as a real process.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "client.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "quote_service.h"

namespace lab::quotes {
namespace {

using grpc::StatusCode;
using lab::testing::Describe;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using std::chrono::milliseconds;
using std::chrono::steady_clock;
using namespace std::chrono_literals;

long long Ms(steady_clock::duration d) {
  return std::chrono::duration_cast<milliseconds>(d).count();
}

// The market every test server uses: not the DefaultMarket of run.cc, so a handler
// must look prices up in market_, the market it was built with.
Market TestMarket() { return {{"LAB", 10000}, {"GRPC", 4250}, {"PROTO", 725}}; }

// Watches a handler from outside, on the server's side of the wire. A server
// interceptor sees the request arrive (POST_RECV_MESSAGE, just before the handler is
// called), every message the handler tries to send (PRE_SEND_MESSAGE, even after the
// client has gone) and the status it returns (PRE_SEND_STATUS, right when the handler
// returns), without any help from the code under test. Timing measured here does not
// include the client's side of the network.
class HandlerProbe {
 public:
  struct Call {
    std::optional<steady_clock::time_point> request_at;
    std::vector<steady_clock::time_point> writes;  // when each Write() began
    bool returned = false;
    steady_clock::time_point returned_at;
    grpc::Status status;
  };

  // Options for TestServer that install the interceptor.
  lab::testing::ServerOptions Options() {
    lab::testing::ServerOptions options;
    options.configure = [this](grpc::ServerBuilder& builder) {
      std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
          factories;
      factories.push_back(std::make_unique<Factory>(this));
      builder.experimental().SetInterceptorCreators(std::move(factories));
    };
    return options;
  }

  // Waits until the first call's handler has returned, at most `timeout`.
  std::optional<Call> WaitForReturn(milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, timeout,
                      [&] { return !calls_.empty() && calls_[0].returned; })) {
      return std::nullopt;
    }
    return calls_[0];
  }

  // The first call as it stands now.
  Call First() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_.empty() ? Call{} : calls_[0];
  }

 private:
  class Interceptor final : public grpc::experimental::Interceptor {
   public:
    Interceptor(HandlerProbe* probe, size_t index) : probe_(probe), index_(index) {}
    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
      using Hook = grpc::experimental::InterceptionHookPoints;
      const auto now = steady_clock::now();
      if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_MESSAGE)) {
        std::lock_guard<std::mutex> lock(probe_->mu_);
        probe_->calls_[index_].request_at = now;
      }
      if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_MESSAGE)) {
        std::lock_guard<std::mutex> lock(probe_->mu_);
        probe_->calls_[index_].writes.push_back(now);
      }
      if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_STATUS)) {
        std::lock_guard<std::mutex> lock(probe_->mu_);
        Call& call = probe_->calls_[index_];
        call.returned = true;
        call.returned_at = now;
        call.status = methods->GetSendStatus();
        probe_->cv_.notify_all();
      }
      methods->Proceed();
    }

   private:
    HandlerProbe* probe_;
    size_t index_;
  };

  class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
   public:
    explicit Factory(HandlerProbe* probe) : probe_(probe) {}
    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo*) override {
      std::lock_guard<std::mutex> lock(probe_->mu_);
      probe_->calls_.emplace_back();
      return new Interceptor(probe_, probe_->calls_.size() - 1);
    }

   private:
    HandlerProbe* probe_;
  };

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Call> calls_;
};

QuoteRequest Request(const std::string& symbol, int count) {
  QuoteRequest request;
  request.set_symbol(symbol);
  request.set_count(count);
  return request;
}

// One stream read to its end by the reference client.
struct Received {
  std::vector<Quote> quotes;
  std::vector<steady_clock::time_point> arrived;
  steady_clock::time_point started;
  steady_clock::time_point finished;
  grpc::Status status;
};

Received ReadAll(QuoteService::Stub& stub, const QuoteRequest& request) {
  Received received;
  grpc::ClientContext context;
  SetDeadline(context);
  received.started = steady_clock::now();
  auto reader = stub.StreamQuotes(&context, request);
  Quote quote;
  while (reader->Read(&quote)) {
    received.quotes.push_back(quote);
    received.arrived.push_back(steady_clock::now());
  }
  received.status = reader->Finish();
  received.finished = steady_clock::now();
  return received;
}

// Checks that `quotes` are exactly quotes 1..count of `symbol`, with their prices.
::testing::AssertionResult AreQuotes(const std::vector<Quote>& quotes,
                                     const std::string& symbol, int count) {
  if (static_cast<int>(quotes.size()) != count) {
    return ::testing::AssertionFailure() << "expected " << count << " quotes for "
                                         << symbol << ", received " << quotes.size();
  }
  const int64_t opening = TestMarket().at(symbol);
  for (int i = 0; i < count; ++i) {
    const Quote& q = quotes[i];
    const int64_t price = QuotePriceCents(opening, i + 1);
    if (q.symbol() != symbol || q.sequence() != i + 1 || q.price_cents() != price) {
      return ::testing::AssertionFailure()
             << "quote #" << i + 1 << " should be {symbol " << symbol << ", sequence "
             << i + 1 << ", price_cents QuotePriceCents(" << opening << ", " << i + 1
             << ") = " << price << "}, got {symbol " << q.symbol() << ", sequence "
             << q.sequence() << ", price_cents " << q.price_cents() << "}";
    }
  }
  return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------------------------
// Part 1: the learner's service on a real server, one quote every 50 ms.
class Lesson04ServerStreaming : public ::testing::Test {
 protected:
  static constexpr milliseconds kInterval{50};

  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<QuoteService>();
  }

  HandlerProbe probe_;
  QuoteServiceImpl service_{TestMarket(), kInterval};
  TestServer server_{{&service_}, probe_.Options()};
  std::unique_ptr<QuoteService::Stub> stub_;
};

// 1.1 StreamQuotes sends `count` quotes, sequence 1, 2, ..., with the market's prices,
//     then ends the stream with OK.
TEST_F(Lesson04ServerStreaming, StreamsCountQuotesInOrder) {
  Received got = ReadAll(*stub_, Request("LAB", 5));
  LAB_ASSERT_OK(got.status);
  EXPECT_TRUE(AreQuotes(got.quotes, "LAB", 5));

  got = ReadAll(*stub_, Request("PROTO", 1));
  LAB_ASSERT_OK(got.status);
  EXPECT_TRUE(AreQuotes(got.quotes, "PROTO", 1))
      << "prices come from market_, the market the service was built with";
}

// 1.2 The first quote goes out at once, the next ones one interval apart, and the
//     stream ends right after the last one.
TEST(Lesson04ServerStreamingPacing, PacesQuotesOneIntervalApart) {
  constexpr milliseconds kInterval{400};
  constexpr int kQuotes = 3;
  HandlerProbe probe;
  QuoteServiceImpl service(TestMarket(), kInterval);
  TestServer server({&service}, probe.Options());
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = server.NewStub<QuoteService>();

  Received got = ReadAll(*stub, Request("GRPC", kQuotes));
  LAB_ASSERT_OK(got.status);
  ASSERT_TRUE(AreQuotes(got.quotes, "GRPC", kQuotes));
  std::optional<HandlerProbe::Call> call = probe.WaitForReturn(5s);
  ASSERT_TRUE(call.has_value() && call->request_at.has_value() &&
              call->writes.size() == static_cast<size_t>(kQuotes))
      << "the server-side probe did not see the request and " << kQuotes << " writes";

  // Measured on the server, from the moment the request reached your handler. Lower
  // bounds are exact (time only stretches); upper bounds are half an interval.
  const auto since_request = [&](steady_clock::time_point t) {
    return Ms(t - *call->request_at);
  };
  EXPECT_LT(since_request(call->writes[0]), kInterval.count() / 2)
      << "the first quote went out " << since_request(call->writes[0])
      << " ms after the request arrived; it should go out at once. Wait only between "
      << "two quotes, never before the first";
  for (int i = 1; i < kQuotes; ++i) {
    EXPECT_GE(since_request(call->writes[i]), i * kInterval.count())
        << "quote #" << i + 1 << " went out " << since_request(call->writes[i])
        << " ms after the request; one interval (" << kInterval.count()
        << " ms) apart, it cannot leave before " << i * kInterval.count() << " ms";
  }
  const long long tail = Ms(call->returned_at - call->writes.back());
  EXPECT_LT(tail, kInterval.count() / 2)
      << "StreamQuotes returned " << tail << " ms after its last quote; once the last "
      << "one is out, end the stream at once instead of waiting another interval";
}

// 1.3 An unknown symbol ends the stream with NOT_FOUND before any quote, naming it.
TEST_F(Lesson04ServerStreaming, UnknownSymbolIsNotFound) {
  Received got = ReadAll(*stub_, Request("NOPE", 3));
  LAB_ASSERT_CODE(got.status, StatusCode::NOT_FOUND)
      << "NOPE is not in the market: that is NOT_FOUND, not an empty OK stream";
  EXPECT_TRUE(got.quotes.empty()) << "no quote should be sent for an unknown symbol";
  EXPECT_NE(got.status.error_message().find("NOPE"), std::string::npos)
      << "the message should name the symbol, got \"" << got.status.error_message()
      << "\"";
}

// 1.4 A count outside 1..kMaxQuotesPerStream is INVALID_ARGUMENT, before any quote.
TEST_F(Lesson04ServerStreaming, RejectsACountOutOfRange) {
  for (int count : {0, -3, kMaxQuotesPerStream + 1}) {
    Received got = ReadAll(*stub_, Request("LAB", count));
    LAB_EXPECT_CODE(got.status, StatusCode::INVALID_ARGUMENT) << "count " << count;
    EXPECT_TRUE(got.quotes.empty()) << "count " << count << ": nothing to send";
  }
}

// 1.5 When the client cancels, the handler notices within one interval, stops
//     writing, and returns a status that says what happened (you decide which).
TEST_F(Lesson04ServerStreaming, StopsSoonAfterTheClientCancels) {
  constexpr int kAsked = 100;  // 100 intervals of quotes: far more than the client reads
  constexpr int kRead = 3;
  grpc::ClientContext context;
  SetDeadline(context);
  auto reader = stub_->StreamQuotes(&context, Request("LAB", kAsked));
  Quote quote;
  int read = 0;
  while (read < kRead && reader->Read(&quote)) ++read;
  if (read < kRead) {
    grpc::Status status = reader->Finish();
    LAB_ASSERT_OK(status);
    FAIL() << "the stream ended OK after " << read << " of " << kAsked << " quotes";
  }

  // The handler may be a quote or two ahead of the client: count from the cancel.
  const size_t written_before = probe_.First().writes.size();
  const auto cancelled_at = steady_clock::now();
  context.TryCancel();  // the client walks away; the server is told (RST_STREAM)
  std::optional<HandlerProbe::Call> call = probe_.WaitForReturn(8s);
  reader->Finish();  // CANCELLED on the client side, whatever the handler returns
  ASSERT_TRUE(call.has_value())
      << "StreamQuotes was still running 8 s after the client cancelled (it had tried "
      << "to send " << probe_.First().writes.size() << " quotes). Check the call in the "
      << "loop";

  // Generous ratios of the interval: a handler that does not stop goes on for about
  // kAsked intervals, or sends every quote.
  constexpr int kSlackIntervals = 10;
  const long long late = Ms(call->returned_at - cancelled_at);
  const size_t written_after = call->writes.size() - written_before;
  EXPECT_LE(written_after, 4u)
      << "the client cancelled after " << kRead << " of " << kAsked << " quotes, yet "
      << "StreamQuotes went on to send " << written_after << " more and returned " << late
      << " ms later. A cancelled call must stop: act on WaitUnlessCancelled() "
      << "returning false (or context->IsCancelled()) inside the loop, and on "
      << "writer->Write() returning false; checking once before the loop is not enough";
  EXPECT_LE(late, kSlackIntervals * kInterval.count())
      << "StreamQuotes returned " << late << " ms after the client cancelled; it "
      << "should stop within about one interval (" << kInterval.count() << " ms)";
  EXPECT_EQ(call->status.error_code(), StatusCode::CANCELLED)
      << "after the client cancelled, StreamQuotes returned " << Describe(call->status)
      << ". The client never sees this status, but the "
      << "server's own interceptors, logs and metrics do: a stream cut short is not a "
      << "success. Return the code that says what happened to the call (README, "
      << "\"When the client leaves\")";
}

// 1.6 Several clients stream at once, each getting its own complete, ordered stream.
TEST_F(Lesson04ServerStreaming, ServesFourStreamsAtOnce) {
  const std::vector<std::pair<std::string, int>> asks = {
      {"LAB", 8}, {"GRPC", 6}, {"PROTO", 7}, {"LAB", 5}};
  std::vector<Received> got(asks.size());
  std::vector<std::thread> clients;
  for (size_t i = 0; i < asks.size(); ++i) {
    clients.emplace_back(
        [&, i] { got[i] = ReadAll(*stub_, Request(asks[i].first, asks[i].second)); });
  }
  for (auto& client : clients) client.join();
  for (size_t i = 0; i < asks.size(); ++i) {
    LAB_EXPECT_OK(got[i].status) << "stream " << i << " (" << asks[i].first << ")";
    EXPECT_TRUE(AreQuotes(got[i].quotes, asks[i].first, asks[i].second))
        << "stream " << i << " of 4 running at the same time";
  }
}

// ---------------------------------------------------------------------------------
// Part 2: the learner's client against a reference server that streams what each
// test tells it to, and records what it was asked.
class ScriptedQuotes final : public QuoteService::Service {
 public:
  grpc::Status StreamQuotes(grpc::ServerContext* context, const QuoteRequest* request,
                            grpc::ServerWriter<Quote>* writer) override {
    int to_send = 0;
    grpc::Status end;
    milliseconds pace;
    {
      std::lock_guard<std::mutex> lock(mu);
      seen_symbol = request->symbol();
      seen_count = request->count();
      deadline = context->deadline();
      to_send = send < 0 ? request->count() : send;
      end = status;
      pace = interval;
    }
    for (int i = 1; i <= to_send; ++i) {
      if (i > 1 && pace.count() > 0 &&
          !WaitUnlessCancelled(context, steady_clock::now() + pace)) {
        return grpc::Status(StatusCode::CANCELLED, "client went away");
      }
      Quote quote;
      quote.set_symbol(request->symbol());
      quote.set_sequence(i);
      quote.set_price_cents(1000 + i);
      if (!writer->Write(quote)) return grpc::Status(StatusCode::CANCELLED, "gone");
    }
    return end;
  }

  std::mutex mu;
  int send = -1;  // how many quotes to send; -1: as many as asked for
  grpc::Status status = grpc::Status::OK;  // how to end the stream
  milliseconds interval{0};
  std::string seen_symbol;
  int seen_count = 0;
  std::chrono::system_clock::time_point deadline;
};

class Lesson04ServerStreamingClient : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<QuoteService>();
  }

  // WatchQuotes, collecting what it delivers.
  grpc::Status Watch(const std::string& symbol, int count,
                     milliseconds timeout = lab::testing::kRpcDeadline) {
    return WatchQuotes(
        *stub_, symbol, count, [this](const Quote& q) { delivered_.push_back(q); },
        timeout);
  }

  ScriptedQuotes reference_;
  TestServer server_{{&reference_}};
  std::unique_ptr<QuoteService::Stub> stub_;
  std::vector<Quote> delivered_;
};

// 2.1 WatchQuotes asks for the symbol and count, and hands every quote to on_quote,
//     in order.
TEST_F(Lesson04ServerStreamingClient, DeliversEveryQuoteInOrder) {
  LAB_ASSERT_OK(Watch("ACME", 4));
  EXPECT_EQ(reference_.seen_symbol, "ACME");
  EXPECT_EQ(reference_.seen_count, 4);
  ASSERT_EQ(delivered_.size(), 4u) << "on_quote should be called once per quote";
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(delivered_[i].sequence(), i + 1) << "quotes must arrive in order";
    EXPECT_EQ(delivered_[i].price_cents(), 1001 + i) << "pass each quote on unchanged";
  }
}

// 2.2 The client reads until the server ends the stream, which may be before `count`.
TEST_F(Lesson04ServerStreamingClient, ReadsUntilTheStreamEnds) {
  reference_.send = 2;  // the market closed early: 2 quotes, then OK
  LAB_ASSERT_OK(Watch("ACME", 5));
  EXPECT_EQ(delivered_.size(), 2u)
      << "the server sent 2 quotes and ended the stream; read while Read() returns "
      << "true instead of calling it `count` times (a failed Read leaves the quote "
      << "unchanged, so counting reads delivers stale copies)";
}

// 2.3 An error in the middle of the stream comes back unchanged, after the quotes
//     that arrived before it.
TEST_F(Lesson04ServerStreamingClient, ReturnsTheErrorThatEndsTheStream) {
  reference_.send = 2;
  reference_.status = grpc::Status(StatusCode::UNAVAILABLE, "quote feed lost");
  grpc::Status status = Watch("ACME", 5);
  if (lab::testing::IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
  EXPECT_EQ(status.error_code(), StatusCode::UNAVAILABLE)
      << "the stream ended with UNAVAILABLE after 2 quotes; return what Finish() "
      << "says, got " << Describe(status);
  EXPECT_EQ(status.error_message(), "quote feed lost");
  EXPECT_EQ(delivered_.size(), 2u) << "the 2 quotes before the error were real: "
                                   << "deliver them";
}

// 2.4 An error before any quote (NOT_FOUND) comes back too, with nothing delivered.
TEST_F(Lesson04ServerStreamingClient, ReturnsAnErrorBeforeAnyQuote) {
  reference_.send = 0;
  reference_.status = grpc::Status(StatusCode::NOT_FOUND, "no stock with symbol 'X'");
  grpc::Status status = Watch("X", 3);
  LAB_EXPECT_CODE(status, StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no stock with symbol 'X'");
  EXPECT_TRUE(delivered_.empty());
}

// 2.5 The stream carries one deadline, `timeout` from the start of the call: the
//     server sees the one the caller asked for.
TEST_F(Lesson04ServerStreamingClient, SetsADeadlineForTheWholeStream) {
  // Two different timeouts: a deadline that ignores the argument fails one of them.
  for (const milliseconds timeout : {milliseconds(1500), milliseconds(4000)}) {
    SCOPED_TRACE("timeout " + std::to_string(timeout.count()) + " ms");
    const auto before = std::chrono::system_clock::now();
    LAB_ASSERT_OK(Watch("ACME", 1, timeout));
    const auto after = std::chrono::system_clock::now();
    std::lock_guard<std::mutex> lock(reference_.mu);
    EXPECT_TRUE(
        lab::testing::DeadlineFollowsTimeout(reference_.deadline, before, after, timeout))
        << "(WatchQuotes: the `timeout` argument is the deadline of the whole stream)";
  }
}

// 2.6 A stream that outlasts its deadline is abandoned: DEADLINE_EXCEEDED, in time,
//     after delivering what did arrive.
TEST_F(Lesson04ServerStreamingClient, GivesUpAtTheDeadline) {
  reference_.interval = 10ms;  // 400 quotes would take 4 s
  const milliseconds timeout(300);
  const auto start = steady_clock::now();
  grpc::Status status = Watch("ACME", 400, timeout);
  const long long took = Ms(steady_clock::now() - start);
  LAB_EXPECT_CODE(status, StatusCode::DEADLINE_EXCEEDED)
      << "with a " << timeout.count() << " ms deadline, a 4 s stream must end in "
      << "DEADLINE_EXCEEDED";
  // A generous ratio, and still less than the whole stream (over 13 times the timeout).
  EXPECT_LT(took, 10 * timeout.count())
      << "WatchQuotes returned after " << took << " ms; the deadline was "
      << timeout.count() << " ms";
  EXPECT_FALSE(delivered_.empty()) << "quotes arrived every 10 ms before the deadline";
}

// ---------------------------------------------------------------------------------
// Part 3: the server program (run.cc is given; your service runs inside it).

// 3.1 build/bin/lesson04_server --port 0 --interval-ms 5 streams quotes on its port.
TEST(Lesson04ServerStreamingProgram, ServerBinaryStreamsQuotes) {
  lab::testing::ServerProcess process(lab::testing::MainPath("server"),
                                      {"--interval-ms", "5"});
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  auto stub = QuoteService::NewStub(
      grpc::CreateChannel(process.address(), grpc::InsecureChannelCredentials()));
  Received got = ReadAll(*stub, Request("GOOG", 3));
  LAB_ASSERT_OK(got.status);
  ASSERT_EQ(got.quotes.size(), 3u);
  EXPECT_EQ(got.quotes[2].symbol(), "GOOG");
  EXPECT_EQ(got.quotes[2].sequence(), 3);
}

}  // namespace
}  // namespace lab::quotes
