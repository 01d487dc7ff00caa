// Given: do not edit.
#include "catalog_service.h"

namespace lab::gateway {
namespace {

Product MakeProduct(const std::string& id, const std::string& name,
                    const std::string& category, int price_cents, int stock) {
  Product product;
  product.set_product_id(id);
  product.set_display_name(name);
  product.set_category(category);
  product.set_price_cents(price_cents);
  product.set_stock(stock);
  return product;
}

// UNAUTHENTICATED without a bearer token, PERMISSION_DENIED for another token.
grpc::Status CheckAdmin(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find("authorization");
  const std::string prefix = "Bearer ";
  if (found == metadata.end() || found->second.size() <= prefix.size() ||
      std::string(found->second.data(), prefix.size()) != prefix) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "CreateProduct needs an 'authorization: Bearer <token>' header");
  }
  std::string token(found->second.data() + prefix.size(),
                    found->second.size() - prefix.size());
  if (token != kAdminToken) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "this token may not create products");
  }
  return grpc::Status::OK;
}

}  // namespace

std::map<std::string, Product> DefaultProducts() {
  std::map<std::string, Product> products;
  for (Product p : {MakeProduct("p-100", "Espresso cup", "kitchen", 450, 12),
                    MakeProduct("p-101", "Teapot", "kitchen", 2900, 0),
                    MakeProduct("p-102", "Desk lamp", "office", 3500, 4),
                    MakeProduct("p-103", "Notebook", "office", 300, 40)}) {
    products[p.product_id()] = p;
  }
  return products;
}

grpc::Status CatalogServiceImpl::GetProduct(grpc::ServerContext*,
                                            const GetProductRequest* request,
                                            Product* reply) {
  if (request->product_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "product_id is empty");
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto found = products_.find(request->product_id());
  if (found == products_.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "no product " + request->product_id());
  }
  *reply = found->second;
  return grpc::Status::OK;
}

grpc::Status CatalogServiceImpl::ListProducts(grpc::ServerContext*,
                                              const ListProductsRequest* request,
                                              ListProductsResponse* reply) {
  if (request->max_results() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "max_results is negative");
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, product] : products_) {
    if (request->max_results() > 0 && reply->products_size() >= request->max_results()) {
      break;
    }
    if (request->category().empty() || product.category() == request->category()) {
      *reply->add_products() = product;
    }
  }
  return grpc::Status::OK;
}

grpc::Status CatalogServiceImpl::CreateProduct(grpc::ServerContext* context,
                                               const CreateProductRequest* request,
                                               Product* reply) {
  grpc::Status admin = CheckAdmin(*context);
  if (!admin.ok()) return admin;
  if (request->product_id().empty() || request->display_name().empty() ||
      request->price_cents() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "a product needs an id, a name and a price >= 0");
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (products_.count(request->product_id()) > 0) {
    return grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                        "product " + request->product_id() + " exists");
  }
  Product product =
      MakeProduct(request->product_id(), request->display_name(), request->category(),
                  request->price_cents(), request->stock());
  products_[product.product_id()] = product;
  *reply = product;
  return grpc::Status::OK;
}

grpc::Status CatalogServiceImpl::DeleteProduct(grpc::ServerContext* context,
                                               const DeleteProductRequest* request,
                                               DeleteProductResponse*) {
  grpc::Status admin = CheckAdmin(*context);
  if (!admin.ok()) return admin;
  std::lock_guard<std::mutex> lock(mu_);
  if (products_.erase(request->product_id()) == 0) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "no product " + request->product_id());
  }
  return grpc::Status::OK;
}

}  // namespace lab::gateway
