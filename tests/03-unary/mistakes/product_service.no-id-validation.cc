// Mistake: only the leading P is checked, so ids like P10x1 come back NOT_FOUND, not
// INVALID_ARGUMENT.

// Lesson 03, part 2: a handler that validates its input and chooses status codes.
#include "product_service.h"

#include <algorithm>
#include <cctype>

namespace lab::unary {
namespace {

// "P" followed by at least one digit.
bool IsWellFormedId(const std::string& id) { return !id.empty() && id[0] == 'P'; }

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
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no product with id '" + id + "'");
  }
  reply->set_product_id(id);
  reply->set_name(it->second.name);
  reply->set_quantity(it->second.quantity);  // 0 = sold out, which is still an answer
  return grpc::Status::OK;
}

}  // namespace lab::unary
