// A protobuf DescriptorDatabase that answers from a server's reflection
// service (grpc.reflection.v1alpha, the version gRPC 1.51 serves).
//
// Plug it into a google::protobuf::DescriptorPool and the pool fetches .proto
// files lazily: asking the pool for "lab.unary.Greeter" makes it ask this database
// for the file containing that symbol, and then for each of its imports by file
// name.
#ifndef GRPC_CALL_REFLECTION_DB_H_
#define GRPC_CALL_REFLECTION_DB_H_

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace grpccall {

// Something that ends the program: what to print and the exit code.
struct Failure {
  int exit_code;
  std::string message;
};

class ReflectionDatabase : public google::protobuf::DescriptorDatabase {
 public:
  // `prepare` sets deadline and metadata on each reflection stream's context.
  ReflectionDatabase(std::shared_ptr<grpc::Channel> channel, std::string target,
                     std::function<void(grpc::ClientContext*)> prepare);
  ~ReflectionDatabase() override;

  // DescriptorDatabase: each returns false if the server does not know the
  // name (or the stream broke: see failure()).
  bool FindFileByName(const std::string& filename,
                      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingSymbol(const std::string& symbol_name,
                                google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingExtension(
      const std::string& containing_type, int field_number,
      google::protobuf::FileDescriptorProto* output) override;

  // Fully-qualified names of the services the server exposes, sorted.
  std::optional<std::vector<std::string>> ListServices();

  // Ends the current reflection stream (a later query opens a new one).
  void Close();

  // Set once the reflection service could not be used at all (no reflection,
  // connection lost, deadline...). Lookups after that all fail.
  std::optional<Failure> failure() const;

 private:
  using Request = grpc::reflection::v1alpha::ServerReflectionRequest;
  using Response = grpc::reflection::v1alpha::ServerReflectionResponse;

  // Sends one request and reads its answer, opening the stream if needed.
  // Requires mu_.
  bool QueryLocked(const Request& request, Response* response);
  // Queries for file descriptors, remembers every file in the answer, and
  // copies the wanted one (by name, or the first if `wanted` is empty).
  bool FetchFilesLocked(const Request& request, const std::string& wanted,
                        google::protobuf::FileDescriptorProto* output);
  void CloseLocked();

  const std::string target_;
  const std::function<void(grpc::ClientContext*)> prepare_;
  std::unique_ptr<grpc::reflection::v1alpha::ServerReflection::Stub> stub_;

  mutable std::mutex mu_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReaderWriter<Request, Response>> stream_;
  std::map<std::string, google::protobuf::FileDescriptorProto> files_;
  // The same files, searchable by symbol: gRPC's reflection server sends each file
  // once per stream, so a later question about a symbol in a file it already sent
  // gets an empty answer, and only this cache knows where the symbol lives.
  google::protobuf::SimpleDescriptorDatabase by_symbol_;
  std::optional<Failure> failure_;
};

}  // namespace grpccall

#endif  // GRPC_CALL_REFLECTION_DB_H_
