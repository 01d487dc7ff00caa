// Lesson 05 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your SensorServiceImpl, called by a reference client.
//   Part 2: your SendReadings client, uploading to a reference server.
//   Part 3: your server binary, started as a real process.
#include <gtest/gtest.h>

#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "client.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "sensor_service.h"

namespace lab::sensors {
namespace {

using grpc::StatusCode;
using lab::testing::Describe;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

Reading MakeReading(const std::string& sensor, int deci_celsius) {
  Reading reading;
  reading.set_sensor_id(sensor);
  reading.set_deci_celsius(deci_celsius);
  return reading;
}

std::vector<Reading> Readings(const std::string& sensor, const std::vector<int>& values) {
  std::vector<Reading> readings;
  for (int v : values) readings.push_back(MakeReading(sensor, v));
  return readings;
}

std::string Show(const UploadSummary& s) {
  return "{count " + std::to_string(s.count()) + ", min " +
         std::to_string(s.min_deci_celsius()) + ", max " +
         std::to_string(s.max_deci_celsius()) + ", mean " +
         std::to_string(s.mean_deci_celsius()) + "}";
}

// Watches the handler from outside with a server interceptor: how many messages it has
// read (POST_RECV_MESSAGE) and when it returned (PRE_SEND_STATUS), without any help
// from the code under test.
class HandlerProbe {
 public:
  lab::testing::ServerOptions Options() {
    lab::testing::ServerOptions options;
    options.configure = [this](grpc::ServerBuilder& builder) {
      std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
          factories;
      factories.push_back(std::make_unique<Factory>(this));
      builder.experimental().SetInterceptorCreators(std::move(factories));
    };
    return options;
  }

  // Waits until handlers have read `n` messages in all, at most `timeout`; false at
  // once if a handler returns first.
  bool WaitForReads(int n, milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return reads_ >= n || returned_ > 0; });
    return reads_ >= n;
  }

  // Waits until a handler has returned, at most `timeout`.
  bool WaitForReturn(milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return returned_ > 0; });
  }

  // How many messages handlers have read so far (each Read() that returned true).
  int Reads() {
    std::lock_guard<std::mutex> lock(mu_);
    return reads_;
  }

 private:
  class Interceptor final : public grpc::experimental::Interceptor {
   public:
    explicit Interceptor(HandlerProbe* probe) : probe_(probe) {}
    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
      using Hook = grpc::experimental::InterceptionHookPoints;
      const bool read = methods->QueryInterceptionHookPoint(Hook::POST_RECV_MESSAGE) &&
                        methods->GetRecvMessage() != nullptr;
      const bool returned = methods->QueryInterceptionHookPoint(Hook::PRE_SEND_STATUS);
      if (read || returned) {
        std::lock_guard<std::mutex> lock(probe_->mu_);
        probe_->reads_ += read ? 1 : 0;
        probe_->returned_ += returned ? 1 : 0;
        probe_->cv_.notify_all();
      }
      methods->Proceed();
    }

   private:
    HandlerProbe* probe_;
  };

  class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
   public:
    explicit Factory(HandlerProbe* probe) : probe_(probe) {}
    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo*) override {
      return new Interceptor(probe_);
    }

   private:
    HandlerProbe* probe_;
  };

  std::mutex mu_;
  std::condition_variable cv_;
  int reads_ = 0;
  int returned_ = 0;
};

// ---------------------------------------------------------------------------------
// Part 1: the learner's service on a real server, uploaded to by a reference client.
class Lesson05ClientStreaming : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<SensorService>();
  }

  // The reference client: writes every reading (until a Write fails), half-closes,
  // and returns what Finish() says.
  grpc::Status Upload(const std::vector<Reading>& readings, UploadSummary* summary) {
    grpc::ClientContext context;
    SetDeadline(context);
    auto writer = stub_->UploadReadings(&context, summary);
    for (const Reading& reading : readings) {
      if (!writer->Write(reading)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  HandlerProbe probe_;
  ReadingStore store_;
  SensorServiceImpl service_{store_};
  TestServer server_{{&service_}, probe_.Options()};
  std::unique_ptr<SensorService::Stub> stub_;
};

// 1.1 An upload is answered with its count, min, max and mean.
TEST_F(Lesson05ClientStreaming, SummarisesTheUpload) {
  UploadSummary summary;
  LAB_ASSERT_OK(Upload(Readings("kitchen", {215, 198, 230, 207}), &summary));
  EXPECT_EQ(summary.count(), 4) << Show(summary);
  EXPECT_EQ(summary.min_deci_celsius(), 198) << Show(summary);
  EXPECT_EQ(summary.max_deci_celsius(), 230) << Show(summary);
  EXPECT_DOUBLE_EQ(summary.mean_deci_celsius(), 212.5)
      << "(215 + 198 + 230 + 207) / 4 = 212.5; " << Show(summary);
}

// 1.2 The mean is exact, fractions and negative values included: no integer division.
TEST_F(Lesson05ClientStreaming, MeanKeepsTheFraction) {
  const std::vector<std::pair<std::vector<int>, double>> cases = {
      {{215, 216}, 215.5}, {{-5, -2}, -3.5}, {{1, 2, 2}, 5.0 / 3}, {{1250}, 1250}};
  for (const auto& [values, mean] : cases) {
    UploadSummary summary;
    LAB_ASSERT_OK(Upload(Readings("attic", values), &summary));
    EXPECT_DOUBLE_EQ(summary.mean_deci_celsius(), mean)
        << "readings " << ::testing::PrintToString(values) << " average to " << mean
        << "; dividing two integers throws the fraction away (convert the sum to "
        << "double before dividing)";
  }
}

// 1.3 An empty upload is OK, with count 0 and every other field 0.
TEST_F(Lesson05ClientStreaming, EmptyUploadIsAnEmptySummary) {
  UploadSummary summary;
  LAB_ASSERT_OK(Upload({}, &summary))
      << "a device with nothing to report is not an error";
  EXPECT_EQ(summary.count(), 0);
  EXPECT_FALSE(std::isnan(summary.mean_deci_celsius()))
      << "the mean of no readings came back as NaN (0 / 0): leave it 0";
  EXPECT_EQ(summary.mean_deci_celsius(), 0.0) << Show(summary);
  EXPECT_EQ(summary.min_deci_celsius(), 0)
      << "no readings have no minimum: leave it 0, not a start value; " << Show(summary);
  EXPECT_EQ(summary.max_deci_celsius(), 0) << Show(summary);
  EXPECT_EQ(store_.size(), 0u);
}

// 1.4 An accepted upload is stored, every reading in order.
TEST_F(Lesson05ClientStreaming, StoresEveryReading) {
  UploadSummary summary;
  const auto readings = Readings("garage", {101, 99, 103});
  LAB_ASSERT_OK(Upload(readings, &summary));
  const auto stored = store_.Snapshot();
  ASSERT_EQ(stored.size(), 3u) << "an accepted upload goes into store_ (AddAll)";
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(stored[i].sensor_id(), "garage");
    EXPECT_EQ(stored[i].deci_celsius(), readings[i].deci_celsius()) << "reading " << i;
  }
}

// 1.5 A bad reading in the middle ends the call with INVALID_ARGUMENT naming it, and
//     nothing of that upload is stored, not even the good readings before it.
TEST_F(Lesson05ClientStreaming, RejectsABadReadingMidStreamAndStoresNothing) {
  UploadSummary summary;
  grpc::Status status = Upload(Readings("boiler", {600, 610, 2000, 620}), &summary);
  LAB_ASSERT_CODE(status, StatusCode::INVALID_ARGUMENT)
      << "reading 3 (2000 = 200.0 °C) is outside " << kMinDeciCelsius << ".."
      << kMaxDeciCelsius;
  EXPECT_NE(status.error_message().find("reading 3"), std::string::npos)
      << "the message should say which reading was bad (\"reading 3: ...\"), got \""
      << status.error_message() << "\"";
  EXPECT_EQ(store_.size(), 0u)
      << "the upload was rejected, yet " << store_.size() << " of its readings were "
      << "stored. Keep the readings in a local vector and store them only after the "
      << "whole upload was read and checked: all or nothing";
}

// 1.6 The call ends at the bad reading: the handler reads nothing after it, however
//     much more the client sends.
TEST_F(Lesson05ClientStreaming, StopsReadingAtTheBadReading) {
  // Reading 3 is bad; the client goes on writing 5 more and then half-closes.
  const auto readings = Readings("boiler", {600, 610, 2000, 620, 630, 640, 650, 660});
  UploadSummary summary;
  grpc::Status status = Upload(readings, &summary);
  LAB_ASSERT_CODE(status, StatusCode::INVALID_ARGUMENT)
      << "reading 3 (2000 = 200.0 °C) is out of range";
  ASSERT_TRUE(probe_.WaitForReturn(5s)) << "the handler has not returned";
  // Counted on the server: every Read() of your handler that returned a reading.
  const int read = probe_.Reads();
  EXPECT_EQ(read, 3)
      << "the upload's reading 3 is bad, and your handler read " << read << " of the "
      << readings.size() << " readings the client sent. The call ends at the bad "
      << "reading: check each reading as it arrives and return the error right there, "
      << "instead of reading everything first. Reading on wastes the server's time "
      << "on an upload that is already rejected, and the device learns later";
}

// 1.7 The limits are inclusive, and a reading without a sensor id is rejected too.
TEST_F(Lesson05ClientStreaming, ChecksEveryRule) {
  UploadSummary summary;
  LAB_EXPECT_OK(Upload(Readings("s", {kMinDeciCelsius, kMaxDeciCelsius}), &summary))
      << kMinDeciCelsius << " and " << kMaxDeciCelsius << " are inside the range";
  for (int bad : {kMinDeciCelsius - 1, kMaxDeciCelsius + 1}) {
    LAB_EXPECT_CODE(Upload(Readings("s", {bad}), &summary), StatusCode::INVALID_ARGUMENT)
        << bad << " is outside the range";
  }
  std::vector<Reading> nameless = {MakeReading("s", 200), MakeReading("", 200)};
  grpc::Status status = Upload(nameless, &summary);
  LAB_EXPECT_CODE(status, StatusCode::INVALID_ARGUMENT)
      << "reading 2 has an empty sensor_id";
  EXPECT_NE(status.error_message().find("reading 2"), std::string::npos)
      << status.error_message();
  EXPECT_EQ(store_.size(), 2u) << "only the first, good upload should be stored";
}

// 1.8 An upload the client cancels before finishing is dropped: Read() returned false,
//     but the client never said it was done, so nothing is stored.
TEST_F(Lesson05ClientStreaming, DropsAnUploadTheClientCancels) {
  grpc::ClientContext context;
  SetDeadline(context);
  UploadSummary summary;
  auto writer = stub_->UploadReadings(&context, &summary);
  for (int v : {300, 301, 302}) writer->Write(MakeReading("shed", v));
  const bool read = probe_.WaitForReads(3, 5s);  // the handler has them in hand
  context.TryCancel();                           // ... and the client walks away
  const bool returned = probe_.WaitForReturn(5s);
  grpc::Status status = writer->Finish();
  if (!read) {
    LAB_ASSERT_OK(status) << "(the handler ended the call before reading 3 readings)";
    FAIL() << "the handler did not read the 3 readings within 5 s";
  }
  ASSERT_TRUE(returned) << "UploadReadings was still running 5 s after the client "
                           "cancelled: a cancelled call's Read() returns false, so "
                           "the read loop should end";
  EXPECT_EQ(store_.size(), 0u)
      << "the client cancelled mid-upload, yet " << store_.size()
      << " readings were stored. Read() returns false for a cancelled call too: check "
      << "context->IsCancelled() after the loop and store nothing if it is true";
}

// 1.9 Four devices upload at the same time; each gets its own summary, and every
//     reading is stored.
TEST_F(Lesson05ClientStreaming, HandlesFourUploadsAtOnce) {
  constexpr int kDevices = 4;
  constexpr int kEach = 50;
  std::vector<grpc::Status> statuses(kDevices);
  std::vector<UploadSummary> summaries(kDevices);
  std::vector<std::thread> devices;
  for (int d = 0; d < kDevices; ++d) {
    devices.emplace_back([&, d] {
      std::vector<int> values;
      for (int i = 0; i < kEach; ++i) values.push_back(100 * d + i);  // 100d .. 100d+49
      statuses[d] =
          Upload(Readings("device-" + std::to_string(d), values), &summaries[d]);
    });
  }
  for (auto& device : devices) device.join();
  for (int d = 0; d < kDevices; ++d) {
    LAB_EXPECT_OK(statuses[d]) << "device " << d;
    EXPECT_EQ(summaries[d].count(), kEach) << "device " << d;
    EXPECT_EQ(summaries[d].min_deci_celsius(), 100 * d) << "device " << d;
    EXPECT_EQ(summaries[d].max_deci_celsius(), 100 * d + kEach - 1) << "device " << d;
    EXPECT_DOUBLE_EQ(summaries[d].mean_deci_celsius(), 100 * d + 24.5)
        << "device " << d << ": each upload's summary covers that upload only";
  }
  std::map<std::string, int> per_device;
  for (const Reading& r : store_.Snapshot()) ++per_device[r.sensor_id()];
  for (int d = 0; d < kDevices; ++d) {
    EXPECT_EQ(per_device["device-" + std::to_string(d)], kEach) << "device " << d;
  }
}

// ---------------------------------------------------------------------------------
// Part 2: the learner's client against a reference server that records what it
// received and answers what each test tells it to.
class ScriptedSensors final : public SensorService::Service {
 public:
  grpc::Status UploadReadings(grpc::ServerContext* context,
                              grpc::ServerReader<Reading>* reader,
                              UploadSummary* summary) override {
    Reading reading;
    int n = 0;
    while (reader->Read(&reading)) {
      std::lock_guard<std::mutex> lock(mu);
      received.push_back(reading);
      if (++n == reject_at) return reject;
    }
    std::lock_guard<std::mutex> lock(mu);
    deadline = context->deadline();
    half_closed = !context->IsCancelled();
    *summary = answer;
    return grpc::Status::OK;
  }

  std::mutex mu;
  int reject_at = 0;  // 0: accept everything; n: end the call at reading n
  grpc::Status reject;
  UploadSummary answer;
  std::vector<Reading> received;
  bool half_closed = false;
  std::chrono::system_clock::time_point deadline;
};

// A stub for the learner's client that makes "Write() returns false" happen on cue.
// A real Write() that comes after the server has ended the call may still succeed (it
// only hands the message to gRPC's buffers); it fails once the client has heard the
// server's answer. So before the client's write number `hear_after + 1`, this stub
// waits for that answer (the reply of a rejected upload carries its headers with the
// status, and WaitForInitialMetadata() returns when they arrive): from then on every
// Write() meets a finished call and returns false. Everything else is the real call.
class StubThatHearsTheAnswer final : public SensorService::StubInterface {
 public:
  StubThatHearsTheAnswer(SensorService::Stub& real, int hear_after)
      : real_(real), hear_after_(hear_after) {}

  // How many of the client's Write() calls returned false.
  int failed_writes() const { return failed_writes_; }

 private:
  class Writer final : public grpc::ClientWriterInterface<Reading> {
   public:
    Writer(std::unique_ptr<grpc::ClientWriter<Reading>> real,
           StubThatHearsTheAnswer& stub)
        : real_(std::move(real)), stub_(stub) {}
    bool Write(const Reading& reading, grpc::WriteOptions options) override {
      if (++writes_ == stub_.hear_after_ + 1) real_->WaitForInitialMetadata();
      const bool ok = real_->Write(reading, options);
      if (!ok) ++stub_.failed_writes_;
      return ok;
    }
    bool WritesDone() override { return real_->WritesDone(); }
    grpc::Status Finish() override { return real_->Finish(); }

   private:
    std::unique_ptr<grpc::ClientWriter<Reading>> real_;
    StubThatHearsTheAnswer& stub_;
    int writes_ = 0;
  };

  grpc::ClientWriterInterface<Reading>* UploadReadingsRaw(
      grpc::ClientContext* context, UploadSummary* response) override {
    return new Writer(real_.UploadReadings(context, response), *this);
  }
  grpc::ClientAsyncWriterInterface<Reading>* AsyncUploadReadingsRaw(
      grpc::ClientContext* context, UploadSummary* response, grpc::CompletionQueue* cq,
      void* tag) override {
    return real_.AsyncUploadReadings(context, response, cq, tag).release();
  }
  grpc::ClientAsyncWriterInterface<Reading>* PrepareAsyncUploadReadingsRaw(
      grpc::ClientContext* context, UploadSummary* response,
      grpc::CompletionQueue* cq) override {
    return real_.PrepareAsyncUploadReadings(context, response, cq).release();
  }

  SensorService::Stub& real_;
  const int hear_after_;
  int failed_writes_ = 0;
};

// What a client that never half-closes gets, said once for every test of Part 2.
constexpr const char* kWritesDoneHint =
    "(DEADLINE_EXCEEDED here means the server was still waiting for more readings: "
    "after the last Write(), call WritesDone() so its Read() returns false, then "
    "Finish())";

class Lesson05ClientStreamingClient : public ::testing::Test {
 protected:
  static constexpr milliseconds kTimeout{1500};

  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<SensorService>();
    reference_.answer.set_count(99);  // the reference's own answer, not a computed one
    reference_.answer.set_min_deci_celsius(-7);
    reference_.answer.set_max_deci_celsius(77);
    reference_.answer.set_mean_deci_celsius(12.25);
  }

  ScriptedSensors reference_;
  TestServer server_{{&reference_}};
  std::unique_ptr<SensorService::Stub> stub_;
};

// 2.1 SendReadings writes every reading in order and returns the server's summary.
TEST_F(Lesson05ClientStreamingClient, SendsEveryReadingAndReturnsTheSummary) {
  const auto readings = Readings("porch", {150, 151, 149, 152});
  UploadSummary summary;
  LAB_ASSERT_OK(SendReadings(*stub_, readings, &summary, kTimeout)) << kWritesDoneHint;
  ASSERT_EQ(reference_.received.size(), readings.size())
      << "the server should receive every reading";
  for (size_t i = 0; i < readings.size(); ++i) {
    EXPECT_EQ(reference_.received[i].deci_celsius(), readings[i].deci_celsius())
        << "reading " << i + 1 << " arrived out of order or changed";
  }
  EXPECT_EQ(summary.count(), 99) << "return the server's summary as it came";
  EXPECT_DOUBLE_EQ(summary.mean_deci_celsius(), 12.25);
}

// 2.2 The client half-closes (WritesDone) so the server knows the upload is complete.
TEST_F(Lesson05ClientStreamingClient, HalfClosesWithWritesDone) {
  UploadSummary summary;
  grpc::Status status =
      SendReadings(*stub_, Readings("porch", {1, 2}), &summary, kTimeout);
  if (status.error_code() == StatusCode::DEADLINE_EXCEEDED) {
    FAIL() << "the upload ended in DEADLINE_EXCEEDED after " << kTimeout.count()
           << " ms: the server never learned that the last reading was the last. "
           << "Call writer->WritesDone() after the last Write(), then Finish()";
  }
  LAB_ASSERT_OK(status);
  EXPECT_TRUE(reference_.half_closed) << "the server's Read() should end because you "
                                         "called WritesDone(), not because the call "
                                         "broke off";
}

// 2.3 An empty upload is still a call: zero readings, then WritesDone and Finish.
TEST_F(Lesson05ClientStreamingClient, SendsAnEmptyUpload) {
  UploadSummary summary;
  LAB_ASSERT_OK(SendReadings(*stub_, {}, &summary, kTimeout)) << kWritesDoneHint;
  EXPECT_TRUE(reference_.received.empty());
  EXPECT_TRUE(reference_.half_closed);
  EXPECT_EQ(summary.count(), 99) << "even for an empty upload, return the server's "
                                    "summary";
}

// 2.4 When the server rejects a reading mid-stream, its error comes back unchanged
//     and *summary is left alone.
TEST_F(Lesson05ClientStreamingClient, ReturnsTheServersError) {
  reference_.reject_at = 2;
  reference_.reject =
      grpc::Status(StatusCode::INVALID_ARGUMENT, "reading 2: sensor is on fire");
  UploadSummary summary;
  summary.set_count(-1);  // a marker: must survive a failed call
  grpc::Status status =
      SendReadings(*stub_, Readings("porch", {1, 2, 3, 4, 5}), &summary, kTimeout);
  LAB_ASSERT_CODE(status, StatusCode::INVALID_ARGUMENT)
      << "return the status Finish() gives, exactly";
  EXPECT_EQ(status.error_message(), "reading 2: sensor is on fire");
  EXPECT_EQ(summary.count(), -1) << "on an error, leave *summary alone";
}

// 2.5 When a Write() fails, the call is over: the client stops writing, and still
//     returns the status Finish() brings, not a reason of its own.
TEST_F(Lesson05ClientStreamingClient, StopsWritingWhenAWriteFails) {
  reference_.reject_at = 2;
  reference_.reject =
      grpc::Status(StatusCode::INVALID_ARGUMENT, "reading 2: sensor is on fire");
  StubThatHearsTheAnswer stub(*stub_, /*hear_after=*/2);  // Write() #3 fails, for sure
  UploadSummary summary;
  summary.set_count(-1);  // a marker: must survive a failed call
  grpc::Status status =
      SendReadings(stub, Readings("porch", {1, 2, 3, 4, 5, 6}), &summary, kTimeout);
  if (lab::testing::IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT)
      << "Write() of reading 3 returned false because the server had ended the call "
      << "with INVALID_ARGUMENT; SendReadings returned " << Describe(status) << ". A "
      << "failed Write() only says the call is over, not why: still call WritesDone() "
      << "and Finish(), and return what Finish() says";
  EXPECT_EQ(status.error_message(), "reading 2: sensor is on fire");
  EXPECT_EQ(stub.failed_writes(), 1)
      << "Write() returned false for reading 3, yet the client went on to write "
      << stub.failed_writes() - 1 << " more readings into a call that is over: stop "
      << "writing at the first Write() that returns false";
  EXPECT_EQ(summary.count(), -1) << "on an error, leave *summary alone";
}

// 2.6 The upload has a deadline, `timeout` from the start of the call: the server sees
//     the one the caller asked for.
TEST_F(Lesson05ClientStreamingClient, SetsADeadline) {
  // Two different timeouts: a deadline that ignores the argument fails one of them.
  for (const milliseconds timeout : {milliseconds(1500), milliseconds(4000)}) {
    SCOPED_TRACE("timeout " + std::to_string(timeout.count()) + " ms");
    const auto before = std::chrono::system_clock::now();
    UploadSummary summary;
    LAB_ASSERT_OK(SendReadings(*stub_, Readings("porch", {5}), &summary, timeout))
        << kWritesDoneHint;
    const auto after = std::chrono::system_clock::now();
    std::lock_guard<std::mutex> lock(reference_.mu);
    EXPECT_TRUE(
        lab::testing::DeadlineFollowsTimeout(reference_.deadline, before, after, timeout))
        << "(SendReadings: the `timeout` argument is the deadline of the upload)";
  }
}

// ---------------------------------------------------------------------------------
// Part 3: the server program (run.cc is given; your service runs inside it).

// 3.1 build/bin/lesson05_server --port 0 accepts an upload on its port.
TEST(Lesson05ClientStreamingProgram, ServerBinaryAcceptsAnUpload) {
  lab::testing::ServerProcess process(lab::testing::MainPath("server"));
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  auto stub = SensorService::NewStub(
      grpc::CreateChannel(process.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  SetDeadline(context);
  UploadSummary summary;
  auto writer = stub->UploadReadings(&context, &summary);
  for (int v : {200, 210, 220}) writer->Write(MakeReading("lab", v));
  writer->WritesDone();
  LAB_ASSERT_OK(writer->Finish());
  EXPECT_EQ(summary.count(), 3);
  EXPECT_DOUBLE_EQ(summary.mean_deci_celsius(), 210.0);
}

}  // namespace
}  // namespace lab::sensors
