// Given: shared by every lesson's programs. Status codes are printed by name, as
// people say them and as gRPC's documentation lists them, never as bare numbers.
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

namespace lab::common {

// The name of `code`: "NOT_FOUND" for grpc::StatusCode::NOT_FOUND (5), "OK" for OK.
// A value that is no status code (a cast from a bad number) gives "CODE_<number>".
std::string StatusCodeName(grpc::StatusCode code);

}  // namespace lab::common
