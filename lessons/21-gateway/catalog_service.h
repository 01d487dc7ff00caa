// The gRPC backend behind the gateway: an in-memory product catalogue.
// Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <mutex>
#include <string>

#include "gateway.grpc.pb.h"

namespace lab::gateway {

// The token CreateProduct accepts: "authorization: Bearer admin-token".
inline constexpr char kAdminToken[] = "admin-token";

// The products the catalogue starts with: p-100 .. p-103.
std::map<std::string, Product> DefaultProducts();

// lab.gateway.Catalog as gateway.proto documents it.
class CatalogServiceImpl final : public Catalog::Service {
 public:
  explicit CatalogServiceImpl(std::map<std::string, Product> products = DefaultProducts())
      : products_(std::move(products)) {}

  grpc::Status GetProduct(grpc::ServerContext* context, const GetProductRequest* request,
                          Product* reply) override;
  grpc::Status ListProducts(grpc::ServerContext* context,
                            const ListProductsRequest* request,
                            ListProductsResponse* reply) override;
  grpc::Status CreateProduct(grpc::ServerContext* context,
                             const CreateProductRequest* request,
                             Product* reply) override;
  grpc::Status DeleteProduct(grpc::ServerContext* context,
                             const DeleteProductRequest* request,
                             DeleteProductResponse* reply) override;

 private:
  std::mutex mu_;
  std::map<std::string, Product> products_;  // by product_id
};

}  // namespace lab::gateway
