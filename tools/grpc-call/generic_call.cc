#include "generic_call.h"

#include <future>
#include <utility>

namespace grpccall {

grpc::ByteBuffer ToByteBuffer(const google::protobuf::Message& message) {
  grpc::Slice slice(message.SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

bool FromByteBuffer(const grpc::ByteBuffer& buffer, google::protobuf::Message* message) {
  grpc::Slice slice;
  if (!buffer.Valid() || !buffer.DumpToSingleSlice(&slice).ok()) return false;
  return message->ParseFromArray(slice.begin(), static_cast<int>(slice.size()));
}

grpc::Status UnaryCall(grpc::GenericStub& stub, const std::string& path,
                       grpc::ClientContext* context, const grpc::ByteBuffer& request,
                       grpc::ByteBuffer* response) {
  // The callback runs on a gRPC thread once the status has arrived; the promise
  // hands that status to this thread.
  std::promise<grpc::Status> finished;
  stub.UnaryCall(
      context, path, grpc::StubOptions(), &request, response,
      [&finished](grpc::Status status) { finished.set_value(std::move(status)); });
  return finished.get_future().get();
}

GenericStream::GenericStream(grpc::GenericStub& stub, const std::string& path,
                             grpc::ClientContext* context) {
  stub.PrepareBidiStreamingCall(context, path, grpc::StubOptions(), this);
  // Reads and writes are started from our threads rather than from reactions,
  // so each side holds the call open until it is over: without the holds, gRPC
  // could end the call (and call OnDone) while a thread is about to Write.
  AddMultipleHolds(2);
  StartCall();
}

bool GenericStream::Write(const grpc::ByteBuffer& message) {
  StartWrite(&message);
  return Await(&write_);
}

void GenericStream::EndWrites(bool half_close) {
  bool reads_over;
  {
    std::lock_guard<std::mutex> lock(mu_);
    reads_over = reads_over_;
  }
  if (half_close && !reads_over) StartWritesDone();
  RemoveHold();  // The writing side's hold.
}

bool GenericStream::Read(grpc::ByteBuffer* message) {
  StartRead(message);
  if (Await(&read_)) return true;
  RemoveHold();  // The reading side's hold.
  return false;
}

grpc::Status GenericStream::Finish() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [this] { return over_; });
  return status_;
}

void GenericStream::OnWriteDone(bool ok) { Complete(&write_, ok); }

void GenericStream::OnReadDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!ok) reads_over_ = true;
  read_ = Completion{true, ok};
  changed_.notify_all();
}

void GenericStream::OnDone(const grpc::Status& status) {
  std::lock_guard<std::mutex> lock(mu_);
  status_ = status;
  over_ = true;
  changed_.notify_all();
}

void GenericStream::Complete(Completion* completion, bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  *completion = Completion{true, ok};
  changed_.notify_all();
}

bool GenericStream::Await(Completion* completion) {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [completion] { return completion->done; });
  completion->done = false;
  return completion->ok;
}

}  // namespace grpccall
