// Lesson 03, part 2: a handler that validates its input and chooses status codes.
#include "product_service.h"

namespace lab::unary {

// Contract (product_service.h): fill reply from the catalogue; quantity 0 is still OK;
// INVALID_ARGUMENT for an id that is not "P" + digits; NOT_FOUND (naming the id) for a
// well-formed id that is not in catalogue_.
grpc::Status ProductServiceImpl::GetProductStock(grpc::ServerContext* context,
                                                 const ProductRequest* request,
                                                 ProductStock* reply) {
  // TODO(lesson03): 1. validate request->product_id()  2. look it up in catalogue_
  // 3. fill product_id, name and quantity in *reply.
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                      "TODO(lesson03): implement ProductServiceImpl::GetProductStock in "
                      "lessons/03-unary/product_service.cc");
}

}  // namespace lab::unary
