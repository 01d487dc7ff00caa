// Lesson 07 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your rich-error helpers (errors.cc), over a real channel.
//   Part 2: your OrderServiceImpl, called by a reference client, in front of a
//           reference inventory service.
//   Part 3: your client function, calling reference servers (one of them late).
//   Part 4: your server program, started as a real process.
#include "errors.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <optional>

#include "client.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "order_service.h"

namespace lab::errors {
namespace {

using grpc::StatusCode;
using lab::testing::Describe;
using lab::testing::IsNotStarted;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using std::chrono::milliseconds;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;
using SystemClock = std::chrono::system_clock;

long long Ms(SteadyClock::duration d) {
  return std::chrono::duration_cast<milliseconds>(d).count();
}

// field -> description, in the order the BadRequest lists them.
using Violations = std::vector<std::pair<std::string, std::string>>;

google::rpc::BadRequest MakeBadRequest(const Violations& violations) {
  google::rpc::BadRequest bad_request;
  for (const auto& [field, description] : violations) {
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(description);
  }
  return bad_request;
}

Violations ViolationsOf(const google::rpc::BadRequest& bad_request) {
  Violations out;
  for (const auto& v : bad_request.field_violations()) {
    out.emplace_back(v.field(), v.description());
  }
  return out;
}

// What an independent peer does with a failed call: decode grpc-status-details-bin as
// google.rpc.Status, check it agrees with the call's own code and message, and find
// the BadRequest among its details. Explains what is missing otherwise.
::testing::AssertionResult DecodesAsBadRequest(const grpc::Status& status,
                                               google::rpc::BadRequest* bad_request) {
  if (IsNotStarted(status))
    return ::testing::AssertionFailure() << lab::testing::IsOk(status).message();
  if (status.error_details().empty()) {
    return ::testing::AssertionFailure()
           << "the call ended with " << Describe(status)
           << " but carried no error details (the grpc-status-details-bin trailer was "
              "empty). Text in the message is for people; programs need the details: "
              "pass a serialized google.rpc.Status as the third argument of "
              "grpc::Status (errors.cc, BadRequestStatus)";
  }
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) {
    return ::testing::AssertionFailure()
           << "the error details (" << status.error_details().size()
           << " bytes) do not parse as a google.rpc.Status: serialize the "
              "google::rpc::Status itself, not the BadRequest";
  }
  if (rich.code() != static_cast<int>(status.error_code()) ||
      rich.message() != status.error_message()) {
    return ::testing::AssertionFailure()
           << "the google.rpc.Status in the details says code " << rich.code()
           << ", message \"" << rich.message() << "\", but the call itself ended with "
           << Describe(status) << ": the two must agree";
  }
  for (const google::protobuf::Any& detail : rich.details()) {
    if (detail.Is<google::rpc::BadRequest>() && detail.UnpackTo(bad_request)) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "the google.rpc.Status holds " << rich.details_size()
         << " detail(s), none of them a google.rpc.BadRequest: pack it with "
            "add_details()->PackFrom(bad_request)";
}

// Waits until `done()` holds (checked under `mu`), at most `timeout`.
template <typename Pred>
bool WaitUntil(std::mutex& mu, std::condition_variable& cv, milliseconds timeout,
               Pred done) {
  std::unique_lock<std::mutex> lock(mu);
  return cv.wait_for(lock, timeout, done);
}

// Keeps a reference handler busy, like slow work, until its call is cancelled,
// Release() is called, or `limit` passes. A sync handler is not told about
// cancellation, so it looks at IsCancelled() while it waits.
class Hold {
 public:
  // True if the call was cancelled while held.
  bool Wait(grpc::ServerContext* context, milliseconds limit) {
    std::unique_lock<std::mutex> lock(mu_);
    const auto end = SteadyClock::now() + limit;
    while (!released_ && !context->IsCancelled() && SteadyClock::now() < end) {
      cv_.wait_for(lock, 5ms);
    }
    return context->IsCancelled();
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
};

// A reference OrderService: answers what the test tells it and records what it saw.
class ScriptedOrders final : public OrderService::Service {
 public:
  grpc::Status PlaceOrder(grpc::ServerContext* context, const PlaceOrderRequest* request,
                          Order* reply) override {
    {
      std::lock_guard<std::mutex> lock(mu);
      seen = *request;
      deadline = context->deadline();
      ++calls;
    }
    if (hold > 0ms) hold_.Wait(context, hold);
    reply->set_order_id(request->order_id());
    reply->set_product_id("P-from-reference");
    reply->set_quantity(request->quantity());
    reply->set_state(Order::PLACED);
    return status;
  }
  grpc::Status PrepareOrder(grpc::ServerContext*, const PrepareOrderRequest*,
                            Order*) override {
    return grpc::Status(StatusCode::UNIMPLEMENTED, "not used by the tests");
  }
  void Release() { hold_.Release(); }

  std::mutex mu;
  grpc::Status status = grpc::Status::OK;  // set before the call
  milliseconds hold{0};                    // set before the call
  PlaceOrderRequest seen;
  SystemClock::time_point deadline;
  int calls = 0;

 private:
  Hold hold_;
};

// ---------------------------------------------------------------------------------
// Part 1: errors.cc. A reference server returns what your helper builds, and a
// reference client decodes it; or the other way round.
class Lesson07RichErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<OrderService>();
  }
  grpc::Status Call() {
    grpc::ClientContext context;
    SetDeadline(context);
    PlaceOrderRequest request;
    Order reply;
    return stub_->PlaceOrder(&context, request, &reply);
  }
  ScriptedOrders service_;
  TestServer server_{{&service_}};
  std::unique_ptr<OrderService::Stub> stub_;
};

// 1.1 BadRequestStatus makes an INVALID_ARGUMENT whose details decode, on the other
//     side of a real call, as a google.rpc.Status holding the field violations.
TEST_F(Lesson07RichErrors, BadRequestStatusTravelsInTheTrailer) {
  const Violations sent = {{"quantity", "0 is not between 1 and 100"},
                           {"product_id", "'X1' is not P followed by digits"}};
  service_.status = BadRequestStatus("2 fields are wrong", MakeBadRequest(sent));
  grpc::Status status = Call();
  LAB_ASSERT_CODE(status, StatusCode::INVALID_ARGUMENT)
      << "BadRequestStatus is for bad requests: the code is INVALID_ARGUMENT";
  EXPECT_EQ(status.error_message(), "2 fields are wrong")
      << "the message passed to BadRequestStatus is the call's message";
  google::rpc::BadRequest received;
  ASSERT_TRUE(DecodesAsBadRequest(status, &received));
  EXPECT_EQ(ViolationsOf(received), sent)
      << "every field violation, field and description, should arrive as sent";
}

// 1.2 ReadBadRequest finds the BadRequest among the details a server sent, even when
//     another kind of detail comes first.
TEST_F(Lesson07RichErrors, ReadBadRequestFindsTheViolations) {
  const Violations sent = {{"order_id", "'' is not O followed by digits"}};
  google::rpc::Status rich;
  rich.set_code(static_cast<int>(StatusCode::INVALID_ARGUMENT));
  rich.set_message("1 field is wrong");
  google::rpc::PreconditionFailure other;
  other.add_violations()->set_type("UNRELATED");
  rich.add_details()->PackFrom(other);
  rich.add_details()->PackFrom(MakeBadRequest(sent));
  service_.status = grpc::Status(StatusCode::INVALID_ARGUMENT, "1 field is wrong",
                                 rich.SerializeAsString());
  grpc::Status status = Call();
  ASSERT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad_request;
  LAB_ASSERT_OK(ReadBadRequest(status, &bad_request))
      << "the status carries a google.rpc.Status whose second detail is a BadRequest";
  EXPECT_EQ(ViolationsOf(bad_request), sent);
}

// 1.3 ReadBadRequest says NOT_FOUND when there is no BadRequest, and DATA_LOSS when the
//     details are not a google.rpc.Status.
TEST_F(Lesson07RichErrors, ReadBadRequestReportsWhatIsMissing) {
  google::rpc::BadRequest bad_request;
  service_.status = grpc::Status(StatusCode::NOT_FOUND, "no such order");
  LAB_EXPECT_CODE(ReadBadRequest(Call(), &bad_request), StatusCode::NOT_FOUND)
      << "a plain error has no details, so there is no BadRequest to read";

  google::rpc::Status rich;
  rich.set_code(static_cast<int>(StatusCode::FAILED_PRECONDITION));
  rich.add_details()->PackFrom(google::rpc::PreconditionFailure());
  LAB_EXPECT_CODE(ReadBadRequest(grpc::Status(StatusCode::FAILED_PRECONDITION, "short",
                                              rich.SerializeAsString()),
                                 &bad_request),
                  StatusCode::NOT_FOUND)
      << "details with only a PreconditionFailure hold no BadRequest";

  LAB_EXPECT_CODE(ReadBadRequest(grpc::Status(StatusCode::INVALID_ARGUMENT, "bad",
                                              std::string("\xff\xff\xff", 3)),
                                 &bad_request),
                  StatusCode::DATA_LOSS)
      << "bytes that do not parse as a google.rpc.Status are DATA_LOSS";
}

// ---------------------------------------------------------------------------------
// Part 2: your OrderServiceImpl. A reference InventoryService stands downstream.
class ScriptedInventory final : public InventoryService::Service {
 public:
  grpc::Status CheckStock(grpc::ServerContext* context, const StockRequest* request,
                          StockLevel* reply) override {
    {
      std::lock_guard<std::mutex> lock(mu);
      seen_deadline = context->deadline();
      seen_product = request->product_id();
      ++calls;
    }
    cv.notify_all();
    if (hold > 0ms) {
      const auto start = SteadyClock::now();
      const bool cancelled = hold_.Wait(context, hold);
      {
        std::lock_guard<std::mutex> lock(mu);
        if (cancelled) cancelled_after = SteadyClock::now() - start;
        hold_ended = true;
      }
      cv.notify_all();
    }
    auto it = stock.find(request->product_id());
    if (it == stock.end()) {
      return grpc::Status(StatusCode::NOT_FOUND,
                          "inventory: no product '" + request->product_id() + "'");
    }
    reply->set_product_id(it->first);
    reply->set_available(it->second);
    return grpc::Status::OK;
  }
  void Release() { hold_.Release(); }

  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, int> stock = {{"P1001", 12}, {"P1003", 3}};
  milliseconds hold{0};
  SystemClock::time_point seen_deadline;
  std::string seen_product;
  int calls = 0;
  std::optional<SteadyClock::duration> cancelled_after;
  bool hold_ended = false;

 private:
  Hold hold_;
};

// Your OrderServiceImpl, with a note of when PrepareOrder returns and what it returned.
class RecordingOrderService final : public OrderServiceImpl {
 public:
  using OrderServiceImpl::OrderServiceImpl;
  grpc::Status PrepareOrder(grpc::ServerContext* context,
                            const PrepareOrderRequest* request, Order* reply) override {
    grpc::Status status = OrderServiceImpl::PrepareOrder(context, request, reply);
    {
      std::lock_guard<std::mutex> lock(mu);
      returned = status;
      returned_at = SteadyClock::now();
    }
    cv.notify_all();
    return status;
  }
  std::mutex mu;
  std::condition_variable cv;
  std::optional<grpc::Status> returned;
  SteadyClock::time_point returned_at;
};

class Lesson07Orders : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(inventory_server_.ok()) << inventory_server_.error();
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<OrderService>();
  }
  void TearDown() override { inventory_.Release(); }

  grpc::Status Place(const std::string& order_id, const std::string& product_id,
                     int quantity, Order* order = nullptr,
                     milliseconds timeout = lab::testing::kRpcDeadline) {
    PlaceOrderRequest request;
    request.set_order_id(order_id);
    request.set_product_id(product_id);
    request.set_quantity(quantity);
    Order reply;
    grpc::ClientContext context;
    SetDeadline(context, timeout);
    grpc::Status status = stub_->PlaceOrder(&context, request, &reply);
    if (order != nullptr) *order = reply;
    return status;
  }

  ScriptedInventory inventory_;
  TestServer inventory_server_{{&inventory_}};
  RecordingOrderService service_{inventory_server_.NewStub<InventoryService>(), 20ms};
  TestServer server_{{&service_}};
  std::unique_ptr<OrderService::Stub> stub_;
};

// 2.1 A valid order is checked with the inventory and placed.
TEST_F(Lesson07Orders, PlaceOrderPlacesAValidOrder) {
  Order order;
  LAB_ASSERT_OK(Place("O1", "P1001", 2, &order));
  EXPECT_EQ(order.order_id(), "O1");
  EXPECT_EQ(order.product_id(), "P1001");
  EXPECT_EQ(order.quantity(), 2);
  EXPECT_EQ(order.state(), Order::PLACED);
  EXPECT_EQ(inventory_.seen_product, "P1001")
      << "PlaceOrder should ask the downstream InventoryService (inventory_) about "
         "the product";
}

// 2.2 Bad fields are INVALID_ARGUMENT with a google.rpc.BadRequest naming every bad
//     field, and nothing is asked downstream.
TEST_F(Lesson07Orders, PlaceOrderReportsEveryBadFieldAsBadRequest) {
  grpc::Status status = Place("", "X1", 0);
  LAB_ASSERT_CODE(status, StatusCode::INVALID_ARGUMENT)
      << "a malformed request is the caller's to fix: INVALID_ARGUMENT, not INTERNAL";
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(DecodesAsBadRequest(status, &bad_request));
  std::vector<std::string> fields;
  for (const auto& v : bad_request.field_violations()) {
    fields.push_back(v.field());
    EXPECT_FALSE(v.description().empty()) << "say why " << v.field() << " is wrong";
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"order_id", "product_id", "quantity"}))
      << "all three fields are wrong: report each, named as in the .proto, in this "
         "order, so the caller can fix them in one go";

  status = Place("O2", "P1001", 101);
  LAB_ASSERT_CODE(status, StatusCode::INVALID_ARGUMENT) << "quantity 101 is over 100";
  ASSERT_TRUE(DecodesAsBadRequest(status, &bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1)
      << "only quantity is wrong in {O2, P1001, 101}";
  EXPECT_EQ(bad_request.field_violations(0).field(), "quantity");
  EXPECT_EQ(inventory_.calls, 0)
      << "validate before calling downstream: a bad request should cost nothing";
}

// 2.3 Placing the same order id twice is ALREADY_EXISTS.
TEST_F(Lesson07Orders, PlaceOrderRefusesADuplicateId) {
  LAB_ASSERT_OK(Place("O7", "P1001", 1));
  grpc::Status status = Place("O7", "P1001", 1);
  LAB_EXPECT_CODE(status, StatusCode::ALREADY_EXISTS)
      << "order O7 was placed already: the request is valid but clashes with what "
         "exists";
}

// 2.4 Inventory errors keep their code (NOT_FOUND), and short stock is
//     FAILED_PRECONDITION that says how many there are.
TEST_F(Lesson07Orders, PlaceOrderChoosesCodesForStockProblems) {
  grpc::Status status = Place("O8", "P9", 1);
  LAB_EXPECT_CODE(status, StatusCode::NOT_FOUND)
      << "the inventory said NOT_FOUND for P9; pass its status on unchanged (wrapping "
         "it in INTERNAL blames your server for the caller's unknown product)";
  EXPECT_EQ(status.error_message(), "inventory: no product 'P9'")
      << "return the inventory's status as it came";

  status = Place("O9", "P1003", 5);
  LAB_EXPECT_CODE(status, StatusCode::FAILED_PRECONDITION)
      << "only 3 of P1003 are in stock: the request is valid, the system is not in a "
         "state to grant it";
  EXPECT_NE(status.error_message().find('3'), std::string::npos)
      << "the message should say how many are available (3), got \""
      << status.error_message() << "\"";
}

// 2.5 The downstream call carries the caller's deadline, not a later one.
TEST_F(Lesson07Orders, PlaceOrderPassesItsDeadlineDownstream) {
  const auto before = SystemClock::now();
  const milliseconds timeout = 1500ms;
  LAB_ASSERT_OK(Place("O10", "P1001", 1, nullptr, timeout));
  const auto caller_deadline = before + timeout;
  const auto late_by = std::chrono::duration_cast<milliseconds>(inventory_.seen_deadline -
                                                                caller_deadline);
  // A deadline travels as a relative timeout, so allow a little slack.
  EXPECT_LE(late_by.count(), 100)
      << "the inventory call's deadline is " << late_by.count()
      << " ms after the caller's (or there is none). Make its ClientContext with "
         "grpc::ClientContext::FromServerContext(*context), so it gets what is left "
         "of the caller's deadline";
}

// 2.6 When the caller gives up, the downstream call is cancelled too.
TEST_F(Lesson07Orders, PlaceOrderCancelsDownstreamWhenTheCallerGivesUp) {
  inventory_.hold = 2000ms;  // the inventory is slow: it works until cancelled
  const auto start = SteadyClock::now();
  grpc::Status status = Place("O11", "P1001", 1, nullptr, 200ms);
  LAB_ASSERT_CODE(status, StatusCode::DEADLINE_EXCEEDED)
      << "the caller's 200 ms deadline passed while the inventory was still working";
  const bool ended = WaitUntil(inventory_.mu, inventory_.cv, 1000ms,
                               [&] { return inventory_.hold_ended; });
  ASSERT_TRUE(ended) << "the inventory call was still running 1 s after the caller "
                        "gave up: nobody will read its answer";
  EXPECT_TRUE(inventory_.cancelled_after.has_value())
      << "the inventory call was never cancelled. A ClientContext made with "
         "FromServerContext(*context) is cancelled with the call it came from";
  EXPECT_LT(Ms(SteadyClock::now() - start), 1200);
}

// 2.7 PrepareOrder prepares a placed order, and NOT_FOUND for an unknown one.
TEST_F(Lesson07Orders, PrepareOrderPreparesAPlacedOrder) {
  LAB_ASSERT_OK(Place("O12", "P1001", 1));
  PrepareOrderRequest request;
  request.set_order_id("O12");
  Order order;
  grpc::ClientContext context;
  SetDeadline(context);
  LAB_ASSERT_OK(stub_->PrepareOrder(&context, request, &order));
  EXPECT_EQ(order.order_id(), "O12");
  EXPECT_EQ(order.state(), Order::PREPARED);

  request.set_order_id("O404");
  grpc::ClientContext context2;
  SetDeadline(context2);
  LAB_EXPECT_CODE(stub_->PrepareOrder(&context2, request, &order), StatusCode::NOT_FOUND)
      << "O404 was never placed";
}

// 2.8 PrepareOrder stops working soon after its caller gives up.
TEST_F(Lesson07Orders, PrepareOrderStopsWhenTheCallerGivesUp) {
  // A slow kitchen: 2 s in all, in steps of 100 ms.
  RecordingOrderService slow(inventory_server_.NewStub<InventoryService>(), 2000ms);
  TestServer server({&slow});
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = server.NewStub<OrderService>();
  {
    PlaceOrderRequest place;
    place.set_order_id("O13");
    place.set_product_id("P1001");
    place.set_quantity(1);
    Order placed;
    grpc::ClientContext context;
    SetDeadline(context);
    LAB_ASSERT_OK(stub->PlaceOrder(&context, place, &placed));
  }
  PrepareOrderRequest request;
  request.set_order_id("O13");
  Order order;
  grpc::ClientContext context;
  SetDeadline(context, 150ms);
  LAB_ASSERT_CODE(stub->PrepareOrder(&context, request, &order),
                  StatusCode::DEADLINE_EXCEEDED)
      << "preparing takes 2 s and the caller allowed 150 ms";
  const auto gave_up = SteadyClock::now();
  const bool returned =
      WaitUntil(slow.mu, slow.cv, 1000ms, [&] { return slow.returned.has_value(); });
  ASSERT_TRUE(returned)
      << "PrepareOrder was still working 1 s after its caller gave up. Check "
         "context->IsCancelled() before each step and stop when it is true";
  EXPECT_LT(Ms(slow.returned_at - gave_up), 500)
      << "stop within a step or so of the cancellation";
  LAB_EXPECT_CODE(*slow.returned, StatusCode::CANCELLED)
      << "PrepareOrder should return CANCELLED when it stops for a caller that left";
}

// ---------------------------------------------------------------------------------
// Part 3: your client function against reference servers.
class Lesson07Client : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<OrderService>();
  }
  void TearDown() override { service_.Release(); }
  ScriptedOrders service_;
  TestServer server_{{&service_}};
  std::unique_ptr<OrderService::Stub> stub_;
};

PlaceOrderRequest SomeOrder() {
  PlaceOrderRequest request;
  request.set_order_id("O21");
  request.set_product_id("P1001");
  request.set_quantity(4);
  return request;
}

// 3.1 PlaceOrder sends the request and returns the server's reply.
TEST_F(Lesson07Client, PlaceOrderReturnsTheReply) {
  Order order;
  LAB_ASSERT_OK(PlaceOrder(*stub_, SomeOrder(), &order));
  EXPECT_EQ(service_.seen.order_id(), "O21") << "the server should receive the request";
  EXPECT_EQ(service_.seen.quantity(), 4);
  EXPECT_EQ(order.product_id(), "P-from-reference") << "return what the server answered";
}

// 3.2 An error comes back unchanged: code, message and error details.
TEST_F(Lesson07Client, PlaceOrderReturnsErrorsWithTheirDetails) {
  google::rpc::Status rich;
  rich.set_code(static_cast<int>(StatusCode::INVALID_ARGUMENT));
  rich.set_message("1 field is wrong");
  rich.add_details()->PackFrom(MakeBadRequest({{"quantity", "too many"}}));
  service_.status = grpc::Status(StatusCode::INVALID_ARGUMENT, "1 field is wrong",
                                 rich.SerializeAsString());
  Order order;
  order.set_order_id("unchanged");
  grpc::Status status = PlaceOrder(*stub_, SomeOrder(), &order);
  LAB_ASSERT_CODE(status, StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "1 field is wrong");
  EXPECT_EQ(status.error_details(), rich.SerializeAsString())
      << "return the call's grpc::Status itself: building a new one loses the details";
  EXPECT_EQ(order.order_id(), "unchanged") << "on an error, leave *order alone";
}

// 3.3 A call gives up at its deadline with DEADLINE_EXCEEDED.
TEST_F(Lesson07Client, PlaceOrderGivesUpAtItsDeadline) {
  service_.hold = 2000ms;  // the server takes 2 s unless the call is cancelled
  const auto start = SteadyClock::now();
  Order order;
  grpc::Status status = PlaceOrder(*stub_, SomeOrder(), &order, {150ms, false});
  const long long took = Ms(SteadyClock::now() - start);
  LAB_EXPECT_CODE(status, StatusCode::DEADLINE_EXCEEDED)
      << "the server needed 2 s and the call allowed 150 ms (after " << took
      << " ms). Set a deadline on the ClientContext: context.set_deadline("
         "std::chrono::system_clock::now() + options.timeout)";
  EXPECT_LT(took, 150 + 500) << "the call should end at its deadline";
}

// Reserves a port: a server starts on 127.0.0.1:0 and stops. Nothing listens there
// now, and the operating system does not hand it out again soon.
int ReservePort() {
  ScriptedOrders unused;
  TestServer server({&unused});
  return server.ok() ? server.port() : 0;
}

// A channel that retries connecting every 100 ms or so, not after gRPC's default 1 s,
// so a late server is found quickly.
std::shared_ptr<grpc::Channel> QuickReconnectChannel(int port) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
  return grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port),
                                   grpc::InsecureChannelCredentials(), args);
}

// 3.4 Without wait-for-ready a call to a server that is not there fails at once with
//     UNAVAILABLE, long before its deadline.
TEST(Lesson07ClientAlone, PlaceOrderFailsFastWhenNoServerIsThere) {
  const int port = ReservePort();
  ASSERT_NE(port, 0);
  auto stub = OrderService::NewStub(QuickReconnectChannel(port));
  const auto start = SteadyClock::now();
  Order order;
  grpc::Status status = PlaceOrder(*stub, SomeOrder(), &order, {2000ms, false});
  const long long took = Ms(SteadyClock::now() - start);
  LAB_EXPECT_CODE(status, StatusCode::UNAVAILABLE)
      << "nothing listens on port " << port << " and wait_for_ready is false";
  EXPECT_LT(took, 1000) << "a fail-fast call should not wait for its 2 s deadline; "
                           "set wait-for-ready only when options.wait_for_ready is true";
}

// 3.5 With wait-for-ready the same call waits for a server that starts late, and
//     succeeds.
TEST(Lesson07ClientAlone, PlaceOrderWithWaitForReadyWaitsForALateServer) {
  const int port = ReservePort();
  ASSERT_NE(port, 0);
  auto channel = QuickReconnectChannel(port);
  auto stub = OrderService::NewStub(channel);
  Order order;
  auto call = std::async(std::launch::async, [&] {
    return PlaceOrder(*stub, SomeOrder(), &order, {3000ms, true});
  });

  // Nothing but the learner's call makes this channel connect, so once it reports
  // TRANSIENT_FAILURE the call has been made and found no server.
  const auto give_up = SystemClock::now() + 2s;
  grpc_connectivity_state state = channel->GetState(false);
  while (state != GRPC_CHANNEL_TRANSIENT_FAILURE && SystemClock::now() < give_up &&
         call.wait_for(0ms) != std::future_status::ready) {
    channel->WaitForStateChange(state, SystemClock::now() + 20ms);
    state = channel->GetState(false);
  }
  if (call.wait_for(0ms) == std::future_status::ready) {
    grpc::Status status = call.get();
    if (IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
    FAIL() << "the call ended with " << Describe(status)
           << " before the server came up. With options.wait_for_ready, call "
              "context.set_wait_for_ready(true): the call then waits for the server";
  }
  ASSERT_EQ(state, GRPC_CHANNEL_TRANSIENT_FAILURE)
      << "the call never tried to connect (the channel stayed idle)";

  // Now the server arrives, on the port the client is trying.
  ScriptedOrders late;
  grpc::ServerBuilder builder;
  int bound = 0;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port),
                           grpc::InsecureServerCredentials(), &bound);
  builder.RegisterService(&late);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_TRUE(server != nullptr && bound == port) << "could not listen on " << port;

  ASSERT_EQ(call.wait_for(5s), std::future_status::ready) << "no answer in 5 s";
  grpc::Status status = call.get();
  LAB_EXPECT_OK(status) << "the server came up while the call was waiting for it";
  EXPECT_EQ(order.order_id(), "O21");
  server->Shutdown(SystemClock::now() + 1s);
}

// ---------------------------------------------------------------------------------
// Part 4: the server program (run.cc is given; your code runs inside it).

// 4.1 build/bin/lesson07_server places orders and returns BadRequest details that
//     any gRPC client can decode.
TEST(Lesson07Program, ServerBinaryPlacesOrdersAndExplainsErrors) {
  lab::testing::ServerProcess process(lab::testing::MainPath("server"));
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  auto stub = OrderService::NewStub(
      grpc::CreateChannel(process.address(), grpc::InsecureChannelCredentials()));
  PlaceOrderRequest request = SomeOrder();
  Order order;
  grpc::ClientContext context;
  SetDeadline(context);
  LAB_ASSERT_OK(stub->PlaceOrder(&context, request, &order));
  EXPECT_EQ(order.state(), Order::PLACED);

  request.set_quantity(0);
  grpc::ClientContext context2;
  SetDeadline(context2);
  grpc::Status status = stub->PlaceOrder(&context2, request, &order);
  LAB_ASSERT_CODE(status, StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(DecodesAsBadRequest(status, &bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "quantity");
}

}  // namespace
}  // namespace lab::errors
