// Tests of OrderClient (order_client.cc) with gMock: the generated MockInventoryStub
// stands in for the Inventory service, and grpc::testing's mock streams stand in for
// the streams its streaming methods return. No server, no network: each test scripts
// what the "server" does and checks what the client sent and returned.
#include <gmock/gmock.h>
#include <grpcpp/test/mock_stream.h>
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "order_client.h"
#include "ordertest_mock.grpc.pb.h"

namespace lab::ordertest {
namespace {

using ::testing::_;
using ::testing::DoAll;
using ::testing::InSequence;
using ::testing::Property;
using ::testing::Return;
using ::testing::SaveArg;
using ::testing::SetArgPointee;
using namespace std::chrono_literals;
using SystemClock = std::chrono::system_clock;

// A ReserveRequest for `quantity` units of `sku`.
MATCHER_P2(ReserveOf, sku, quantity, "") {
  return arg.sku() == sku && arg.quantity() == quantity;
}

StockItem Item(const std::string& sku, int quantity) {
  StockItem item;
  item.set_sku(sku);
  item.set_quantity(quantity);
  return item;
}

class OrderClientTest : public ::testing::Test {
 protected:
  MockInventoryStub stub_;
  OrderClient client_{stub_};
};

TEST_F(OrderClientTest, ReserveSendsTheRequestAndReturnsTheReservation) {
  Reservation answer;
  answer.set_reservation_id("R-1");
  EXPECT_CALL(stub_, Reserve(_, ReserveOf("SKU-1", 3), _))
      .WillOnce(DoAll(SetArgPointee<2>(answer), Return(grpc::Status::OK)));

  Reservation reservation;
  grpc::Status status = client_.Reserve("SKU-1", 3, 1s, &reservation);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reservation.reservation_id(), "R-1");
}

TEST_F(OrderClientTest, ReserveRejectsAQuantityBelowOneWithoutACall) {
  EXPECT_CALL(stub_, Reserve).Times(0);
  Reservation reservation;
  EXPECT_EQ(client_.Reserve("SKU-1", 0, 1s, &reservation).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(OrderClientTest, ReserveReturnsTheInventorysErrorUnchanged) {
  EXPECT_CALL(stub_, Reserve)
      .WillOnce(Return(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "2 left")));
  Reservation reservation;
  grpc::Status status = client_.Reserve("SKU-1", 3, 1s, &reservation);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "2 left");
}

// Two different timeouts: a client that hard-codes one deadline fails one of them.
TEST_F(OrderClientTest, ReserveSetsTheDeadlineItWasGiven) {
  for (std::chrono::milliseconds timeout : {300ms, 4000ms}) {
    SystemClock::time_point deadline;
    EXPECT_CALL(stub_, Reserve)
        .WillOnce([&deadline](grpc::ClientContext* context, const ReserveRequest&,
                              Reservation*) {
          deadline = context->deadline();
          return grpc::Status::OK;
        });
    Reservation reservation;
    SystemClock::time_point before = SystemClock::now();
    ASSERT_TRUE(client_.Reserve("SKU-1", 1, timeout, &reservation).ok());
    SystemClock::time_point after = SystemClock::now();
    EXPECT_GE(deadline, before + timeout) << "timeout " << timeout.count() << " ms";
    EXPECT_LE(deadline, after + timeout) << "timeout " << timeout.count() << " ms";
  }
}

TEST_F(OrderClientTest, ListStockReturnsEveryStreamedItemInOrder) {
  // The stub's caller owns the stream the stub returns, so it is made with new.
  auto* reader = new grpc::testing::MockClientReader<StockItem>();
  EXPECT_CALL(*reader, Read(_))
      .WillOnce(DoAll(SetArgPointee<0>(Item("SKU-1", 5)), Return(true)))
      .WillOnce(DoAll(SetArgPointee<0>(Item("SKU-2", 7)), Return(true)))
      .WillOnce(Return(false));
  EXPECT_CALL(*reader, Finish()).WillOnce(Return(grpc::Status::OK));
  EXPECT_CALL(stub_, ListStockRaw(_, Property(&ListStockRequest::prefix, "SKU-")))
      .WillOnce(Return(reader));

  std::vector<StockItem> items;
  grpc::Status status = client_.ListStock("SKU-", 1s, &items);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].sku(), "SKU-1");
  EXPECT_EQ(items[1].sku(), "SKU-2");
}

TEST_F(OrderClientTest, ListStockReturnsTheStreamsErrorAndNoItems) {
  auto* reader = new grpc::testing::MockClientReader<StockItem>();
  EXPECT_CALL(*reader, Read(_))
      .WillOnce(DoAll(SetArgPointee<0>(Item("SKU-1", 5)), Return(true)))
      .WillOnce(Return(false));
  EXPECT_CALL(*reader, Finish())
      .WillOnce(Return(grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection lost")));
  EXPECT_CALL(stub_, ListStockRaw).WillOnce(Return(reader));

  std::vector<StockItem> items;
  EXPECT_EQ(client_.ListStock("SKU-", 1s, &items).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(items.empty()) << "a stream that failed may have been cut short";
}

TEST_F(OrderClientTest, RestockWritesEveryItemThenWritesDoneThenFinishes) {
  auto* writer = new grpc::testing::MockClientWriter<StockItem>();
  RestockSummary* response = nullptr;  // where the stub was told to put the answer
  {
    InSequence in_order;
    EXPECT_CALL(*writer, Write(Property(&StockItem::sku, "SKU-1"), _))
        .WillOnce(Return(true));
    EXPECT_CALL(*writer, Write(Property(&StockItem::sku, "SKU-2"), _))
        .WillOnce(Return(true));
    EXPECT_CALL(*writer, WritesDone()).WillOnce(Return(true));
    EXPECT_CALL(*writer, Finish()).WillOnce([&response] {
      response->set_items(2);
      response->set_units(12);
      return grpc::Status::OK;
    });
  }
  EXPECT_CALL(stub_, RestockRaw).WillOnce(DoAll(SaveArg<1>(&response), Return(writer)));

  RestockSummary summary;
  grpc::Status status =
      client_.Restock({Item("SKU-1", 5), Item("SKU-2", 7)}, 1s, &summary);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(summary.units(), 12);
}

}  // namespace
}  // namespace lab::ordertest
