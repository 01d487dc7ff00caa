// Given: do not edit. The benchmark of lesson 22 (Google Benchmark): each claim of
// "high performance" measured on this machine, against YOUR server and client code.
// Prints the table, writes OUT/results.json (Google Benchmark's JSON) and OUT/chart.svg.
#include <benchmark/benchmark.h>
#include <google/protobuf/util/json_util.h>
#include <grpc/grpc.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "common/status_name.h"
#include "counting_proxy.h"
#include "perf_client.h"
#include "perf_service.h"
#include "records.h"
#include "run.h"
#include "sync_service.h"

namespace lab::perf {
namespace {

using Clock = std::chrono::steady_clock;

// A server on 127.0.0.1:0 for the whole run.
struct BenchServer {
  std::unique_ptr<grpc::Server> server;
  std::string address;
};

BenchServer StartServer(grpc::Service* service, int max_message_bytes) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service);
  ConfigureServer(builder, ServerTuning{max_message_bytes});
  BenchServer s;
  s.server = builder.BuildAndStart();
  s.address = "127.0.0.1:" + std::to_string(port);
  return s;
}

int PortOf(const std::string& address) {
  return std::stoi(address.substr(address.rfind(':') + 1));
}

// Sizes of one run: --quick proves everything runs, the full run gives steady numbers.
struct Sizes {
  int records = 1000;       // records per fetch, unary vs stream
  int clients = 8;          // concurrent client threads
  int calls_each = 250;     // calls per client thread
  int connect_calls = 200;  // calls, shared channel vs a channel per call
  int64_t payload = 1 << 20;
  double min_time = 0.5;    // seconds, for the benchmarks that repeat until then
  int rpc_iterations = 10;  // repetitions of each RPC workload
};

Sizes QuickSizes() {
  Sizes s;
  s.records = 50;
  s.clients = 4;
  s.calls_each = 10;
  s.connect_calls = 10;
  s.payload = 64 << 10;
  s.min_time = 0.01;
  s.rpc_iterations = 1;
  return s;
}

bool Failed(benchmark::State& state, const grpc::Status& status, const char* what) {
  if (status.ok()) return false;
  state.SkipWithError((std::string(what) + ": " +
                       common::StatusCodeName(status.error_code()) + ": " +
                       status.error_message())
                          .c_str());
  return true;
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// --- protobuf vs JSON: the same Record, encoded and decoded both ways ---
void EncodeProtobuf(benchmark::State& state) {
  Record record = MakeRecord(123456);
  std::string out;
  for (auto _ : state) {
    out.clear();
    record.SerializeToString(&out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["bytes"] = static_cast<double>(record.ByteSizeLong());
}

void EncodeJson(benchmark::State& state) {
  Record record = MakeRecord(123456);
  std::string out;
  for (auto _ : state) {
    out.clear();
    if (!google::protobuf::util::MessageToJsonString(record, &out).ok()) {
      state.SkipWithError("MessageToJsonString failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["bytes"] = static_cast<double>(out.size());
}

void DecodeProtobuf(benchmark::State& state) {
  std::string bytes = MakeRecord(123456).SerializeAsString();
  Record record;
  for (auto _ : state) {
    if (!record.ParseFromString(bytes)) {
      state.SkipWithError("ParseFromString failed");
      break;
    }
    benchmark::DoNotOptimize(record.id());
  }
  state.counters["bytes"] = static_cast<double>(bytes.size());
}

void DecodeJson(benchmark::State& state) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(MakeRecord(123456), &json);
  Record record;
  for (auto _ : state) {
    if (!google::protobuf::util::JsonStringToMessage(json, &record).ok()) {
      state.SkipWithError("JsonStringToMessage failed");
      break;
    }
    benchmark::DoNotOptimize(record.id());
  }
  state.counters["bytes"] = static_cast<double>(json.size());
}

// --- many small messages: one unary call each vs one server stream ---
void FetchUnary(benchmark::State& state, PerfClient* client, int records) {
  Record record;
  for (auto _ : state) {
    for (int i = 0; i < records; ++i) {
      if (Failed(state, client->GetRecord(i, &record), "GetRecord")) return;
    }
  }
  state.counters["records/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * records, benchmark::Counter::kIsRate);
}

void FetchStream(benchmark::State& state, PerfClient* client, int records) {
  std::vector<Record> batch;
  for (auto _ : state) {
    if (Failed(state, client->FetchBatch(0, records, &batch), "FetchBatch")) return;
    if (batch.size() != static_cast<size_t>(records)) {
      state.SkipWithError("FetchBatch returned the wrong number of records");
      return;
    }
  }
  state.counters["records/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * records, benchmark::Counter::kIsRate);
}

// --- a server under concurrent clients: latency percentiles and calls/s ---
void Concurrent(benchmark::State& state, const std::string& target, const Sizes& sizes) {
  PerfClient client(target);  // shared by the threads: one connection, many streams
  std::vector<double> latencies_us;
  std::string error;
  for (auto _ : state) {
    std::vector<std::vector<double>> per_thread(static_cast<size_t>(sizes.clients));
    std::vector<grpc::Status> statuses(static_cast<size_t>(sizes.clients));
    std::vector<std::thread> threads;
    for (int t = 0; t < sizes.clients; ++t) {
      threads.emplace_back([&, t] {
        Record record;
        for (int i = 0; i < sizes.calls_each; ++i) {
          Clock::time_point start = Clock::now();
          grpc::Status status = client.GetRecord(t * 100000 + i, &record);
          if (!status.ok()) {
            statuses[static_cast<size_t>(t)] = status;
            return;
          }
          per_thread[static_cast<size_t>(t)].push_back(
              std::chrono::duration<double, std::micro>(Clock::now() - start).count());
        }
      });
    }
    for (std::thread& t : threads) t.join();
    for (const grpc::Status& s : statuses) {
      if (Failed(state, s, "GetRecord")) return;
    }
    for (auto& v : per_thread)
      latencies_us.insert(latencies_us.end(), v.begin(), v.end());
  }
  double calls = static_cast<double>(latencies_us.size());
  state.counters["calls/s"] = benchmark::Counter(calls, benchmark::Counter::kIsRate);
  state.counters["p50_us"] = Percentile(latencies_us, 0.50);
  state.counters["p99_us"] = Percentile(latencies_us, 0.99);
}

// --- one shared channel vs a channel per call, through a counting proxy ---
void Connect(benchmark::State& state, const std::string& server, int calls,
             bool per_call) {
  CountingProxy proxy(PortOf(server));
  if (!proxy.ok()) {
    state.SkipWithError(proxy.error().c_str());
    return;
  }
  std::unique_ptr<PerfClient> shared;
  Record record;
  for (auto _ : state) {
    for (int i = 0; i < calls; ++i) {
      if (!shared || per_call) shared = std::make_unique<PerfClient>(proxy.address());
      if (Failed(state, shared->GetRecord(i, &record), "GetRecord")) return;
    }
  }
  state.counters["calls/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * calls, benchmark::Counter::kIsRate);
  state.counters["connections"] = proxy.connections();
}

// --- gzip on compressible and random payloads: bytes on the wire and time ---
void Gzip(benchmark::State& state, const std::string& server, int64_t size, bool random,
          bool compress) {
  CountingProxy proxy(PortOf(server));
  if (!proxy.ok()) {
    state.SkipWithError(proxy.error().c_str());
    return;
  }
  PerfClient client(proxy.address());
  std::string data = MakeBytes(size, random);
  PayloadReply reply;
  for (auto _ : state) {
    if (Failed(state, client.Transfer(data, 0, random, compress, &reply), "Transfer")) {
      return;
    }
  }
  double n = static_cast<double>(state.iterations());
  state.counters["payload_bytes"] = static_cast<double>(size);
  state.counters["wire_bytes"] = static_cast<double>(proxy.bytes_up()) / n;
  state.counters["MB/s"] = benchmark::Counter(n * static_cast<double>(size) / 1e6,
                                              benchmark::Counter::kIsRate);
}

// --- the 4 MiB receive limit: an upload above it, to a default and a raised server ---
void Limit(benchmark::State& state, const std::string& server, int64_t size,
           bool expect_ok) {
  PerfClient client(server);
  std::string data = MakeBytes(size, true);
  PayloadReply reply;
  grpc::Status status;
  for (auto _ : state) {
    status = client.Transfer(data, 0, true, false, &reply);
  }
  bool ok = status.ok();
  state.SetLabel(common::StatusCodeName(status.error_code()));
  state.counters["ok"] = ok ? 1 : 0;
  bool exhausted = status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED;
  if (expect_ok ? !ok : !exhausted) {
    Failed(state,
           ok ? grpc::Status(grpc::StatusCode::UNKNOWN, "succeeded above the limit")
              : status,
           "Transfer");
  }
}

// Shows Google Benchmark's table and keeps every run for the JSON file and the chart.
class Reporter : public benchmark::ConsoleReporter {
 public:
  explicit Reporter(std::ostream* json) : ConsoleReporter(OO_Tabular) {
    json_.SetOutputStream(json);
    json_.SetErrorStream(&std::cerr);
  }
  bool ReportContext(const Context& context) override {
    json_.ReportContext(context);
    return ConsoleReporter::ReportContext(context);
  }
  void ReportRuns(const std::vector<Run>& runs) override {
    json_.ReportRuns(runs);
    ConsoleReporter::ReportRuns(runs);
    runs_.insert(runs_.end(), runs.begin(), runs.end());
  }
  void Finalize() override {
    json_.Finalize();
    ConsoleReporter::Finalize();
  }
  const std::vector<Run>& runs() const { return runs_; }

 private:
  benchmark::JSONReporter json_;
  std::vector<Run> runs_;
};

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

std::string Format(double v) {
  std::ostringstream os;
  os.precision(v >= 100 ? 0 : 2);
  os << std::fixed << v;
  return os.str();
}

// "fetch_1000/stream" for "fetch_1000/stream/iterations:10/real_time".
std::string ShortName(const std::string& name) {
  return name.substr(0, std::min(name.find("/min_time:"), name.find("/iterations:")));
}

// The metric a group's bars compare, and its unit.
std::pair<double, std::string> Metric(const benchmark::BenchmarkReporter::Run& run) {
  for (const char* name : {"records/s", "calls/s", "MB/s"}) {
    auto it = run.counters.find(name);
    if (it != run.counters.end()) {
      return {it->second.value, name};  // rates are per second already
    }
  }
  // In the run's own unit: ns for the encode/decode rows, ms for the size limits.
  return {run.GetAdjustedRealTime(),
          std::string(benchmark::GetTimeUnitString(run.time_unit)) + "/op"};
}

// One horizontal bar per benchmark, scaled within its group (the name's first part).
void WriteSvg(const std::vector<benchmark::BenchmarkReporter::Run>& runs,
              const std::string& path) {
  std::map<std::string, double> group_max;
  for (const auto& run : runs) {
    std::string group = run.benchmark_name().substr(0, run.benchmark_name().find('/'));
    group_max[group] = std::max(group_max[group], Metric(run).first);
  }
  const int row = 26, left = 260, width = 420;
  std::ostringstream body;
  int y = 50;
  std::string last_group;
  for (const auto& run : runs) {
    std::string name = ShortName(run.benchmark_name());
    std::string group = name.substr(0, name.find('/'));
    if (group != last_group) {
      y += 10;
      body << "<text x='10' y='" << y + 4 << "' font-weight='bold'>" << Escape(group)
           << "</text>\n";
      y += row;
      last_group = group;
    }
    auto [value, unit] = Metric(run);
    double max = group_max[group] > 0 ? group_max[group] : 1;
    int w = run.error_occurred ? 0 : static_cast<int>(width * value / max);
    body << "<text x='20' y='" << y + 4 << "'>" << Escape(name.substr(group.size()))
         << "</text>\n"
         << "<rect x='" << left << "' y='" << y - 10 << "' width='" << w
         << "' height='16' fill='#4a7bd0'/>\n"
         << "<text x='" << left + w + 6 << "' y='" << y + 4 << "'>"
         << (run.error_occurred ? "failed: " + Escape(run.error_message)
                                : Format(value) + " " + unit)
         << (run.report_label.empty() ? "" : "  " + Escape(run.report_label))
         << "</text>\n";
    y += row;
  }
  std::ofstream out(path);
  out << "<svg xmlns='http://www.w3.org/2000/svg' width='900' height='" << y + 20
      << "' font-family='sans-serif' font-size='13'>\n"
      << "<rect width='100%' height='100%' fill='white'/>\n"
      << "<text x='10' y='24' font-size='16' font-weight='bold'>lesson 22: gRPC and "
         "protobuf measured here (longer bar: more per second; for time per op, slower)"
      << "</text>\n"
      << body.str() << "</svg>\n";
}

}  // namespace

int RunBench(const BenchOptions& options) {
  // Holds gRPC up until the process ends, never shut down: in 1.51 the final
  // grpc_shutdown() (at the last server's destruction) joins an executor thread that
  // may be asleep in a poll of up to 10 s, and exiting took 10 s more in one run of
  // three here. At exit the process simply ends, with gRPC's threads.
  grpc_init();
  Sizes sizes = options.quick ? QuickSizes() : Sizes{};
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  std::string json_path = options.out_dir + "/results.json";
  std::ofstream json(json_path);
  if (ec || !json) {
    std::cerr << "cannot write " << json_path << "\n";
    return 1;
  }

  PerfService callback_service;
  PerfService raised_service;
  PerfSyncService sync_service;
  BenchServer callback = StartServer(&callback_service, 0);
  BenchServer raised = StartServer(&raised_service, 8 << 20);
  BenchServer sync = StartServer(&sync_service, 0);
  if (!callback.server || !raised.server || !sync.server) {
    std::cerr << "a benchmark server did not start\n";
    return 1;
  }
  PerfClient client(callback.address);

  auto timed = [&](benchmark::internal::Benchmark* b) { b->MinTime(sizes.min_time); };
  auto rpc = [&](benchmark::internal::Benchmark* b) {
    b->Iterations(sizes.rpc_iterations)->UseRealTime()->Unit(benchmark::kMillisecond);
  };
  timed(benchmark::RegisterBenchmark("encode/protobuf", EncodeProtobuf));
  timed(benchmark::RegisterBenchmark("encode/json", EncodeJson));
  timed(benchmark::RegisterBenchmark("decode/protobuf", DecodeProtobuf));
  timed(benchmark::RegisterBenchmark("decode/json", DecodeJson));
  std::string n = std::to_string(sizes.records);
  rpc(benchmark::RegisterBenchmark(("fetch_" + n + "/unary").c_str(), FetchUnary, &client,
                                   sizes.records));
  rpc(benchmark::RegisterBenchmark(("fetch_" + n + "/stream").c_str(), FetchStream,
                                   &client, sizes.records));
  std::string c = std::to_string(sizes.clients);
  rpc(benchmark::RegisterBenchmark(("server_" + c + "_clients/sync").c_str(), Concurrent,
                                   sync.address, sizes));
  rpc(benchmark::RegisterBenchmark(("server_" + c + "_clients/callback").c_str(),
                                   Concurrent, callback.address, sizes));
  rpc(benchmark::RegisterBenchmark("channel/shared", Connect, callback.address,
                                   sizes.connect_calls, false));
  rpc(benchmark::RegisterBenchmark("channel/per_call", Connect, callback.address,
                                   sizes.connect_calls, true));
  for (bool random : {false, true}) {
    for (bool compress : {false, true}) {
      std::string name = std::string("gzip/") + (random ? "random" : "text") + "/" +
                         (compress ? "gzip" : "none");
      rpc(benchmark::RegisterBenchmark(name.c_str(), Gzip, callback.address,
                                       sizes.payload, random, compress));
    }
  }
  const int64_t big = 6 << 20;
  benchmark::RegisterBenchmark("limit_6MiB/default_4MiB", Limit, callback.address, big,
                               false)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("limit_6MiB/raised_8MiB", Limit, raised.address, big, true)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);

  int argc = 1;
  char name[] = "lesson22_bench";
  char* argv[] = {name, nullptr};
  benchmark::Initialize(&argc, argv);
  Reporter reporter(&json);
  benchmark::RunSpecifiedBenchmarks(&reporter,
                                    options.filter.empty() ? "." : options.filter);
  benchmark::Shutdown();
  json.close();

  std::string svg_path = options.out_dir + "/chart.svg";
  WriteSvg(reporter.runs(), svg_path);
  int failed = 0;
  for (const auto& run : reporter.runs()) failed += run.error_occurred ? 1 : 0;
  std::cout << "\nwrote " << json_path << " and " << svg_path << "\n";
  if (failed > 0) {
    std::cout << failed << " benchmark(s) failed: see the error above each one\n";
  }
  callback.server->Shutdown(std::chrono::system_clock::now());
  raised.server->Shutdown(std::chrono::system_clock::now());
  sync.server->Shutdown(std::chrono::system_clock::now());
  return failed > 0 ? 1 : 0;
}

}  // namespace lab::perf
