// Lesson 03 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your GreeterServiceImpl, called by a reference client.
//   Part 2: your ProductServiceImpl, called by a reference client.
//   Part 3: your client functions, calling a reference server.
//   Part 4: your server binary, started as a real process.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "client.h"
#include "greeter_service.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "product_service.h"

namespace lab::unary {
namespace {

using grpc::StatusCode;
using lab::testing::SetDeadline;
using lab::testing::TestServer;

// ---------------------------------------------------------------------------------
// Parts 1 and 2: the learner's services on a real server, called over loopback.
class Lesson03Unary : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    greeter_ = Greeter::NewStub(server_.NewChannel());
    products_ = ProductService::NewStub(server_.NewChannel());
  }

  grpc::Status SayHello(const std::string& name, HelloReply* reply) {
    HelloRequest request;
    request.set_name(name);
    grpc::ClientContext context;
    SetDeadline(context);
    return greeter_->SayHello(&context, request, reply);
  }

  grpc::Status GetStock(const std::string& id, ProductStock* reply) {
    ProductRequest request;
    request.set_product_id(id);
    grpc::ClientContext context;
    SetDeadline(context);
    return products_->GetProductStock(&context, request, reply);
  }

  GreeterServiceImpl greeter_service_;
  ProductServiceImpl product_service_{DefaultCatalogue()};
  TestServer server_{{&greeter_service_, &product_service_}};
  std::unique_ptr<Greeter::Stub> greeter_;
  std::unique_ptr<ProductService::Stub> products_;
};

// 1.1 SayHello answers "Hello, <name>!".
TEST_F(Lesson03Unary, SayHelloGreetsByName) {
  for (const std::string name : {"Ada", "Grace Hopper", "张三"}) {
    HelloReply reply;
    LAB_ASSERT_OK(SayHello(name, &reply)) << "SayHello(\"" << name << "\")";
    EXPECT_EQ(reply.message(), "Hello, " + name + "!") << "SayHello(\"" << name << "\")";
  }
}

// 1.2 SayHello refuses an empty name with INVALID_ARGUMENT: the caller's mistake.
TEST_F(Lesson03Unary, SayHelloRejectsEmptyName) {
  HelloReply reply;
  LAB_EXPECT_CODE(SayHello("", &reply), StatusCode::INVALID_ARGUMENT)
      << "an empty name is the caller's error, so the code is INVALID_ARGUMENT";
}

// 2.1 GetProductStock returns the product's id, name and quantity.
TEST_F(Lesson03Unary, GetProductStockReturnsStock) {
  ProductStock stock;
  LAB_ASSERT_OK(GetStock("P1001", &stock));
  EXPECT_EQ(stock.product_id(), "P1001");
  EXPECT_EQ(stock.name(), "Mechanical keyboard");
  EXPECT_EQ(stock.quantity(), 12);
}

// 2.2 A sold-out product is an answer (OK, quantity 0), not an error.
TEST_F(Lesson03Unary, GetProductStockReportsSoldOutAsZero) {
  ProductStock stock;
  LAB_ASSERT_OK(GetStock("P1002", &stock))
      << "P1002 exists with quantity 0: sold out is a valid answer, not NOT_FOUND";
  EXPECT_EQ(stock.quantity(), 0);
  EXPECT_EQ(stock.name(), "USB-C cable");
}

// 2.3 A malformed id is INVALID_ARGUMENT, whatever the catalogue holds.
TEST_F(Lesson03Unary, GetProductStockRejectsMalformedId) {
  for (const std::string id : {"", "1001", "P", "P10x1", "p1001", " P1001"}) {
    ProductStock stock;
    LAB_ASSERT_CODE(GetStock(id, &stock), StatusCode::INVALID_ARGUMENT)
        << "id \"" << id << "\" is not P followed by digits";
  }
}

// 2.4 A well-formed id that is not in the catalogue is NOT_FOUND, and says which id.
TEST_F(Lesson03Unary, GetProductStockReturnsNotFoundForUnknownProduct) {
  ProductStock stock;
  grpc::Status status = GetStock("P9999", &stock);
  LAB_ASSERT_CODE(status, StatusCode::NOT_FOUND);
  EXPECT_NE(status.error_message().find("P9999"), std::string::npos)
      << "the message should name the id that was not found, got \""
      << status.error_message() << "\"";
}

// 2.5 The service answers from the catalogue it was given, not from hard-coded data.
TEST(Lesson03UnaryCatalogue, GetProductStockServesItsOwnCatalogue) {
  ProductServiceImpl service({{"P7", {"Soldering iron", 5}}});
  TestServer server({&service});
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = server.NewStub<ProductService>();
  ProductRequest request;
  request.set_product_id("P7");
  ProductStock stock;
  grpc::ClientContext context;
  SetDeadline(context);
  LAB_ASSERT_OK(stub->GetProductStock(&context, request, &stock));
  EXPECT_EQ(stock.name(), "Soldering iron");
  EXPECT_EQ(stock.quantity(), 5);

  request.set_product_id("P1001");  // in the default catalogue, not in this one
  grpc::ClientContext context2;
  SetDeadline(context2);
  LAB_EXPECT_CODE(stub->GetProductStock(&context2, request, &stock),
                  StatusCode::NOT_FOUND)
      << "look products up in catalogue_, the catalogue the service was built with";
}

// ---------------------------------------------------------------------------------
// Part 3: the learner's client functions against reference servers that answer what
// each test tells them to, and record what they saw.
class ScriptedGreeter final : public Greeter::Service {
 public:
  grpc::Status SayHello(grpc::ServerContext* context, const HelloRequest* request,
                        HelloReply* reply) override {
    std::lock_guard<std::mutex> lock(mu);
    seen_name = request->name();
    deadline = context->deadline();
    ++calls;
    reply->set_message(answer);
    return status;
  }
  std::mutex mu;
  std::string answer = "greetings from the reference server";
  grpc::Status status = grpc::Status::OK;
  std::string seen_name;
  std::chrono::system_clock::time_point deadline;
  int calls = 0;
};

class ScriptedProducts final : public ProductService::Service {
 public:
  grpc::Status GetProductStock(grpc::ServerContext* context,
                               const ProductRequest* request,
                               ProductStock* reply) override {
    std::lock_guard<std::mutex> lock(mu);
    seen_id = request->product_id();
    deadline = context->deadline();
    reply->set_product_id(request->product_id());
    reply->set_name("Reference widget");
    reply->set_quantity(41);
    return status;
  }
  std::mutex mu;
  grpc::Status status = grpc::Status::OK;
  std::string seen_id;
  std::chrono::system_clock::time_point deadline;
};

class Lesson03UnaryClient : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    greeter_ = server_.NewStub<Greeter>();
    products_ = server_.NewStub<ProductService>();
  }
  ScriptedGreeter greeter_service_;
  ScriptedProducts product_service_;
  TestServer server_{{&greeter_service_, &product_service_}};
  std::unique_ptr<Greeter::Stub> greeter_;
  std::unique_ptr<ProductService::Stub> products_;
};

// 3.1 Greet sends the name and returns the server's reply.
TEST_F(Lesson03UnaryClient, GreetReturnsTheReply) {
  std::string greeting;
  LAB_ASSERT_OK(Greet(*greeter_, "Ada", &greeting));
  EXPECT_EQ(greeter_service_.seen_name, "Ada") << "the server should receive the name";
  EXPECT_EQ(greeting, "greetings from the reference server")
      << "Greet should return what the server answered, not build its own greeting";
}

// 3.2 FetchStock sends the id and returns the server's reply.
TEST_F(Lesson03UnaryClient, FetchStockReturnsTheReply) {
  ProductStock stock;
  LAB_ASSERT_OK(FetchStock(*products_, "P42", &stock));
  EXPECT_EQ(product_service_.seen_id, "P42");
  EXPECT_EQ(stock.product_id(), "P42");
  EXPECT_EQ(stock.name(), "Reference widget");
  EXPECT_EQ(stock.quantity(), 41);
}

// 3.3 The client hands back the server's error, code and message, instead of
//     swallowing it.
TEST_F(Lesson03UnaryClient, ClientReturnsTheServersStatus) {
  product_service_.status = grpc::Status(StatusCode::NOT_FOUND, "no product 'P404'");
  ProductStock stock;
  grpc::Status status = FetchStock(*products_, "P404", &stock);
  if (lab::testing::IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
  EXPECT_EQ(status.error_code(), StatusCode::NOT_FOUND)
      << "FetchStock must return the server's status; got "
      << lab::testing::Describe(status);
  EXPECT_EQ(status.error_message(), "no product 'P404'");

  greeter_service_.status = grpc::Status(StatusCode::PERMISSION_DENIED, "not today");
  std::string greeting = "unchanged";
  status = Greet(*greeter_, "Ada", &greeting);
  EXPECT_EQ(status.error_code(), StatusCode::PERMISSION_DENIED)
      << "Greet must return the server's status; got " << lab::testing::Describe(status);
  EXPECT_EQ(status.error_message(), "not today");
  EXPECT_EQ(greeting, "unchanged") << "on an error, leave *greeting alone";
}

// 3.4 Every call carries a deadline: the server sees the one the caller asked for.
TEST_F(Lesson03UnaryClient, ClientSetsTheDeadlineItWasAskedFor) {
  using std::chrono::milliseconds;
  // Two different timeouts: a deadline that ignores the argument fails one of them.
  for (const milliseconds timeout : {milliseconds(1500), milliseconds(4000)}) {
    SCOPED_TRACE("timeout " + std::to_string(timeout.count()) + " ms");
    auto before = std::chrono::system_clock::now();
    std::string greeting;
    LAB_ASSERT_OK(Greet(*greeter_, "Ada", &greeting, timeout));
    auto after = std::chrono::system_clock::now();
    EXPECT_TRUE(lab::testing::DeadlineFollowsTimeout(greeter_service_.deadline, before,
                                                     after, timeout))
        << "(Greet)";
    before = std::chrono::system_clock::now();
    ProductStock stock;
    LAB_ASSERT_OK(FetchStock(*products_, "P1", &stock, timeout));
    after = std::chrono::system_clock::now();
    EXPECT_TRUE(lab::testing::DeadlineFollowsTimeout(product_service_.deadline, before,
                                                     after, timeout))
        << "(FetchStock)";
  }
}

// 3.5 With nobody listening, the call fails at once with UNAVAILABLE (fail-fast), long
//     before its deadline: this passes with or without a deadline.
TEST(Lesson03UnaryClientAlone, ClientFailsFastWhenNobodyListens) {
  // A port that was just ours and is now closed: connecting to it is refused.
  ScriptedGreeter unused;
  auto server = std::make_unique<TestServer>(std::vector<grpc::Service*>{&unused});
  ASSERT_TRUE(server->ok()) << server->error();
  const std::string address = server->address();
  auto channel = server->NewChannel();
  server.reset();
  auto stub = Greeter::NewStub(channel);
  std::string greeting = "unchanged";
  constexpr std::chrono::milliseconds kTimeout{2000};
  grpc::Status status = Greet(*stub, "Ada", &greeting, kTimeout);
  if (lab::testing::IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
  LAB_EXPECT_CODE(status, StatusCode::UNAVAILABLE)
      << "nobody listens on " << address
      << ": the connection is refused and gRPC fails the call at once with UNAVAILABLE "
         "instead of waiting for the "
      << kTimeout.count() << " ms deadline"
      << (status.error_code() == StatusCode::DEADLINE_EXCEEDED
              ? ": it waited for the deadline. A call with "
                "context.set_wait_for_ready(true) waits for a server to appear instead "
                "of failing fast (lesson 07); leave it off here"
              : "");
  EXPECT_EQ(greeting, "unchanged");
}

// Calls that reference services have left open. Each is answered by a NeverAnswers
// reactor, which hears of the cancellation (the deadline passed, or the server shut
// down) in OnCancel: no thread waits, and nothing polls.
class OpenCalls {
 public:
  void Opened() { Count(&opened_); }
  void Cancelled() { Count(&cancelled_); }

  // Waits until every call opened so far was cancelled, at most `bound`.
  bool WaitUntilAllCancelled(std::chrono::milliseconds bound) {
    std::unique_lock<std::mutex> lock(mu_);
    return done_.wait_for(lock, bound, [this] { return cancelled_ == opened_; });
  }

 private:
  void Count(int* counter) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++*counter;
    }
    done_.notify_all();
  }

  std::mutex mu_;
  std::condition_variable done_;
  int opened_ = 0;
  int cancelled_ = 0;
};

// A unary call's reactor (callback API, lesson 12) that never answers: it finishes
// only when gRPC cancels the call.
class NeverAnswers final : public grpc::ServerUnaryReactor {
 public:
  explicit NeverAnswers(OpenCalls* calls) : calls_(calls) { calls_->Opened(); }
  void OnCancel() override {
    calls_->Cancelled();
    Finish(grpc::Status(StatusCode::CANCELLED, "the call was cancelled"));
  }
  void OnDone() override { delete this; }

 private:
  OpenCalls* calls_;
};

// Reference services that accept every call and never answer it.
class SilentGreeter final : public Greeter::CallbackService {
 public:
  explicit SilentGreeter(OpenCalls* calls) : calls_(calls) {}
  grpc::ServerUnaryReactor* SayHello(grpc::CallbackServerContext*, const HelloRequest*,
                                     HelloReply*) override {
    return new NeverAnswers(calls_);
  }

 private:
  OpenCalls* calls_;
};

class SilentProducts final : public ProductService::CallbackService {
 public:
  explicit SilentProducts(OpenCalls* calls) : calls_(calls) {}
  grpc::ServerUnaryReactor* GetProductStock(grpc::CallbackServerContext*,
                                            const ProductRequest*,
                                            ProductStock*) override {
    return new NeverAnswers(calls_);
  }

 private:
  OpenCalls* calls_;
};

// 3.6 Against a server that accepted the call and never answers, only the deadline
//     ends it: DEADLINE_EXCEEDED soon after `timeout`, not a client that waits forever.
TEST(Lesson03UnaryClientAlone, ClientGivesUpOnAServerThatNeverAnswers) {
  using std::chrono::milliseconds;
  constexpr milliseconds kTimeout{300};
  // How long the test waits for the learner's call to come back: generous, for slow
  // (sanitizer) builds. Past it, the test shuts the server down, which cancels the open
  // call, so that even a client without a deadline returns and the test ends.
  constexpr milliseconds kBound = 10 * kTimeout;
  OpenCalls calls;
  SilentGreeter greeter(&calls);
  SilentProducts products(&calls);
  TestServer server({&greeter, &products});
  ASSERT_TRUE(server.ok()) << server.error();
  auto greeter_stub = server.NewStub<Greeter>();
  auto products_stub = server.NewStub<ProductService>();

  const std::pair<const char*, std::function<grpc::Status()>> calls_to_make[] = {
      {"Greet",
       [&] {
         std::string greeting;
         return Greet(*greeter_stub, "Ada", &greeting, kTimeout);
       }},
      {"FetchStock",
       [&] {
         ProductStock stock;
         return FetchStock(*products_stub, "P1001", &stock, kTimeout);
       }},
  };
  for (const auto& [function, call] : calls_to_make) {
    auto result = std::async(std::launch::async, call);
    if (result.wait_for(kBound) != std::future_status::ready) {
      server.Shutdown(milliseconds(100));  // cancels the open call: `call` returns
      result.get();
      FAIL() << function << " was still waiting " << kBound.count()
             << " ms after it was called with a timeout of " << kTimeout.count()
             << " ms, against a server that accepted the call and never answers. The "
                "connection is fine, so nothing fails fast here: only a deadline ends "
                "such a call. Set one on the ClientContext, from the timeout argument: "
                "context.set_deadline(now + timeout) (3.4), in "
                "lessons/03-unary/client.cc";
    }
    grpc::Status status = result.get();
    if (lab::testing::IsNotStarted(status))
      FAIL() << lab::testing::IsOk(status).message();
    LAB_EXPECT_CODE(status, StatusCode::DEADLINE_EXCEEDED)
        << function << " against a server that never answers should end with "
        << "DEADLINE_EXCEEDED when its " << kTimeout.count() << " ms deadline passes";
  }
  EXPECT_TRUE(calls.WaitUntilAllCancelled(kBound))
      << "the server should see each call cancelled once its deadline passed";
}

// ---------------------------------------------------------------------------------
// Part 4: the server program (run.cc is given; your services run inside it).

// 4.1 build/bin/lesson03_server --port 0 says where it listens and answers there.
TEST(Lesson03UnaryProgram, ServerBinaryAnswersOnItsPort) {
  lab::testing::ServerProcess process(lab::testing::MainPath("server"));
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  auto channel =
      grpc::CreateChannel(process.address(), grpc::InsecureChannelCredentials());
  std::string greeting;
  HelloRequest request;
  request.set_name("Process");
  HelloReply reply;
  grpc::ClientContext context;
  SetDeadline(context);
  LAB_ASSERT_OK(Greeter::NewStub(channel)->SayHello(&context, request, &reply));
  EXPECT_EQ(reply.message(), "Hello, Process!");
}

}  // namespace
}  // namespace lab::unary
