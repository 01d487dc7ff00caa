// Reading PEM files. Given: do not edit.
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>

namespace lab::tls {

// Reads the whole PEM file at `path` into *contents.
// Errors: NOT_FOUND (naming the path) when the file cannot be read;
// INVALID_ARGUMENT when it holds no "-----BEGIN" block (not a PEM file).
grpc::Status ReadPemFile(const std::string& path, std::string* contents);

}  // namespace lab::tls
