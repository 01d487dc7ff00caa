// Mistake: an unknown product is reported as INTERNAL, blaming the server, not NOT_FOUND.

// Lesson 03, part 2: a handler that validates its input and chooses status codes.
#include "product_service.h"

#include <algorithm>
#include <cctype>

namespace lab::unary {
namespace {

// "P" followed by at least one digit.
bool IsWellFormedId(const std::string& id) {
  return id.size() >= 2 && id[0] == 'P' &&
         std::all_of(id.begin() + 1, id.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

// Contract (product_service.h): fill reply from the catalogue; quantity 0 is still OK;
// INVALID_ARGUMENT for an id that is not "P" + digits; NOT_FOUND (naming the id) for a
// well-formed id that is not in catalogue_.
grpc::Status ProductServiceImpl::GetProductStock(grpc::ServerContext* context,
                                                 const ProductRequest* request,
                                                 ProductStock* reply) {
  const std::string& id = request->product_id();
  if (!IsWellFormedId(id)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "product id '" + id + "' is not P followed by digits");
  }
  auto it = catalogue_.find(id);
  if (it == catalogue_.end()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "no product with id '" + id + "'");
  }
  reply->set_product_id(id);
  reply->set_name(it->second.name);
  reply->set_quantity(it->second.quantity);  // 0 = sold out, which is still an answer
  return grpc::Status::OK;
}

}  // namespace lab::unary
