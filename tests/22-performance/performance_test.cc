// Lesson 22 graded tests: read top to bottom, they are the lesson's task list. They
// check counted facts (records per stream, connections opened, bytes on the wire,
// which side refuses a large message), never timings: the timings are the
// benchmark's (build/bin/lesson22_bench), which no test grades.
//   Part 1: your callback server (perf_service.cc), called by a reference client.
//   Part 2-4: your client (perf_client.cc) and server limit, against reference servers.
//   Part 5: the benchmark program, run end to end in its --quick mode.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "counting_proxy.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "perf_client.h"
#include "perf_service.h"
#include "records.h"
#include "sync_service.h"

namespace lab::perf {
namespace {

using grpc::StatusCode;
using lab::testing::Describe;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using namespace std::chrono_literals;

constexpr int64_t kKiB = 1024;
constexpr int64_t kMiB = 1024 * 1024;

bool SameRecord(const Record& a, const Record& b) {
  return a.SerializeAsString() == b.SerializeAsString();
}

// Reads a whole StreamRecords call from `stub`.
grpc::Status ReadStream(Perf::Stub& stub, int64_t first_id, int count,
                        std::vector<Record>* records,
                        std::chrono::milliseconds timeout = 3s) {
  grpc::ClientContext context;
  SetDeadline(context, timeout);
  BatchRequest request;
  request.set_first_id(first_id);
  request.set_count(count);
  auto reader = stub.StreamRecords(&context, request);
  Record record;
  while (reader->Read(&record)) records->push_back(record);
  return reader->Finish();
}

grpc::Status CallTransfer(Perf::Stub& stub, int64_t upload_bytes, int64_t reply_bytes,
                          bool random_reply, PayloadReply* reply) {
  grpc::ClientContext context;
  SetDeadline(context);
  Payload request;
  request.set_data(MakeBytes(upload_bytes, true));
  request.set_reply_bytes(reply_bytes);
  request.set_random_reply(random_reply);
  return stub.Transfer(&context, request, reply);
}

// ---------------------------------------------------------------------------------
// Part 1: your PerfService, on a real server, called by a reference client.
class Lesson22Server : public ::testing::Test {
 protected:
  // A server with a reactor that never finished cannot shut down (Shutdown waits for
  // every reactor's OnDone): after such a test it is left running to the process's end.
  ~Lesson22Server() override {
    if (!stuck_) return;
    lab::testing::EndWithoutTeardown();
    stub_.release();
    server_.release();
    service_.release();
  }
  void SetUp() override { ASSERT_TRUE(server_->ok()) << server_->error(); }
  // Notes a stream that ran out of time: its reactor may never finish.
  void NoteStuck(const grpc::Status& status) {
    if (status.error_code() == StatusCode::DEADLINE_EXCEEDED) stuck_ = true;
  }

  std::unique_ptr<PerfService> service_ = std::make_unique<PerfService>();
  std::unique_ptr<TestServer> server_ =
      std::make_unique<TestServer>(std::vector<grpc::Service*>{service_.get()});
  std::unique_ptr<Perf::Stub> stub_ = server_->NewStub<Perf>();
  std::atomic<bool> stuck_{false};
};

// Step 1.1: GetRecord answers MakeRecord(id) through a reactor, and INVALID_ARGUMENT
// for a negative id.
TEST_F(Lesson22Server, GetRecordAnswersTheRecord) {
  for (int64_t id : {0, 7, 123456}) {
    grpc::ClientContext context;
    SetDeadline(context);
    RecordRequest request;
    request.set_id(id);
    Record record;
    grpc::Status status = stub_->GetRecord(&context, request, &record);
    LAB_ASSERT_OK(status);
    EXPECT_TRUE(SameRecord(record, MakeRecord(id)))
        << "GetRecord(" << id << ") should answer MakeRecord(" << id
        << "), got: " << record.ShortDebugString();
  }
  grpc::ClientContext context;
  SetDeadline(context);
  RecordRequest request;
  request.set_id(-1);
  Record record;
  LAB_EXPECT_CODE(stub_->GetRecord(&context, request, &record),
                  StatusCode::INVALID_ARGUMENT);
}

// Step 1.2: StreamRecords writes exactly `count` records, in order, on one stream, then
// ends with OK (8 streams at once); count 0 is an empty OK stream.
TEST_F(Lesson22Server, StreamRecordsWritesCountRecordsInOrder) {
  constexpr int kStreams = 8;
  constexpr int kCount = 300;
  std::vector<std::vector<Record>> got(kStreams);
  std::vector<grpc::Status> statuses(kStreams);
  std::vector<std::thread> threads;
  for (int s = 0; s < kStreams; ++s) {
    threads.emplace_back([&, s] {
      statuses[s] = ReadStream(*stub_, 1000 * s, kCount, &got[s]);
      NoteStuck(statuses[s]);
    });
  }
  for (std::thread& t : threads) t.join();
  for (int s = 0; s < kStreams; ++s) {
    SCOPED_TRACE("stream " + std::to_string(s) + " of " + std::to_string(kStreams) +
                 " running at once");
    ASSERT_TRUE(lab::testing::IsOk(statuses[s]))
        << "(a stream that never ends with a status ends in DEADLINE_EXCEEDED: does your "
           "reactor call Finish after its last OnWriteDone?)";
    ASSERT_EQ(got[s].size(), static_cast<size_t>(kCount))
        << "a stream asked for " << kCount << " records delivered " << got[s].size()
        << ": every record is one StartWrite, and the next starts in OnWriteDone";
    for (int i = 0; i < kCount; ++i) {
      ASSERT_TRUE(SameRecord(got[s][i], MakeRecord(1000 * s + i)))
          << "record " << i << " should be MakeRecord(first_id + " << i
          << "), got: " << got[s][i].ShortDebugString();
    }
  }
  std::vector<Record> none;
  grpc::Status status = ReadStream(*stub_, 5, 0, &none);
  NoteStuck(status);
  LAB_EXPECT_OK(status);
  EXPECT_TRUE(none.empty()) << "count 0 asks for no record, got " << none.size();
}

// Step 1.2: a count below 0 or above kMaxBatch is INVALID_ARGUMENT, before any record.
TEST_F(Lesson22Server, StreamRecordsRefusesABadCount) {
  for (int count : {-1, kMaxBatch + 1}) {
    std::vector<Record> got;
    grpc::Status status = ReadStream(*stub_, 0, count, &got);
    NoteStuck(status);
    LAB_EXPECT_CODE(status, StatusCode::INVALID_ARGUMENT) << "for count " << count;
    EXPECT_TRUE(got.empty()) << "a refused stream writes no record; for count " << count
                             << " it wrote " << got.size();
  }
}

// Step 1.3: Transfer reports the bytes it received and sends reply_bytes bytes back; a
// text reply is gzip-compressed on the wire (counted by a proxy), a random one is not
// worth trying; INVALID_ARGUMENT for a bad reply_bytes.
TEST_F(Lesson22Server, TransferCompressesTextReplies) {
  CountingProxy proxy(server_->port());
  ASSERT_TRUE(proxy.ok()) << proxy.error();
  auto stub = Perf::NewStub(
      grpc::CreateChannel(proxy.address(), grpc::InsecureChannelCredentials()));
  PayloadReply reply;
  grpc::Status status = CallTransfer(*stub, 10 * kKiB, 1 * kMiB, false, &reply);
  LAB_ASSERT_OK(status);
  EXPECT_EQ(reply.received_bytes(), 10 * kKiB)
      << "received_bytes is the size of the request's data";
  EXPECT_TRUE(reply.data() == MakeBytes(1 * kMiB, false))
      << "the reply's data should be MakeBytes(reply_bytes, random_reply); got "
      << reply.data().size() << " bytes";
  int64_t down = proxy.bytes_down();
  EXPECT_LT(down, 256 * kKiB)
      << "a 1 MiB reply of text crossed the wire as " << down
      << " bytes: it went uncompressed. The server chooses a reply's compression per "
         "call, on its context (perf_service.cc, Transfer)";
  std::cout << "1 MiB text reply: " << down << " bytes on the wire" << std::endl;

  status = CallTransfer(*stub, 0, 256 * kKiB, true, &reply);
  LAB_ASSERT_OK(status);
  EXPECT_TRUE(reply.data() == MakeBytes(256 * kKiB, true))
      << "a random reply should be MakeBytes(reply_bytes, true); got "
      << reply.data().size() << " bytes";
  LAB_EXPECT_CODE(CallTransfer(*stub, 0, -1, false, &reply),
                  StatusCode::INVALID_ARGUMENT);
  LAB_EXPECT_CODE(CallTransfer(*stub, 0, kMaxReplyBytes + 1, false, &reply),
                  StatusCode::INVALID_ARGUMENT);
}

// ---------------------------------------------------------------------------------
// Parts 2-4: your PerfClient against a reference server that counts what it sees.
class CountingService : public PerfSyncService {
 public:
  grpc::Status GetRecord(grpc::ServerContext* context, const RecordRequest* request,
                         Record* response) override {
    ++get_record_calls;
    return PerfSyncService::GetRecord(context, request, response);
  }
  grpc::Status StreamRecords(grpc::ServerContext* context, const BatchRequest* request,
                             grpc::ServerWriter<Record>* writer) override {
    ++stream_calls;
    return PerfSyncService::StreamRecords(context, request, writer);
  }
  std::atomic<int> get_record_calls{0};
  std::atomic<int> stream_calls{0};
};

class Lesson22Client : public ::testing::Test {
 protected:
  CountingService service_;
  TestServer server_{{&service_}};
  void SetUp() override { ASSERT_TRUE(server_.ok()) << server_.error(); }
};

// Step 2.1: FetchBatch gets every record of a batch with ONE StreamRecords call (no
// GetRecord calls), and replaces what the vector held.
TEST_F(Lesson22Client, FetchBatchUsesOneStream) {
  PerfClient client(server_.address());
  std::vector<Record> records(3, MakeRecord(99));  // stale content to be replaced
  grpc::Status status = client.FetchBatch(500, 700, &records);
  LAB_ASSERT_OK(status);
  int streams = service_.stream_calls.load();
  int unary = service_.get_record_calls.load();
  EXPECT_EQ(streams, 1) << "a batch of 700 records should be ONE StreamRecords call; "
                           "the server saw "
                        << streams << " (and " << unary << " GetRecord calls)";
  EXPECT_EQ(unary, 0) << "a batch should not be fetched one GetRecord call per record; "
                         "the server saw "
                      << unary << " GetRecord calls";
  ASSERT_EQ(records.size(), 700u) << "FetchBatch(500, 700) should give 700 records, "
                                     "replacing what the vector held";
  for (int i = 0; i < 700; ++i) {
    ASSERT_TRUE(SameRecord(records[i], MakeRecord(500 + i)))
        << "record " << i << " should be MakeRecord(" << 500 + i
        << "), got: " << records[i].ShortDebugString();
  }
  LAB_EXPECT_OK(client.FetchBatch(0, 0, &records));
  EXPECT_TRUE(records.empty()) << "FetchBatch(0, 0) should leave the vector empty";
}

// Step 2.2: FetchBatch returns the server's error as it came (INVALID_ARGUMENT for a
// bad count).
TEST_F(Lesson22Client, FetchBatchReturnsTheServersError) {
  PerfClient client(server_.address());
  std::vector<Record> records;
  LAB_EXPECT_CODE(client.FetchBatch(0, -5, &records), StatusCode::INVALID_ARGUMENT);
}

// Step 3: one PerfClient opens ONE connection for all its calls, sequential or from
// several threads at once (counted by a TCP proxy between client and server).
TEST_F(Lesson22Client, AllCallsShareOneConnection) {
  CountingProxy proxy(server_.port());
  ASSERT_TRUE(proxy.ok()) << proxy.error();
  PerfClient client(proxy.address());
  Record record;
  for (int i = 0; i < 5; ++i) {
    LAB_ASSERT_OK(client.GetRecord(i, &record));
    EXPECT_TRUE(SameRecord(record, MakeRecord(i)))
        << "GetRecord(" << i << ") returned " << record.ShortDebugString();
  }
  std::vector<std::thread> threads;
  std::vector<grpc::Status> statuses(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Record r;
      std::vector<Record> batch;
      PayloadReply reply;
      for (int i = 0; i < 5 && statuses[t].ok(); ++i)
        statuses[t] = client.GetRecord(i, &r);
      if (statuses[t].ok()) statuses[t] = client.FetchBatch(0, 10, &batch);
      if (statuses[t].ok()) statuses[t] = client.Transfer("x", 10, false, false, &reply);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const grpc::Status& s : statuses) LAB_ASSERT_OK(s);
  EXPECT_EQ(proxy.connections(), 1)
      << "29 calls of one PerfClient opened " << proxy.connections()
      << " TCP connections: a channel is made once (in the constructor) and every call "
         "reuses it; each new channel opens a connection of its own (perf_client.cc)";
}

// Step 4.1: Transfer compresses its request with gzip exactly when asked (counted on
// the wire): the caller knows whether its data shrinks; no channel-wide default.
TEST_F(Lesson22Client, TransferCompressesOnlyWhenAsked) {
  CountingProxy proxy(server_.port());
  ASSERT_TRUE(proxy.ok()) << proxy.error();
  PerfClient client(proxy.address());
  std::string text = MakeBytes(1 * kMiB, false);
  PayloadReply reply;
  LAB_ASSERT_OK(client.Transfer(text, 0, false, true, &reply));
  EXPECT_EQ(reply.received_bytes(), 1 * kMiB)
      << "the server should receive the whole 1 MiB (decompressed by gRPC)";
  int64_t compressed = proxy.bytes_up();
  EXPECT_LT(compressed, 256 * kKiB)
      << "Transfer(compress = true) of 1 MiB of text sent " << compressed
      << " bytes: it went uncompressed. Ask for gzip on this call's ClientContext";
  LAB_ASSERT_OK(client.Transfer(text, 0, false, false, &reply));
  int64_t plain = proxy.bytes_up() - compressed;
  EXPECT_GE(plain, 1 * kMiB)
      << "Transfer(compress = false) of 1 MiB of text sent only " << plain
      << " bytes: it was compressed anyway. A channel-wide default compresses every "
         "call; set it per call, only when asked";
  std::cout << "1 MiB of text: " << compressed << " bytes with gzip, " << plain
            << " without" << std::endl;
}

// Step 4.2: ConfigureServer lets a server accept requests up to max_message_bytes (a
// 6 MiB upload to an 8 MiB server succeeds, 9 MiB is RESOURCE_EXHAUSTED) and keeps
// gRPC's 4 MiB default when it is 0.
TEST(Lesson22Limits, ServerAcceptsRequestsUpToItsLimit) {
  PerfSyncService service;
  TestServer raised{{&service}, {nullptr, [](grpc::ServerBuilder& builder) {
                                   ConfigureServer(builder, ServerTuning{8 << 20});
                                 }}};
  ASSERT_TRUE(raised.ok()) << raised.error();
  auto stub = raised.NewStub<Perf>();
  PayloadReply reply;
  grpc::Status status = CallTransfer(*stub, 6 * kMiB, 0, false, &reply);
  EXPECT_TRUE(lab::testing::IsOk(status))
      << "a 6 MiB request to a server configured for 8 MiB: the side that RECEIVES a "
         "message enforces the limit, so the server's receive limit must be raised "
         "(perf_service.cc, ConfigureServer)";
  LAB_EXPECT_CODE(CallTransfer(*stub, 9 * kMiB, 0, false, &reply),
                  StatusCode::RESOURCE_EXHAUSTED)
      << "a 9 MiB request to a server configured for 8 MiB must still be refused";

  TestServer plain{{&service}, {nullptr, [](grpc::ServerBuilder& builder) {
                                  ConfigureServer(builder, ServerTuning{0});
                                }}};
  ASSERT_TRUE(plain.ok()) << plain.error();
  LAB_EXPECT_CODE(CallTransfer(*plain.NewStub<Perf>(), 5 * kMiB, 0, false, &reply),
                  StatusCode::RESOURCE_EXHAUSTED)
      << "max_message_bytes 0 keeps gRPC's 4 MiB default: a 5 MiB request is refused";
}

// Step 4.3: a PerfClient accepts replies up to its max_message_bytes (a 6 MiB reply
// with 8 MiB succeeds; with 0, gRPC's 4 MiB default refuses 5 MiB as
// RESOURCE_EXHAUSTED).
TEST(Lesson22Limits, ClientAcceptsRepliesUpToItsLimit) {
  PerfSyncService service;
  TestServer server{{&service}};
  ASSERT_TRUE(server.ok()) << server.error();
  ClientTuning tuning;
  tuning.max_message_bytes = 8 << 20;
  PerfClient raised(server.address(), tuning);
  PayloadReply reply;
  grpc::Status status = raised.Transfer("", 6 * kMiB, true, false, &reply);
  EXPECT_TRUE(lab::testing::IsOk(status))
      << "a 6 MiB reply to a client configured for 8 MiB: the client RECEIVES the "
         "reply, so its receive limit must be raised, on its channel's arguments "
         "(perf_client.cc, constructor)";
  if (status.ok()) {
    EXPECT_EQ(reply.data().size(), static_cast<size_t>(6 * kMiB));
  }
  PerfClient plain(server.address());
  LAB_EXPECT_CODE(plain.Transfer("", 5 * kMiB, true, false, &reply),
                  StatusCode::RESOURCE_EXHAUSTED)
      << "max_message_bytes 0 keeps gRPC's 4 MiB default: a 5 MiB reply is refused";
}

// ---------------------------------------------------------------------------------
// Step 5: the benchmark program (build/bin/lesson22_bench --quick) runs every
// benchmark against your code without a failed call and writes results.json and
// chart.svg.
TEST(Lesson22Bench, QuickRunWritesJsonAndChart) {
  std::string dir = ::testing::TempDir() + "lab22-bench-XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr) << "cannot create " << dir;
  lab::testing::ProcessResult run = lab::testing::RunProcess(
      lab::testing::MainPath("bench"), {"--quick", "--out", dir}, 15s);
  // The benchmarks that failed say why on a line of their own: those lines first.
  std::string errors;
  std::istringstream lines(run.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("ERROR OCCURRED") != std::string::npos) errors += line + "\n";
  }
  EXPECT_EQ(run.exit_code, 0) << "the benchmark should run every benchmark without a "
                                 "failed call and end with exit 0 ("
                              << run.how << "):\n"
                              << (errors.empty() ? run.output : errors);
  std::string json = lab::testing::ReadFile(dir + "/results.json");
  EXPECT_NE(json.find("\"benchmarks\""), std::string::npos)
      << "results.json should be Google Benchmark's JSON report";
  for (const char* name : {"encode/protobuf", "fetch_50/stream", "channel/per_call",
                           "gzip/random/gzip", "limit_6MiB/raised_8MiB"}) {
    EXPECT_NE(json.find(name), std::string::npos) << "results.json has no " << name;
  }
  std::string svg = lab::testing::ReadFile(dir + "/chart.svg");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u) << "chart.svg should be an SVG image";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lab::perf
