// Given: do not edit.
#include "access_policy.h"

namespace lab::auth {

const std::map<std::string, std::set<std::string>>& AccessPolicy() {
  static const auto* policy = new std::map<std::string, std::set<std::string>>{
      {"/lab.auth.Inventory/GetItem", {"viewer", "admin", "service"}},
      {"/lab.auth.Inventory/SetItem", {"admin"}},
      {"/lab.auth.Inventory/WhoAmI", {"viewer", "admin", "service"}},
      {"/lab.auth.Storefront/ShowItem", {"viewer", "admin"}},
      // Reflection (build/bin/grpc-call) needs a token like everything else.
      {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
       {"viewer", "admin", "service"}},
  };
  return *policy;
}

std::string CallerProperty(const grpc::ServerContextBase& context,
                           const std::string& name) {
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return "";
  std::vector<grpc::string_ref> values = auth->FindPropertyValues(name);
  return values.empty() ? "" : std::string(values[0].data(), values[0].size());
}

}  // namespace lab::auth
