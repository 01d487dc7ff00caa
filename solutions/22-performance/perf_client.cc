// Lesson 22, steps 2 to 4: a client that reuses one channel, fetches batches on one
// stream, and sets its receive limit and compression where they belong.
#include "perf_client.h"

namespace lab::perf {
namespace {

void SetDeadline(grpc::ClientContext& context, std::chrono::milliseconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

}  // namespace

PerfClient::PerfClient(const std::string& target, ClientTuning tuning)
    : tuning_(tuning), target_(target) {
  grpc::ChannelArguments args;
  // A client receives the replies: its own receive limit decides how large they may be.
  if (tuning_.max_message_bytes > 0) {
    args.SetMaxReceiveMessageSize(tuning_.max_message_bytes);
  }
  // One channel, made once: every call shares its connection (HTTP/2 streams).
  channel_ = grpc::CreateCustomChannel(target_, grpc::InsecureChannelCredentials(), args);
  stub_ = Perf::NewStub(channel_);
}

grpc::Status PerfClient::GetRecord(int64_t id, Record* record) {
  grpc::ClientContext context;
  SetDeadline(context, tuning_.timeout);
  RecordRequest request;
  request.set_id(id);
  return stub_->GetRecord(&context, request, record);
}

grpc::Status PerfClient::FetchBatch(int64_t first_id, int count,
                                    std::vector<Record>* records) {
  records->clear();
  grpc::ClientContext context;
  SetDeadline(context, tuning_.timeout);
  BatchRequest request;
  request.set_first_id(first_id);
  request.set_count(count);
  std::unique_ptr<grpc::ClientReader<Record>> reader =
      stub_->StreamRecords(&context, request);
  Record record;
  while (reader->Read(&record)) records->push_back(record);
  return reader->Finish();
}

grpc::Status PerfClient::Transfer(const std::string& data, int64_t reply_bytes,
                                  bool random_reply, bool compress, PayloadReply* reply) {
  grpc::ClientContext context;
  SetDeadline(context, tuning_.timeout);
  // Per call, not a channel default: only the caller knows whether its data shrinks.
  if (compress) context.set_compression_algorithm(GRPC_COMPRESS_GZIP);
  Payload request;
  request.set_data(data);
  request.set_reply_bytes(reply_bytes);
  request.set_random_reply(random_reply);
  return stub_->Transfer(&context, request, reply);
}

}  // namespace lab::perf
