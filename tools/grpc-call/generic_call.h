// Calls a method by its path ("/package.Service/Method") with messages as raw
// bytes (grpc::ByteBuffer), through gRPC's public generic API, grpc::GenericStub.
// Nothing here knows a message type: the caller serialises and parses.
//
// gRPC 1.51's GenericStub offers a unary call and a bidirectional stream, each
// in a CompletionQueue flavour and a callback flavour. There is no generic
// client- or server-streaming call, and none is needed: on the wire every call
// is one HTTP/2 stream of length-prefixed messages, and the method kind only
// promises how many messages each side sends. So a bidi stream also carries
// client- and server-streaming methods. The callback flavour is used because
// gRPC drives it on its own threads: no completion queue to poll.
#ifndef GRPC_CALL_GENERIC_CALL_H_
#define GRPC_CALL_GENERIC_CALL_H_

#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <mutex>
#include <string>

namespace grpccall {

// Serialises `message` into a ByteBuffer.
grpc::ByteBuffer ToByteBuffer(const google::protobuf::Message& message);

// Parses `buffer` into `message`. False if `buffer` holds no message or bytes
// that are not a valid `message`.
bool FromByteBuffer(const grpc::ByteBuffer& buffer, google::protobuf::Message* message);

// Makes a unary call: sends `request`, waits until the call is over (the
// deadline of `context` bounds the wait) and returns its status. When the status
// is OK, `*response` holds the answer; it is left invalid (!Valid()) if the
// server sent none.
grpc::Status UnaryCall(grpc::GenericStub& stub, const std::string& path,
                       grpc::ClientContext* context, const grpc::ByteBuffer& request,
                       grpc::ByteBuffer* response);

// A streaming call with blocking Write, Read and Finish, for one writing thread
// and one reading thread at the same time. The writer calls EndWrites() exactly
// once; the reader calls Read() until it returns false; then Finish() gives the
// status. The object must live until Finish() has returned.
class GenericStream final
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // Starts the call `path` with `context` (deadline and metadata already set).
  GenericStream(grpc::GenericStub& stub, const std::string& path,
                grpc::ClientContext* context);

  // Sends one message and waits until gRPC has taken it. False: the call is
  // over (Finish() says why); do not Write again.
  bool Write(const grpc::ByteBuffer& message);

  // Ends the writing side. With `half_close` the server learns that no more
  // messages follow (skipped if the call is already over); without, the stream
  // just stops writing (after a failed Write, or after ClientContext::TryCancel).
  void EndWrites(bool half_close);

  // Waits for the next message from the server. False: there are no more (the
  // call is over); do not Read again.
  bool Read(grpc::ByteBuffer* message);

  // Waits until the call is over and returns its status.
  grpc::Status Finish();

 private:
  // The outcome of the read or the write in flight, filled in by a reaction.
  struct Completion {
    bool done = false;
    bool ok = false;
  };

  // Reactions: gRPC runs them on its own threads, and they must not block, so
  // they only record what happened and wake the waiting thread.
  void OnWriteDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

  // Records that `completion`'s operation finished with `ok`, waking Await().
  void Complete(Completion* completion, bool ok);
  // Waits until `completion`'s operation has finished; returns its ok and
  // resets it for the next operation.
  bool Await(Completion* completion);

  std::mutex mu_;
  std::condition_variable changed_;
  Completion write_;
  Completion read_;
  bool reads_over_ = false;
  bool over_ = false;
  grpc::Status status_;
};

}  // namespace grpccall

#endif  // GRPC_CALL_GENERIC_CALL_H_
