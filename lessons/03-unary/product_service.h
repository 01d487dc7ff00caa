// Contract for lesson 03's ProductService. Given: do not edit. Your work is in
// product_service.cc.
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "unary.grpc.pb.h"

namespace lab::unary {

struct Product {
  std::string name;
  int quantity = 0;  // units in stock
};

// Product id -> product. Ids are "P" followed by one or more digits.
using Catalogue = std::map<std::string, Product>;

// The catalogue the server binary serves (defined in run.cc).
Catalogue DefaultCatalogue();

// Implements ProductService from proto/unary.proto over a fixed catalogue.
class ProductServiceImpl final : public ProductService::Service {
 public:
  explicit ProductServiceImpl(Catalogue catalogue) : catalogue_(std::move(catalogue)) {}

  // Looks up request->product_id() and fills reply with its id, name and quantity.
  // A product with quantity 0 is sold out: that is still OK, with quantity 0.
  // Errors:
  //   INVALID_ARGUMENT  the id is empty or not "P" followed by digits ("P1001")
  //   NOT_FOUND         a well-formed id that is not in the catalogue; the message
  //                     names the id
  grpc::Status GetProductStock(grpc::ServerContext* context,
                               const ProductRequest* request,
                               ProductStock* reply) override;

 private:
  const Catalogue catalogue_;
};

}  // namespace lab::unary
