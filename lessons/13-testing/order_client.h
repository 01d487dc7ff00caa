// Given code under test (you do not edit it): a client of the Inventory service.
// It takes the stub as Inventory::StubInterface, the interface that both the real
// generated stub and the generated MockInventoryStub implement, so a test can hand
// it a mock instead of a channel.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <vector>

#include "ordertest.grpc.pb.h"

namespace lab::ordertest {

class OrderClient {
 public:
  // `stub` must outlive the client.
  explicit OrderClient(Inventory::StubInterface& stub) : stub_(stub) {}

  // Reserves `quantity` units of `sku` with one Reserve call whose deadline is
  // `timeout` from now. A quantity below 1 is INVALID_ARGUMENT and makes no call.
  // Any other failure is the Inventory's status, unchanged.
  grpc::Status Reserve(const std::string& sku, int quantity,
                       std::chrono::milliseconds timeout, Reservation* reservation);

  // Every stock item whose SKU starts with `prefix`, in the order the server sends
  // them. The call's deadline is `timeout` from now. If the stream ends with an error,
  // returns that error and leaves `items` empty.
  grpc::Status ListStock(const std::string& prefix, std::chrono::milliseconds timeout,
                         std::vector<StockItem>* items);

  // Streams `items` to Restock, tells the server it has sent them all, and returns the
  // server's answer. The call's deadline is `timeout` from now.
  grpc::Status Restock(const std::vector<StockItem>& items,
                       std::chrono::milliseconds timeout, RestockSummary* summary);

 private:
  Inventory::StubInterface& stub_;
};

}  // namespace lab::ordertest
