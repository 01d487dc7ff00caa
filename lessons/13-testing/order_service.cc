// Given code under test. The graded mutants are small changes to this file.
#include "order_service.h"

#include <string>

namespace lab::ordertest {

namespace {

// What the order's caller hears when Inventory fails.
grpc::Status FromInventory(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::FAILED_PRECONDITION:
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          "not enough stock: " + status.error_message());
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "no answer from the inventory in time");
    default:
      return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "inventory failed: " + status.error_message());
  }
}

}  // namespace

grpc::Status OrderService::PlaceOrder(grpc::ServerContext* context,
                                      const PlaceOrderRequest* request,
                                      PlaceOrderReply* reply) {
  if (request->sku().empty() || request->quantity() < 1) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "an order needs a SKU and a quantity of at least 1");
  }
  // The downstream call inherits the caller's deadline and cancellation.
  std::unique_ptr<grpc::ClientContext> downstream =
      grpc::ClientContext::FromServerContext(*context);
  auto id = context->client_metadata().find(kRequestIdKey);
  if (id != context->client_metadata().end()) {
    downstream->AddMetadata(kRequestIdKey,
                            std::string(id->second.data(), id->second.size()));
  }
  ReserveRequest reserve;
  reserve.set_sku(request->sku());
  reserve.set_quantity(request->quantity());
  Reservation reservation;
  grpc::Status status = inventory_->Reserve(downstream.get(), reserve, &reservation);
  if (!status.ok()) {
    return FromInventory(status);
  }
  reply->set_reservation_id(reservation.reservation_id());
  return grpc::Status::OK;
}

}  // namespace lab::ordertest
