// Lesson 03, part 3: calling a service from C++.
#include "client.h"

namespace lab::unary {

// Contract (client.h): one call with a deadline; on OK fill *greeting; otherwise return
// the call's status unchanged.
grpc::Status Greet(Greeter::StubInterface& stub, const std::string& name,
                   std::string* greeting, std::chrono::milliseconds timeout) {
  // TODO(lesson03): build a HelloRequest, give a grpc::ClientContext a deadline, call
  // stub.SayHello(...), and pass its status back.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson03): implement Greet in lessons/03-unary/client.cc");
}

// Contract (client.h): like Greet, for GetProductStock.
grpc::Status FetchStock(ProductService::StubInterface& stub,
                        const std::string& product_id, ProductStock* stock,
                        std::chrono::milliseconds timeout) {
  // TODO(lesson03): same shape as Greet, calling stub.GetProductStock(...).
  return grpc::Status(
      grpc::StatusCode::UNIMPLEMENTED,
      "TODO(lesson03): implement FetchStock in lessons/03-unary/client.cc");
}

}  // namespace lab::unary
