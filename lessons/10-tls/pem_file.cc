// Given: do not edit.
#include "pem_file.h"

#include <fstream>
#include <sstream>

namespace lab::tls {

grpc::Status ReadPemFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "cannot read " + path +
                            " (the build generates the lab's certificates into "
                            "build/certs: target lab_certs)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN") == std::string::npos) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        path + " is not a PEM file (no -----BEGIN line)");
  }
  *contents = text.str();
  return grpc::Status::OK;
}

}  // namespace lab::tls
