// Who may call what, and how a handler reads who is calling. Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <set>
#include <string>

namespace lab::auth {

// AuthContext properties that TokenAuthProcessor adds for a verified token.
inline constexpr char kSubjectProperty[] = "lab.subject";
inline constexpr char kRoleProperty[] = "lab.role";

// Full method name ("/package.Service/Method", as in the :path header) -> the roles
// allowed to call it. A method that is not listed is allowed to nobody.
const std::map<std::string, std::set<std::string>>& AccessPolicy();

// The first value of AuthContext property `name` for this call, or "" if there is
// none (no token was verified for it).
std::string CallerProperty(const grpc::ServerContextBase& context,
                           const std::string& name);

}  // namespace lab::auth
