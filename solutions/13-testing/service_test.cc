// Tests of OrderService (order_service.cc) as a real gRPC service: it runs in a real
// server that the tests call in-process (Server::InProcessChannel), and it calls a
// fake Inventory, a real server on a free port whose answers each test scripts and
// which records what it was sent: request, metadata and deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "order_service.h"
#include "test_helpers.h"

namespace lab::ordertest {
namespace {

using namespace std::chrono_literals;
using SystemClock = std::chrono::system_clock;

// A scripted Inventory: Reserve answers with `answer` and remembers what it saw.
class FakeInventory final : public Inventory::Service {
 public:
  struct Seen {
    int calls = 0;
    ReserveRequest request;
    std::string request_id;  // x-request-id, "" if none
    SystemClock::time_point deadline;
  };

  void AnswerWith(grpc::Status answer) {
    std::lock_guard<std::mutex> lock(mu_);
    answer_ = std::move(answer);
  }
  Seen seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

  grpc::Status Reserve(grpc::ServerContext* context, const ReserveRequest* request,
                       Reservation* reply) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++seen_.calls;
    seen_.request = *request;
    seen_.deadline = context->deadline();
    auto id = context->client_metadata().find(kRequestIdKey);
    if (id != context->client_metadata().end()) {
      seen_.request_id.assign(id->second.data(), id->second.size());
    }
    if (!answer_.ok()) return answer_;
    reply->set_reservation_id("R-" + request->sku());
    return grpc::Status::OK;
  }

 private:
  std::mutex mu_;
  grpc::Status answer_;  // OK unless a test says otherwise
  Seen seen_;
};

class OrderServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inventory_server_ = StartLocalServer(inventory_);
    ASSERT_NE(inventory_server_.server, nullptr) << "the fake inventory did not start";
    service_ = std::make_unique<OrderService>(grpc::CreateChannel(
        inventory_server_.address(), grpc::InsecureChannelCredentials()));
    // No listening port: the tests reach this server in-process only.
    grpc::ServerBuilder builder;
    builder.RegisterService(service_.get());
    orders_server_ = builder.BuildAndStart();
    ASSERT_NE(orders_server_, nullptr);
    orders_ = Orders::NewStub(orders_server_->InProcessChannel(grpc::ChannelArguments()));
  }
  void TearDown() override {
    StopServer(orders_server_.get());
    StopServer(inventory_server_.server.get());
  }

  grpc::Status PlaceOrder(grpc::ClientContext& context, const std::string& sku,
                          int quantity, PlaceOrderReply* reply) {
    PlaceOrderRequest request;
    request.set_sku(sku);
    request.set_quantity(quantity);
    return orders_->PlaceOrder(&context, request, reply);
  }

  FakeInventory inventory_;
  LocalServer inventory_server_;
  std::unique_ptr<OrderService> service_;
  std::unique_ptr<grpc::Server> orders_server_;
  std::unique_ptr<Orders::Stub> orders_;
};

TEST_F(OrderServiceTest, ReservesTheOrderedStockAndReturnsTheReservationId) {
  grpc::ClientContext context;
  SetTestDeadline(context);
  PlaceOrderReply reply;
  grpc::Status status = PlaceOrder(context, "SKU-1", 3, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.reservation_id(), "R-SKU-1");
  FakeInventory::Seen seen = inventory_.seen();
  EXPECT_EQ(seen.request.sku(), "SKU-1");
  EXPECT_EQ(seen.request.quantity(), 3);
}

TEST_F(OrderServiceTest, RejectsAnOrderWithoutSkuBeforeCallingTheInventory) {
  grpc::ClientContext context;
  SetTestDeadline(context);
  PlaceOrderReply reply;
  EXPECT_EQ(PlaceOrder(context, "", 3, &reply).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(inventory_.seen().calls, 0);
}

TEST_F(OrderServiceTest, NotEnoughStockIsFailedPrecondition) {
  inventory_.AnswerWith(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "2 left"));
  grpc::ClientContext context;
  SetTestDeadline(context);
  PlaceOrderReply reply;
  EXPECT_EQ(PlaceOrder(context, "SKU-1", 3, &reply).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(OrderServiceTest, AnyOtherInventoryFailureIsUnavailable) {
  inventory_.AnswerWith(grpc::Status(grpc::StatusCode::INTERNAL, "disk full"));
  grpc::ClientContext context;
  SetTestDeadline(context);
  PlaceOrderReply reply;
  EXPECT_EQ(PlaceOrder(context, "SKU-1", 3, &reply).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(OrderServiceTest, PassesTheRequestIdToTheInventory) {
  grpc::ClientContext context;
  SetTestDeadline(context);
  context.AddMetadata(kRequestIdKey, "req-42");
  PlaceOrderReply reply;
  ASSERT_TRUE(PlaceOrder(context, "SKU-1", 3, &reply).ok());
  EXPECT_EQ(inventory_.seen().request_id, "req-42");
}

TEST_F(OrderServiceTest, TheInventoryCallEndsNoLaterThanTheCallersDeadline) {
  grpc::ClientContext context;
  SystemClock::time_point deadline = SystemClock::now() + 2s;
  context.set_deadline(deadline);
  PlaceOrderReply reply;
  ASSERT_TRUE(PlaceOrder(context, "SKU-1", 3, &reply).ok());
  // The deadline travels as a timeout, so allow some slack; a downstream call with no
  // deadline, or a fixed one of its own, is far beyond it.
  EXPECT_LE(inventory_.seen().deadline, deadline + 500ms);
}

}  // namespace
}  // namespace lab::ordertest
