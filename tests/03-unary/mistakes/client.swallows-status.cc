// Mistake: the client turns every error into OK, so the caller never learns the call
// failed.

// Lesson 03, part 3: calling a service from C++.
#include "client.h"

namespace lab::unary {

// Contract (client.h): one call with a deadline; on OK fill *greeting; otherwise return
// the call's status unchanged.
grpc::Status Greet(Greeter::StubInterface& stub, const std::string& name,
                   std::string* greeting, std::chrono::milliseconds timeout) {
  HelloRequest request;
  request.set_name(name);
  HelloReply reply;
  // One ClientContext per call. Without a deadline a call to a stuck server waits
  // forever; with one, gRPC ends it with DEADLINE_EXCEEDED.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::Status status = stub.SayHello(&context, request, &reply);
  if (status.ok()) *greeting = reply.message();
  return status;
}

// Contract (client.h): like Greet, for GetProductStock.
grpc::Status FetchStock(ProductService::StubInterface& stub,
                        const std::string& product_id, ProductStock* stock,
                        std::chrono::milliseconds timeout) {
  ProductRequest request;
  request.set_product_id(product_id);
  ProductStock reply;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::Status status = stub.GetProductStock(&context, request, &reply);
  if (status.ok()) *stock = std::move(reply);
  return grpc::Status::OK;
}

}  // namespace lab::unary
