// Lesson 07 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your rich-error helpers (errors.cc), over a real channel.
//   Part 2: your OrderServiceImpl, called by a reference client, in front of a
//           reference inventory service.
//   Part 3: your client function, calling reference servers (one of them late, on a
//           unix-domain socket of the test's own).
//   Part 4: your server program, started as a real process.
#include "errors.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
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
using lab::testing::CodeName;
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
    grpc::Status answer;
    milliseconds hold_for;
    {
      std::lock_guard<std::mutex> lock(mu);
      seen = *request;
      deadline = context->deadline();
      ++calls;
      answer = status_;
      hold_for = hold_for_;
    }
    if (hold_for > 0ms) hold_.Wait(context, hold_for);
    reply->set_order_id(request->order_id());
    reply->set_product_id("P-from-reference");
    reply->set_quantity(request->quantity());
    reply->set_state(Order::PLACED);
    return answer;
  }
  grpc::Status PrepareOrder(grpc::ServerContext*, const PrepareOrderRequest*,
                            Order*) override {
    return grpc::Status(StatusCode::UNIMPLEMENTED, "not used by the tests");
  }
  void Release() { hold_.Release(); }
  // What the next calls answer, and how long each works first (until cancelled or
  // Release()).
  void Answer(grpc::Status status) {
    std::lock_guard<std::mutex> lock(mu);
    status_ = std::move(status);
  }
  void HoldFor(milliseconds limit) {
    std::lock_guard<std::mutex> lock(mu);
    hold_for_ = limit;
  }

  std::mutex mu;  // guards everything here: handlers run on gRPC's threads
  PlaceOrderRequest seen;
  SystemClock::time_point deadline;
  int calls = 0;

 private:
  grpc::Status status_ = grpc::Status::OK;
  milliseconds hold_for_{0};
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
  service_.Answer(BadRequestStatus("2 fields are wrong", MakeBadRequest(sent)));
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
  service_.Answer(grpc::Status(StatusCode::INVALID_ARGUMENT, "1 field is wrong",
                               rich.SerializeAsString()));
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
  service_.Answer(grpc::Status(StatusCode::NOT_FOUND, "no such order"));
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

// How long a test waits for something that should happen at once (a call reaching
// the inventory, a cancellation arriving): generous for slow sanitizer builds, and
// well within the inventory call's own deadline, so a held inventory call is still
// alive when the wait ends.
constexpr milliseconds kPromptly = kInventoryTimeout / 2;

// What the reference inventory says about itself in its error messages: internals
// that the order service's callers must not see.
constexpr char kInventoryInternals[] = "shard eu-3";

class ScriptedInventory final : public InventoryService::Service {
 public:
  grpc::Status CheckStock(grpc::ServerContext* context, const StockRequest* request,
                          StockLevel* reply) override {
    std::optional<grpc::Status> answer;
    milliseconds hold_for;
    {
      std::lock_guard<std::mutex> lock(mu);
      seen_deadline = context->deadline();
      seen_product = request->product_id();
      answer = fail_;
      hold_for = hold_for_;
      ++calls;
    }
    cv.notify_all();
    if (hold_for > 0ms) Wait(context, hold_for);
    if (answer.has_value()) return *answer;
    auto it = kStock.find(request->product_id());
    if (it == kStock.end()) {
      return grpc::Status(StatusCode::NOT_FOUND, std::string(kInventoryInternals) +
                                                     ": no row for sku '" +
                                                     request->product_id() + "'");
    }
    reply->set_product_id(it->first);
    reply->set_available(it->second);
    return grpc::Status::OK;
  }
  void Release() { hold_.Release(); }
  // From now on, answer `status` instead of the stock (std::nullopt: the stock again).
  void Fail(std::optional<grpc::Status> status) {
    std::lock_guard<std::mutex> lock(mu);
    fail_ = std::move(status);
  }
  // From now on, each call works until cancelled, Release(), or `limit`.
  void HoldFor(milliseconds limit) {
    std::lock_guard<std::mutex> lock(mu);
    hold_for_ = limit;
  }

  const std::map<std::string, int> kStock = {{"P1001", 12}, {"P1003", 3}};
  std::mutex mu;  // guards everything here: handlers run on gRPC's threads
  std::condition_variable cv;
  SystemClock::time_point seen_deadline;
  std::string seen_product;
  int calls = 0;
  bool hold_ended = false;
  // When a held call was cancelled: how much of its own deadline was left then.
  std::optional<milliseconds> left_when_cancelled;

 private:
  void Wait(grpc::ServerContext* context, milliseconds limit) {
    const bool cancelled = hold_.Wait(context, limit);
    {
      std::lock_guard<std::mutex> lock(mu);
      if (cancelled) {
        left_when_cancelled = std::chrono::duration_cast<milliseconds>(
            context->deadline() - SystemClock::now());
      }
      hold_ended = true;
    }
    cv.notify_all();
  }
  std::optional<grpc::Status> fail_;
  milliseconds hold_for_{0};
  Hold hold_;
};

// Your OrderServiceImpl, with a note of PrepareOrder's deadline, and of when it
// returned and what.
class RecordingOrderService final : public OrderServiceImpl {
 public:
  using OrderServiceImpl::OrderServiceImpl;
  grpc::Status PrepareOrder(grpc::ServerContext* context,
                            const PrepareOrderRequest* request, Order* reply) override {
    grpc::Status status = OrderServiceImpl::PrepareOrder(context, request, reply);
    {
      std::lock_guard<std::mutex> lock(mu);
      returned = status;
      returned_at = SystemClock::now();
      deadline = context->deadline();
    }
    cv.notify_all();
    return status;
  }
  std::mutex mu;
  std::condition_variable cv;
  std::optional<grpc::Status> returned;
  SystemClock::time_point returned_at;
  SystemClock::time_point deadline;
};

// Where the inventory call's deadline lay (`seen`), for a PlaceOrder made between
// `before` and `after`; passes when it is `expected` after the call started.
::testing::AssertionResult InventoryDeadlineIs(SystemClock::time_point seen,
                                               SystemClock::time_point before,
                                               SystemClock::time_point after,
                                               milliseconds expected) {
  if (lab::testing::DeadlineFollowsTimeout(seen, before, after, expected)) {
    return ::testing::AssertionSuccess();
  }
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << "the inventory call's deadline was ";
  if (seen == SystemClock::time_point::max()) {
    failure << "infinite (none)";
  } else {
    failure << std::chrono::duration_cast<milliseconds>(seen - before).count()
            << " ms after PlaceOrder was called";
  }
  return failure << "; it should have been about " << expected.count() << " ms";
}

class Lesson07Orders : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(inventory_server_.ok()) << inventory_server_.error();
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<OrderService>();
  }
  void TearDown() override { inventory_.Release(); }

  static PlaceOrderRequest Request(const std::string& order_id,
                                   const std::string& product_id, int quantity) {
    PlaceOrderRequest request;
    request.set_order_id(order_id);
    request.set_product_id(product_id);
    request.set_quantity(quantity);
    return request;
  }

  grpc::Status Place(const std::string& order_id, const std::string& product_id,
                     int quantity, Order* order = nullptr,
                     milliseconds timeout = lab::testing::kRpcDeadline) {
    Order reply;
    grpc::ClientContext context;
    SetDeadline(context, timeout);
    grpc::Status status =
        stub_->PlaceOrder(&context, Request(order_id, product_id, quantity), &reply);
    if (order != nullptr) *order = reply;
    return status;
  }

  // Place() on a thread of its own; counts the answers in answered_ (under
  // inventory_.mu, so that one wait can watch for either kind of event).
  std::future<grpc::Status> PlaceAsync(const std::string& order_id,
                                       const std::string& product_id, int quantity) {
    return std::async(std::launch::async, [=] {
      grpc::Status status = Place(order_id, product_id, quantity);
      CountAnswer();
      return status;
    });
  }

  // Waits until the inventory has been called `n` times in all, at most kPromptly;
  // stops early when a call has answered without it (a starter's UNIMPLEMENTED).
  bool WaitForInventoryCalls(int n) {
    WaitUntil(inventory_.mu, inventory_.cv, kPromptly,
              [&] { return inventory_.calls >= n || answered_ > 0; });
    std::lock_guard<std::mutex> lock(inventory_.mu);
    return inventory_.calls >= n;
  }

  // Counts one more answered call in answered_ and wakes the waits above.
  void CountAnswer() {
    {
      std::lock_guard<std::mutex> lock(inventory_.mu);
      ++answered_;
    }
    inventory_.cv.notify_all();
  }

  // Why a call made with PlaceAsync (or by hand) never reached the inventory.
  static std::string NeverAsked(std::future<grpc::Status>& call) {
    if (call.wait_for(0ms) != std::future_status::ready) {
      return "PlaceOrder never asked the inventory (inventory_) about the product";
    }
    grpc::Status status = call.get();
    if (IsNotStarted(status)) return lab::testing::IsOk(status).message();
    return "PlaceOrder ended with " + Describe(status) + " without asking the inventory";
  }

  SystemClock::time_point InventoryDeadline() {
    std::lock_guard<std::mutex> lock(inventory_.mu);
    return inventory_.seen_deadline;
  }

  ScriptedInventory inventory_;
  TestServer inventory_server_{{&inventory_}};
  RecordingOrderService service_{inventory_server_.NewStub<InventoryService>(), 20ms};
  TestServer server_{{&service_}};
  std::unique_ptr<OrderService::Stub> stub_;
  int answered_ = 0;  // PlaceAsync calls that have returned; guarded by inventory_.mu
};

// 2.1 A valid order is checked with the inventory and placed.
TEST_F(Lesson07Orders, PlaceOrderPlacesAValidOrder) {
  Order order;
  LAB_ASSERT_OK(Place("O1", "P1001", 2, &order));
  EXPECT_EQ(order.order_id(), "O1");
  EXPECT_EQ(order.product_id(), "P1001");
  EXPECT_EQ(order.quantity(), 2);
  EXPECT_EQ(order.state(), Order::PLACED);
  std::lock_guard<std::mutex> lock(inventory_.mu);
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
  std::lock_guard<std::mutex> lock(inventory_.mu);
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

// 2.4 Two calls with the same order id at the same time: one is placed, the other
//     hears that the id is taken.
TEST_F(Lesson07Orders, PlaceOrderPlacesAnIdOnceWhenTwoCallsRace) {
  inventory_.HoldFor(lab::testing::kRpcDeadline);  // each CheckStock waits for Release()
  auto first = PlaceAsync("O30", "P1001", 1);
  ASSERT_TRUE(WaitForInventoryCalls(1)) << NeverAsked(first);
  auto second = PlaceAsync("O30", "P1001", 1);
  // The second call either answers while the first is still at the inventory, or
  // finds the id free and asks the inventory too. Then both are let through.
  WaitUntil(inventory_.mu, inventory_.cv, kPromptly,
            [&] { return answered_ >= 1 || inventory_.calls >= 2; });
  inventory_.Release();
  const grpc::Status statuses[] = {first.get(), second.get()};
  int placed = 0;
  for (const grpc::Status& status : statuses) {
    if (status.ok()) ++placed;
    if (IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
  }
  ASSERT_EQ(placed, 1)
      << "two PlaceOrder calls for O30 ran at the same time: " << Describe(statuses[0])
      << " and " << Describe(statuses[1]) << ". Exactly one should be placed. If both "
      << "were: each checked that O30 was unused, then waited for the inventory, then "
         "recorded it. Claim the id in the same locked step as the check, before the "
         "inventory call (README: \"Check, then act\")";
  const grpc::Status& other = statuses[0].ok() ? statuses[1] : statuses[0];
  EXPECT_TRUE(other.error_code() == StatusCode::ALREADY_EXISTS ||
              other.error_code() == StatusCode::ABORTED)
      << "the call that lost ended with " << Describe(other)
      << ": it should say the id is taken (ALREADY_EXISTS), or that it lost a race "
         "(ABORTED)";
}

// 2.5 An order that fails (invalid, at the inventory, or for want of stock) is not
//     placed: its id can be used again.
TEST_F(Lesson07Orders, PlaceOrderLeavesTheIdOfAFailedOrderFree) {
  inventory_.Fail(grpc::Status(StatusCode::UNAVAILABLE, "inventory restarting"));
  grpc::Status status = Place("O31", "P1001", 1);
  ASSERT_FALSE(status.ok()) << "the inventory was unavailable, so O31 cannot be placed";
  inventory_.Fail(std::nullopt);
  LAB_EXPECT_OK(Place("O31", "P1001", 1))
      << "the first O31 failed at the inventory and was never placed: its id is free. "
         "Release the id you claimed when the order fails";

  ASSERT_FALSE(Place("O32", "P1003", 5).ok()) << "only 3 of P1003 are in stock";
  LAB_EXPECT_OK(Place("O32", "P1003", 1))
      << "the first O32 failed for want of stock and was never placed: its id is free";

  ASSERT_FALSE(Place("O35", "P1001", 101).ok()) << "quantity 101 is over 100";
  LAB_EXPECT_OK(Place("O35", "P1001", 1))
      << "the first O35 was refused as invalid and was never placed: its id is free. "
         "Validate first; claim the id only for a valid request";
}

// 2.6 While the inventory is slow to answer one order, other orders still go ahead.
TEST_F(Lesson07Orders, PlaceOrderDoesNotHoldUpOtherOrders) {
  inventory_.HoldFor(lab::testing::kRpcDeadline);  // each CheckStock waits for Release()
  auto first = PlaceAsync("O33", "P1001", 1);
  ASSERT_TRUE(WaitForInventoryCalls(1)) << NeverAsked(first);
  auto second = PlaceAsync("O34", "P1001", 1);
  const bool both_asked = WaitForInventoryCalls(2);
  inventory_.Release();
  EXPECT_TRUE(both_asked)
      << "while the inventory was answering for O33, the call for O34 did not reach "
         "the inventory within "
      << kPromptly.count()
      << " ms: it waited for O33. Do not hold mu_ during the inventory call; lock it "
         "only to check and claim the id, and to record the order";
  LAB_EXPECT_OK(first.get());
  LAB_EXPECT_OK(second.get());
}

// 2.7 A product the inventory does not know is NOT_FOUND, said in your own words
//     and naming the product.
TEST_F(Lesson07Orders, PlaceOrderReportsAnUnknownProductAsNotFound) {
  grpc::Status status = Place("O8", "P9", 1);
  LAB_ASSERT_CODE(status, StatusCode::NOT_FOUND)
      << "the inventory has no P9, the product the caller named: the caller asked for "
         "something that is not there (README's table). INTERNAL would blame your "
         "server for the caller's unknown product";
  EXPECT_NE(status.error_message().find("P9"), std::string::npos)
      << "say which product is unknown; got \"" << status.error_message() << "\"";
  EXPECT_EQ(status.error_message().find(kInventoryInternals), std::string::npos)
      << "the message \"" << status.error_message() << "\" repeats the inventory's "
      << "own; write your own (the inventory's talks about its internals)";
}

// 2.8 Every other inventory error is translated as the README's table says: the
//     caller gets a code that blames the right party, and none of the inventory's text.
TEST_F(Lesson07Orders, PlaceOrderTranslatesInventoryErrors) {
  struct Case {
    StatusCode downstream;
    StatusCode want;
    const char* why;
  };
  const Case cases[] = {
      {StatusCode::INVALID_ARGUMENT, StatusCode::INTERNAL,
       "the inventory rejected the request your server built; the caller's request "
       "was valid: your bug"},
      {StatusCode::UNAUTHENTICATED, StatusCode::INTERNAL,
       "the inventory did not accept your server's credentials: the caller cannot "
       "fix that; UNAUTHENTICATED would tell it to log in again"},
      {StatusCode::PERMISSION_DENIED, StatusCode::INTERNAL,
       "your server may not call the inventory: not the caller's doing"},
      {StatusCode::UNAVAILABLE, StatusCode::UNAVAILABLE,
       "the inventory is down for now: transient, the caller may retry with backoff"},
      {StatusCode::DEADLINE_EXCEEDED, StatusCode::DEADLINE_EXCEEDED,
       "the time ran out: the caller may try again with a new deadline"},
  };
  int n = 40;
  for (const Case& c : cases) {
    const std::string downstream = CodeName(c.downstream);
    SCOPED_TRACE("the inventory answered " + downstream);
    inventory_.Fail(grpc::Status(
        c.downstream, std::string(kInventoryInternals) + ": " + downstream + " detail"));
    grpc::Status status = Place("O" + std::to_string(n++), "P1001", 1);
    LAB_EXPECT_CODE(status, c.want) << "when the inventory answers " << downstream << ": "
                                    << c.why << " (README's table)";
    if (IsNotStarted(status)) return;  // said once is enough
    if (c.want == StatusCode::INTERNAL) {
      EXPECT_EQ(status.error_message().find(kInventoryInternals), std::string::npos)
          << "the message \"" << status.error_message()
          << "\" repeats the inventory's; log it if you like, but tell the caller in "
             "your own words (e.g. \"inventory check failed\")";
    }
  }
}

// 2.9 Too little stock is FAILED_PRECONDITION, saying how many there are.
TEST_F(Lesson07Orders, PlaceOrderRefusesShortStock) {
  grpc::Status status = Place("O9", "P1003", 5);
  LAB_ASSERT_CODE(status, StatusCode::FAILED_PRECONDITION)
      << "only 3 of P1003 are in stock: the request is valid, the system is not in a "
         "state to grant it";
  EXPECT_NE(status.error_message().find('3'), std::string::npos)
      << "the message should say how many are available (3), got \""
      << status.error_message() << "\"";
}

// 2.10 A caller's deadline shorter than kInventoryTimeout is the inventory call's.
TEST_F(Lesson07Orders, PlaceOrderPassesTheCallersDeadlineDownstream) {
  // Two timeouts: a deadline of your own, whatever the caller's, fails one of them.
  int n = 50;
  for (const milliseconds timeout : {kInventoryTimeout / 4, kInventoryTimeout / 2}) {
    SCOPED_TRACE("the caller's timeout: " + std::to_string(timeout.count()) + " ms");
    const auto before = SystemClock::now();
    LAB_ASSERT_OK(Place("O" + std::to_string(n++), "P1001", 1, nullptr, timeout));
    const auto after = SystemClock::now();
    EXPECT_TRUE(InventoryDeadlineIs(InventoryDeadline(), before, after, timeout))
        << ": the caller stops waiting then, so the inventory call should end then "
           "too. Make its ClientContext with "
           "grpc::ClientContext::FromServerContext(*context): it takes on the "
           "caller's deadline";
  }
}

// 2.11 A caller with a long deadline, or none, still gets an inventory call that
//      ends after kInventoryTimeout.
TEST_F(Lesson07Orders, PlaceOrderCapsTheInventoryDeadline) {
  const milliseconds long_timeout = 5 * kInventoryTimeout;
  auto before = SystemClock::now();
  LAB_ASSERT_OK(Place("O60", "P1001", 1, nullptr, long_timeout));
  auto after = SystemClock::now();
  EXPECT_TRUE(InventoryDeadlineIs(InventoryDeadline(), before, after, kInventoryTimeout))
      << ": the caller allowed " << long_timeout.count()
      << " ms, but the order service waits for the inventory at most kInventoryTimeout. "
         "After FromServerContext, set_deadline(now + kInventoryTimeout): gRPC keeps "
         "the earlier of the two";

  // The one call in these tests without a deadline, as the subject: it is cancelled
  // if it has not answered by kRpcDeadline.
  grpc::ClientContext context;
  Order order;
  before = SystemClock::now();
  auto call = std::async(std::launch::async, [&] {
    return stub_->PlaceOrder(&context, Request("O61", "P1001", 1), &order);
  });
  if (call.wait_for(lab::testing::kRpcDeadline) != std::future_status::ready) {
    context.TryCancel();
    FAIL() << "PlaceOrder did not answer in 5 s";
  }
  after = SystemClock::now();
  LAB_ASSERT_OK(call.get());
  EXPECT_TRUE(InventoryDeadlineIs(InventoryDeadline(), before, after, kInventoryTimeout))
      << ": a caller without a deadline would wait for ever; the inventory call must "
         "not. After FromServerContext, set_deadline(now + kInventoryTimeout)";
}

// 2.12 When the caller cancels, the inventory call is cancelled too, at once, long
//      before its deadline.
TEST_F(Lesson07Orders, PlaceOrderCancelsDownstreamWhenTheCallerCancels) {
  inventory_.HoldFor(lab::testing::kRpcDeadline);  // works until cancelled
  grpc::ClientContext context;
  SetDeadline(context);  // long: the caller cancels; its deadline does not pass
  Order order;
  auto call = std::async(std::launch::async, [&] {
    grpc::Status status = stub_->PlaceOrder(&context, Request("O62", "P1001", 1), &order);
    CountAnswer();
    return status;
  });
  ASSERT_TRUE(WaitForInventoryCalls(1)) << NeverAsked(call);
  context.TryCancel();
  LAB_EXPECT_CODE(call.get(), StatusCode::CANCELLED) << "the caller cancelled its call";
  const bool ended = WaitUntil(inventory_.mu, inventory_.cv, lab::testing::kRpcDeadline,
                               [&] { return inventory_.hold_ended; });
  std::lock_guard<std::mutex> lock(inventory_.mu);
  ASSERT_TRUE(ended) << "the inventory call was still running 5 s after the caller "
                        "cancelled: nobody will read its answer";
  ASSERT_TRUE(inventory_.left_when_cancelled.has_value())
      << "the inventory call ended without being cancelled";
  EXPECT_GE(inventory_.left_when_cancelled->count(), (kInventoryTimeout / 4).count())
      << "the inventory call was cancelled only when its own deadline passed ("
      << inventory_.left_when_cancelled->count()
      << " ms before it), not when the caller cancelled. Copying the caller's deadline "
         "does not pass on its cancellation: make the context with "
         "grpc::ClientContext::FromServerContext(*context), which does both";
}

// 2.13 PrepareOrder prepares a placed order, and NOT_FOUND for an unknown one.
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

// 2.14 PrepareOrder stops working soon after its caller gives up.
TEST_F(Lesson07Orders, PrepareOrderStopsWhenTheCallerGivesUp) {
  // A slow kitchen: 2 s in all, in steps of 100 ms.
  constexpr milliseconds kPrepare = 2000ms;
  RecordingOrderService slow(inventory_server_.NewStub<InventoryService>(), kPrepare);
  TestServer server({&slow});
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = server.NewStub<OrderService>();
  {
    Order placed;
    grpc::ClientContext context;
    SetDeadline(context);
    LAB_ASSERT_OK(stub->PlaceOrder(&context, Request("O13", "P1001", 1), &placed));
  }
  PrepareOrderRequest request;
  request.set_order_id("O13");
  Order order;
  grpc::ClientContext context;
  SetDeadline(context, kPrepare / 10);
  LAB_ASSERT_CODE(stub->PrepareOrder(&context, request, &order),
                  StatusCode::DEADLINE_EXCEEDED)
      << "preparing takes 2 s and the caller allowed 200 ms";
  const bool returned = WaitUntil(slow.mu, slow.cv, lab::testing::kRpcDeadline,
                                  [&] { return slow.returned.has_value(); });
  std::lock_guard<std::mutex> lock(slow.mu);
  ASSERT_TRUE(returned)
      << "PrepareOrder was still working 5 s after its caller gave up. Check "
         "context->IsCancelled() before each step and stop when it is true";
  LAB_EXPECT_CODE(*slow.returned, StatusCode::CANCELLED)
      << "PrepareOrder should stop, and return CANCELLED, when its caller has gone";
  // Measured by the server: from the deadline it saw to its own return.
  const auto late =
      std::chrono::duration_cast<milliseconds>(slow.returned_at - slow.deadline);
  EXPECT_LT(late.count(), (kPrepare / 2).count())
      << "PrepareOrder returned " << late.count()
      << " ms after its caller's deadline; one step is "
      << (kPrepare / kPrepareSteps).count()
      << " ms. Check IsCancelled() before every step, not once";
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
  SystemClock::time_point SeenDeadline() {
    std::lock_guard<std::mutex> lock(service_.mu);
    return service_.deadline;
  }
  PlaceOrderRequest Seen() {
    std::lock_guard<std::mutex> lock(service_.mu);
    return service_.seen;
  }
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
  const PlaceOrderRequest seen = Seen();
  EXPECT_EQ(seen.order_id(), "O21") << "the server should receive the request";
  EXPECT_EQ(seen.quantity(), 4);
  EXPECT_EQ(order.product_id(), "P-from-reference") << "return what the server answered";
}

// 3.2 An error comes back unchanged: code, message and error details.
TEST_F(Lesson07Client, PlaceOrderReturnsErrorsWithTheirDetails) {
  google::rpc::Status rich;
  rich.set_code(static_cast<int>(StatusCode::INVALID_ARGUMENT));
  rich.set_message("1 field is wrong");
  rich.add_details()->PackFrom(MakeBadRequest({{"quantity", "too many"}}));
  service_.Answer(grpc::Status(StatusCode::INVALID_ARGUMENT, "1 field is wrong",
                               rich.SerializeAsString()));
  Order order;
  order.set_order_id("unchanged");
  grpc::Status status = PlaceOrder(*stub_, SomeOrder(), &order);
  LAB_ASSERT_CODE(status, StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "1 field is wrong");
  EXPECT_EQ(status.error_details(), rich.SerializeAsString())
      << "return the call's grpc::Status itself: building a new one loses the details";
  EXPECT_EQ(order.order_id(), "unchanged") << "on an error, leave *order alone";
}

// 3.3 The call's deadline is options.timeout from now, and a slow server gives
//     DEADLINE_EXCEEDED.
TEST_F(Lesson07Client, PlaceOrderGivesUpAtItsDeadline) {
  // Two timeouts: a deadline of your own, whatever options.timeout says, fails one.
  for (const milliseconds timeout : {1500ms, 4000ms}) {
    SCOPED_TRACE("options.timeout " + std::to_string(timeout.count()) + " ms");
    const auto before = SystemClock::now();
    Order order;
    LAB_ASSERT_OK(PlaceOrder(*stub_, SomeOrder(), &order, {timeout, false}));
    const auto after = SystemClock::now();
    EXPECT_TRUE(
        lab::testing::DeadlineFollowsTimeout(SeenDeadline(), before, after, timeout));
  }
  service_.HoldFor(lab::testing::kRpcDeadline);  // works until the call is cancelled
  Order order;
  LAB_EXPECT_CODE(PlaceOrder(*stub_, SomeOrder(), &order, {300ms, false}),
                  StatusCode::DEADLINE_EXCEEDED)
      << "the server works until the call is cancelled, and the call allowed 300 ms: "
         "context.set_deadline(std::chrono::system_clock::now() + options.timeout)";
}

// A directory of this test's own, for a unix-domain socket: unlike a TCP port, no
// other test running in parallel can take its address between two steps of a test.
class SocketDir {
 public:
  SocketDir() {
    char path[] = "/tmp/lab07-XXXXXX";
    if (mkdtemp(path) != nullptr) dir_ = path;
  }
  ~SocketDir() {
    if (dir_.empty()) return;
    std::remove(socket().c_str());
    std::remove(dir_.c_str());
  }
  bool ok() const { return !dir_.empty(); }
  std::string socket() const { return dir_ + "/orders.sock"; }
  // A gRPC target (client) and listening address (server) alike.
  std::string target() const { return "unix:" + socket(); }

 private:
  std::string dir_;
};

// A channel that retries connecting every 100 ms or so, not after gRPC's default 1 s,
// so a late server is found quickly.
std::shared_ptr<grpc::Channel> QuickReconnectChannel(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

// 3.4 Without wait-for-ready a call to a server that is not there fails at once with
//     UNAVAILABLE, long before its deadline.
TEST(Lesson07ClientAlone, PlaceOrderFailsFastWhenNoServerIsThere) {
  SocketDir dir;  // nothing listens on its socket
  ASSERT_TRUE(dir.ok()) << "could not make a directory under /tmp";
  auto stub = OrderService::NewStub(QuickReconnectChannel(dir.target()));
  const milliseconds timeout = lab::testing::kRpcDeadline;
  const auto start = SteadyClock::now();
  Order order;
  grpc::Status status = PlaceOrder(*stub, SomeOrder(), &order, {timeout, false});
  const long long took = Ms(SteadyClock::now() - start);
  LAB_EXPECT_CODE(status, StatusCode::UNAVAILABLE)
      << "nothing listens at " << dir.target() << " and wait_for_ready is false";
  EXPECT_LT(took, timeout.count() / 2)
      << "a fail-fast call should not wait for its deadline; set wait-for-ready only "
         "when options.wait_for_ready is true";
}

// 3.5 With wait-for-ready the same call waits for a server that starts late, and
//     succeeds.
TEST(Lesson07ClientAlone, PlaceOrderWithWaitForReadyWaitsForALateServer) {
  SocketDir dir;
  ASSERT_TRUE(dir.ok()) << "could not make a directory under /tmp";
  auto channel = QuickReconnectChannel(dir.target());
  auto stub = OrderService::NewStub(channel);
  Order order;
  auto call = std::async(std::launch::async, [&] {
    return PlaceOrder(*stub, SomeOrder(), &order, {lab::testing::kRpcDeadline, true});
  });

  // Nothing but the learner's call makes this channel connect, so once it reports
  // TRANSIENT_FAILURE the call has been made and found no server.
  const auto give_up = SystemClock::now() + lab::testing::kRpcDeadline / 2;
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

  // Now the server arrives, at the address the client is trying.
  ScriptedOrders late;
  grpc::ServerBuilder builder;
  int bound = 0;
  builder.AddListeningPort(dir.target(), grpc::InsecureServerCredentials(), &bound);
  builder.RegisterService(&late);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_TRUE(server != nullptr && bound != 0) << "could not listen at " << dir.target();

  ASSERT_EQ(call.wait_for(2 * lab::testing::kRpcDeadline), std::future_status::ready)
      << "no answer in 10 s";
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
