// Given: do not edit. See services.h and tracing.h.
#include "services.h"

namespace lab::tracing {

std::shared_ptr<grpc::Channel> TracedChannel(const std::string& target, Tracer tracer) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      chain;
  chain.push_back(std::make_unique<TracingClientInterceptorFactory>(std::move(tracer)));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(),
      std::move(chain));
}

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
TracedServerInterceptors(Tracer tracer) {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      chain;
  chain.push_back(std::make_unique<TracingServerInterceptorFactory>(std::move(tracer)));
  return chain;
}

grpc::Status GatewayService::PlaceOrder(grpc::ServerContext* context,
                                        const OrderRequest* request, OrderReply* reply) {
  if (request->quantity() < 1) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "quantity must be >= 1");
  }
  // FromServerContext passes on the deadline and cancellation -- not the trace: the
  // traceparent comes from CurrentSpan(), in your client interceptor.
  std::unique_ptr<grpc::ClientContext> call =
      grpc::ClientContext::FromServerContext(*context);
  return orders_->CreateOrder(call.get(), *request, reply);
}

grpc::Status OrdersService::CreateOrder(grpc::ServerContext* context,
                                        const OrderRequest* request, OrderReply* reply) {
  std::unique_ptr<grpc::ClientContext> call =
      grpc::ClientContext::FromServerContext(*context);
  ReserveRequest reserve;
  reserve.set_sku(request->sku());
  reserve.set_quantity(request->quantity());
  ReserveReply reserved;
  grpc::Status status = inventory_->Reserve(call.get(), reserve, &reserved);
  if (!status.ok()) return status;
  std::lock_guard<std::mutex> lock(mu_);
  reply->set_order_id("ord-" + std::to_string(next_order_++));
  reply->set_remaining(reserved.remaining());
  return grpc::Status::OK;
}

grpc::Status InventoryService::Reserve(grpc::ServerContext* /*context*/,
                                       const ReserveRequest* request,
                                       ReserveReply* reply) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = stock_.find(request->sku());
  if (it == stock_.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no sku '" + request->sku() + "'");
  }
  if (it->second < request->quantity()) {
    return grpc::Status(
        grpc::StatusCode::FAILED_PRECONDITION,
        "only " + std::to_string(it->second) + " " + request->sku() + " left");
  }
  it->second -= request->quantity();
  reply->set_remaining(it->second);
  return grpc::Status::OK;
}

}  // namespace lab::tracing
