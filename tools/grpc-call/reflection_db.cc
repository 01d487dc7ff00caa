#include "reflection_db.h"

#include <algorithm>
#include <utility>

#include "text_util.h"

namespace grpccall {

using google::protobuf::FileDescriptorProto;

ReflectionDatabase::ReflectionDatabase(std::shared_ptr<grpc::Channel> channel,
                                       std::string target,
                                       std::function<void(grpc::ClientContext*)> prepare)
    : target_(std::move(target)),
      prepare_(std::move(prepare)),
      stub_(grpc::reflection::v1alpha::ServerReflection::NewStub(std::move(channel))) {}

ReflectionDatabase::~ReflectionDatabase() { Close(); }

void ReflectionDatabase::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  CloseLocked();
}

void ReflectionDatabase::CloseLocked() {
  if (!stream_) return;
  // Half-close; the server then ends the stream with OK.
  stream_->WritesDone();
  stream_->Finish().IgnoreError();
  stream_.reset();
  context_.reset();
}

std::optional<Failure> ReflectionDatabase::failure() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

bool ReflectionDatabase::QueryLocked(const Request& request, Response* response) {
  if (failure_) return false;
  if (!stream_) {
    // Reflection is an ordinary bidi-streaming RPC: one request, one response,
    // as many times as we like on the same stream.
    context_ = std::make_unique<grpc::ClientContext>();
    prepare_(context_.get());
    stream_ = stub_->ServerReflectionInfo(context_.get());
  }
  if (stream_->Write(request) && stream_->Read(response)) return true;

  const grpc::Status status = stream_->Finish();
  stream_.reset();
  context_.reset();
  const int code = status.error_code();
  if (code == grpc::StatusCode::UNIMPLEMENTED) {
    failure_ = Failure{code, target_ +
                                 " does not serve the reflection service; "
                                 "start it with reflection enabled"};
  } else if (code == grpc::StatusCode::OK) {
    failure_ = Failure{grpc::StatusCode::INTERNAL, "the reflection stream of " + target_ +
                                                       " ended without an answer"};
  } else {
    failure_ = Failure{code, "reflection request to " + target_ + " failed: " +
                                 StatusCodeName(code) + ": " + status.error_message()};
  }
  return false;
}

bool ReflectionDatabase::FetchFilesLocked(const Request& request,
                                          const std::string& wanted,
                                          FileDescriptorProto* output) {
  Response response;
  if (!QueryLocked(request, &response)) return false;
  // An error_response (usually NOT_FOUND) just means "not here".
  if (!response.has_file_descriptor_response()) return false;

  // The answer holds the file and (usually) its imports, serialized. Keep them
  // all: the pool will ask for the imports next, and a server may skip files
  // it already sent on this stream.
  const FileDescriptorProto* first = nullptr;
  for (const std::string& bytes :
       response.file_descriptor_response().file_descriptor_proto()) {
    FileDescriptorProto file;
    if (!file.ParseFromString(bytes)) continue;
    auto [it, inserted] = files_.emplace(file.name(), std::move(file));
    if (inserted) by_symbol_.Add(it->second);
    if (first == nullptr) first = &it->second;
  }
  if (!wanted.empty()) {
    auto it = files_.find(wanted);
    if (it == files_.end()) return false;
    *output = it->second;
    return true;
  }
  if (first == nullptr) return false;
  *output = *first;
  return true;
}

bool ReflectionDatabase::FindFileByName(const std::string& filename,
                                        FileDescriptorProto* output) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = files_.find(filename); it != files_.end()) {
    *output = it->second;
    return true;
  }
  Request request;
  request.set_file_by_filename(filename);
  return FetchFilesLocked(request, filename, output);
}

bool ReflectionDatabase::FindFileContainingSymbol(const std::string& symbol_name,
                                                  FileDescriptorProto* output) {
  std::lock_guard<std::mutex> lock(mu_);
  if (by_symbol_.FindFileContainingSymbol(symbol_name, output)) return true;
  Request request;
  request.set_file_containing_symbol(symbol_name);
  if (FetchFilesLocked(request, "", output)) return true;
  // An empty answer can mean "already sent on this stream".
  return by_symbol_.FindFileContainingSymbol(symbol_name, output);
}

bool ReflectionDatabase::FindFileContainingExtension(const std::string& containing_type,
                                                     int field_number,
                                                     FileDescriptorProto* output) {
  std::lock_guard<std::mutex> lock(mu_);
  Request request;
  request.mutable_file_containing_extension()->set_containing_type(containing_type);
  request.mutable_file_containing_extension()->set_extension_number(field_number);
  return FetchFilesLocked(request, "", output);
}

std::optional<std::vector<std::string>> ReflectionDatabase::ListServices() {
  std::lock_guard<std::mutex> lock(mu_);
  Request request;
  request.set_list_services("*");  // The content is ignored.
  Response response;
  if (!QueryLocked(request, &response)) return std::nullopt;
  if (response.has_error_response()) {
    const auto& error = response.error_response();
    failure_ =
        Failure{error.error_code() ? error.error_code() : grpc::StatusCode::UNKNOWN,
                "listing services of " + target_ + " failed: " + error.error_message()};
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const auto& service : response.list_services_response().service()) {
    names.push_back(service.name());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace grpccall
