// Graded tests for lesson 24: the capstone, end to end over real HTTP and gRPC. Every
// test runs the whole system as child processes (System, capstone.h): etcd, two
// inventory and two products replicas, and the gateway.
//
// The programs are this test binary itself, run again with "--lab24-role ROLE": so a
// test of your code runs your code in every process (the built lesson24_* programs
// would do the same for you, but not for the lab's own checks of wrong answers).
#include "capstone.h"

#include <errno.h>
#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"
#include "lab/lesson_info.h"
#include "lab/testing.h"

namespace lab::capstone {
namespace {

using namespace std::chrono_literals;
using lab::tracing::CollectedSpan;

constexpr char kRoleFlag[] = "--lab24-role";

// In a child started by System: runs the role named after --lab24-role, then exits.
// GoogleTest sets environments up before the first test, after main() parsed its flags.
class RoleHost : public ::testing::Environment {
 public:
  void SetUp() override {
    std::ifstream in("/proc/self/cmdline");
    std::vector<std::string> args;
    for (std::string arg; std::getline(in, arg, '\0');) args.push_back(arg);
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] != kRoleFlag) continue;
      std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 2, args.end());
      rest.insert(rest.begin(), args[0]);
      std::vector<char*> argv;
      for (std::string& a : rest) argv.push_back(a.data());
      const int rc = RoleMain(args[i + 1], static_cast<int>(argv.size()), argv.data());
      std::fflush(nullptr);
      std::_Exit(rc);
    }
  }
};
const auto* const kRoleHost = ::testing::AddGlobalTestEnvironment(new RoleHost);

System::Options TestOptions(double rate_burst) {
  System::Options options;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  options.command = [self](const std::string& role) {
    return std::vector<std::string>{self, "--gtest_filter=Lesson24Capstone*", kRoleFlag,
                                    role};
  };
  options.certs_dir = lab::testing::CertPath("");  // the build's: made once
  options.rate_burst = rate_burst;
  options.rate_per_second = 1;
  return options;
}

// The shared set-up: a started system, or a failure that says what went wrong.
::testing::AssertionResult Started(System& system) {
  grpc::Status status = system.Start();
  if (status.ok()) return ::testing::AssertionSuccess();
  std::string why = status.error_message();
  const std::regex todo("TODO\\(lesson([0-9][0-9])\\)");
  std::smatch match;
  if (std::regex_search(why, match, todo)) {
    why = match[1] == "24" ? "not started yet: " + why
                           : "lesson 24 runs YOUR code of lesson " + match[1].str() +
                                 ", which is not finished yet (build/bin/lab check " +
                                 match[1].str() + "): " + why;
  }
  return ::testing::AssertionFailure()
         << "The system did not start. Steps 1-3 (server_wiring.cc, channel_wiring.cc) "
            "make the replicas serve and find each other; a process that exits says "
            "why:\n"
         << why;
}

struct Reply {
  int status = 0;  // 0: no HTTP answer (see error)
  std::string error;
  std::string body;
  std::string retry_after;
  Product product;  // when 200
};

// GET path on the gateway, with `token` ("" = no Authorization header); every request
// has a timeout.
Reply Get(const std::string& url, const std::string& path, const std::string& token) {
  httplib::Client client(url);
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  Reply reply;
  auto response = client.Get(path, headers);
  if (!response) {
    reply.error = httplib::to_string(response.error());
    return reply;
  }
  reply.status = response->status;
  reply.body = response->body;
  reply.retry_after = response->get_header_value("Retry-After");
  if (reply.status == 200) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    (void)google::protobuf::util::JsonStringToMessage(reply.body, &reply.product,
                                                      options);
  }
  return reply;
}

std::string Show(const Reply& reply) {
  if (reply.status == 0) return "no HTTP answer (" + reply.error + ")";
  return "HTTP " + std::to_string(reply.status) + " " + reply.body;
}

// After Stop(): every process the system started is gone (reaped, not a zombie).
void ExpectNothingLeft(System& system, const std::vector<pid_t>& pids) {
  system.Stop();
  for (pid_t pid : pids) {
    EXPECT_TRUE(kill(pid, 0) == -1 && errno == ESRCH)
        << "process " << pid << " is still there after System::Stop()";
  }
  for (const System::Process& p : system.processes()) {
    EXPECT_EQ(p.pid, -1) << p.name << " was not reaped";
  }
}

std::vector<pid_t> Pids(const System& system) {
  std::vector<pid_t> pids;
  for (const System::Process& p : system.processes()) {
    if (p.pid > 0) pids.push_back(p.pid);
  }
  return pids;
}

// ---------------------------------------------------------------------------------
// One system for the tests that do not disturb it (each its own token subject, so the
// rate limiter's buckets never meet).
class Lesson24Capstone : public ::testing::Test {
 protected:
  static constexpr double kBurst = 20;

  static void SetUpTestSuite() {
    system_ = new System(TestOptions(kBurst));
    start_ = new ::testing::AssertionResult(Started(*system_));
  }
  static void TearDownTestSuite() {
    const std::vector<pid_t> pids = Pids(*system_);
    ExpectNothingLeft(*system_, pids);
    delete system_;
    delete start_;
  }
  void SetUp() override { ASSERT_TRUE(*start_); }

  static System* system_;
  static ::testing::AssertionResult* start_;
};
System* Lesson24Capstone::system_ = nullptr;
::testing::AssertionResult* Lesson24Capstone::start_ = nullptr;

// Step 1: the services accept only clients with a certificate the CA signed (mutual
// TLS): a TLS client without one is refused; the same with one is served.
TEST_F(Lesson24Capstone, ServicesRequireAClientCertificate) {
  const std::string address = system_->Address("products-1");
  auto check = [&](const grpc::SslCredentialsOptions& tls) {
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    auto channel = grpc::CreateCustomChannel(address, grpc::SslCredentials(tls), args);
    grpc::ClientContext context;
    lab::testing::SetDeadline(context, 3s);
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    return grpc::health::v1::Health::NewStub(channel)->Check(&context, request,
                                                             &response);
  };
  grpc::SslCredentialsOptions without;
  without.pem_root_certs = lab::testing::ReadFile(system_->certs().ca());
  grpc::SslCredentialsOptions with = without;
  with.pem_cert_chain = lab::testing::ReadFile(system_->certs().client_cert());
  with.pem_private_key = lab::testing::ReadFile(system_->certs().client_key());
  LAB_EXPECT_OK(check(with));
  const grpc::Status refused = check(without);
  EXPECT_FALSE(refused.ok())
      << "a client with no certificate was served: step 1 (server_wiring.cc) uses "
         "mutual TLS, which asks every client for one";
}

// Steps 2 and 3: calls spread over both replicas of each service (round_robin).
TEST_F(Lesson24Capstone, CallsSpreadOverEveryReplica) {
  const std::string token = system_->Token("spreader", "admin");
  std::set<std::string> products, inventory;
  // round_robin uses a replica once its connection is ready: the first few calls may
  // all go to the one that connected first. Up to 100 calls or 10 s, far more than
  // round_robin needs; pick_first never spreads.
  int calls = 0;
  const auto until = std::chrono::steady_clock::now() + 10s;
  while ((products.size() < 2 || inventory.size() < 2) && calls < 100 &&
         std::chrono::steady_clock::now() < until) {
    const Reply reply = Get(system_->gateway_url(), "/v1/products/p-300", token);
    ASSERT_EQ(reply.status, 200) << Show(reply);
    ++calls;
    products.insert(reply.product.products_replica());
    inventory.insert(reply.product.inventory_replica());
  }
  EXPECT_EQ(products.size(), 2u)
      << calls << " requests, and products replicas that answered: " << products.size()
      << ". Step 2 (channel_wiring.cc): round_robin sends each call to the next "
         "replica; pick_first sends them all to one.";
  EXPECT_EQ(inventory.size(), 2u)
      << "inventory replicas that answered: " << inventory.size();
}

// Step 3: one trace covers every hop, with the right parent links:
// gateway (client) -> products (server) -> products (client) -> inventory (server).
TEST_F(Lesson24Capstone, OneTraceCoversEveryHop) {
  const Reply reply = Get(system_->gateway_url(), "/v1/products/p-100",
                          system_->Token("tracer", "viewer"));
  ASSERT_EQ(reply.status, 200) << Show(reply);
  const std::string trace_id = reply.product.trace_id();
  ASSERT_EQ(trace_id.size(), 32u)
      << "products answers the trace its handler ran in: step 1 (server_wiring.cc) "
         "puts the tracing interceptor on the server. Got: "
      << reply.body;
  auto find = [&](const std::vector<CollectedSpan>& spans, const std::string& service,
                  const std::string& kind) -> const CollectedSpan* {
    for (const CollectedSpan& s : spans) {
      if (s.trace_id == trace_id && s.service == service && s.kind == kind) return &s;
    }
    return nullptr;
  };
  // Each process exports its spans on its own, in no set order, within milliseconds:
  // wait for all four (5 s is generous).
  std::vector<CollectedSpan> spans;
  const auto until = std::chrono::steady_clock::now() + 5s;
  for (size_t seen = 0; std::chrono::steady_clock::now() < until;) {
    spans = system_->collector().Spans();
    if (find(spans, "inventory", "SERVER") != nullptr &&
        find(spans, "products", "CLIENT") != nullptr &&
        find(spans, "products", "SERVER") != nullptr &&
        find(spans, "gateway", "CLIENT") != nullptr) {
      break;
    }
    seen = spans.size();
    system_->collector().WaitForSpans(seen + 1, 500ms);
  }
  const CollectedSpan* gateway = find(spans, "gateway", "CLIENT");
  const CollectedSpan* products_in = find(spans, "products", "SERVER");
  const CollectedSpan* products_out = find(spans, "products", "CLIENT");
  const CollectedSpan* inventory = find(spans, "inventory", "SERVER");
  ASSERT_NE(products_in, nullptr) << "no products server span in trace " << trace_id;
  ASSERT_NE(inventory, nullptr)
      << "inventory's span is not in trace " << trace_id
      << ": the trace stopped at products. Step 3 (channel_wiring.cc): the tracing "
         "client interceptor on the channel sends traceparent to the next hop.";
  ASSERT_NE(products_out, nullptr)
      << "no products client span (the call to inventory) in trace " << trace_id
      << ". Step 3 (channel_wiring.cc): the channel's tracing client interceptor.";
  ASSERT_NE(gateway, nullptr) << "no gateway span in trace " << trace_id
                              << ". Step 3: the gateway's channel is traced too.";
  EXPECT_EQ(gateway->parent_id, "") << "the gateway starts the trace";
  EXPECT_EQ(products_in->parent_id, gateway->id);
  EXPECT_EQ(products_out->parent_id, products_in->id);
  EXPECT_EQ(inventory->parent_id, products_out->id);
  EXPECT_EQ(inventory->name, "/lab.capstone.Inventory/GetStock");
}

// Step 4: no token, or a token the gateway cannot verify, is 401 (who are you?).
TEST_F(Lesson24Capstone, MissingOrForgedTokenIs401) {
  const std::string url = system_->gateway_url();
  Reply reply = Get(url, "/v1/products/p-100", "");
  EXPECT_EQ(reply.status, 401) << "no Authorization header: " << Show(reply)
                               << "\nStep 4 (edge.cc): UNAUTHENTICATED, which is 401.";
  std::string forged = system_->Token("mallory", "admin");
  char& first = forged[forged.rfind('.') + 1];  // the signature's first character
  first = first == 'A' ? 'B' : 'A';             // no longer matches
  reply = Get(url, "/v1/products/p-100", forged);
  EXPECT_EQ(reply.status, 401) << "a token with a wrong signature: " << Show(reply);
}

// Step 4: a verified caller whose role may not read is 403 (known, not allowed).
TEST_F(Lesson24Capstone, WrongRoleIs403) {
  const Reply reply = Get(system_->gateway_url(), "/v1/products/p-100",
                          system_->Token("intern-1", "intern"));
  EXPECT_EQ(reply.status, 403)
      << "a valid token with role \"intern\": " << Show(reply)
      << "\nStep 4 (edge.cc): the token is fine (not 401), the role is not allowed: "
         "PERMISSION_DENIED, which is 403.";
}

// Step 4: a caller over the rate limit gets 429 with Retry-After through the gateway;
// another caller is not affected.
TEST_F(Lesson24Capstone, RateLimitIs429ThroughTheGateway) {
  const std::string url = system_->gateway_url();
  const std::string greedy = system_->Token("greedy", "viewer");
  // The bucket holds kBurst and refills 1 per second: kBurst + 10 quick requests
  // cannot all pass, however slow this machine is (10 s of refill would be needed).
  int ok = 0, limited = 0;
  Reply last_limited;
  for (int i = 0; i < kBurst + 10; ++i) {
    Reply reply = Get(url, "/v1/products/p-200", greedy);
    if (reply.status == 200) ++ok;
    if (reply.status == 429) {
      ++limited;
      last_limited = reply;
    }
  }
  EXPECT_GE(ok, kBurst) << "the first " << kBurst << " requests fit in the bucket";
  ASSERT_GE(limited, 1) << ok << " of " << kBurst + 10
                        << " requests passed; step 4 (edge.cc) takes a token from the "
                           "limiter per caller and answers RESOURCE_EXHAUSTED (429)";
  EXPECT_FALSE(last_limited.retry_after.empty()) << "429 without Retry-After";
  const Reply other = Get(url, "/v1/products/p-200", system_->Token("patient", "viewer"));
  EXPECT_EQ(other.status, 200) << "another caller has a bucket of its own: "
                               << Show(other);
}

// Step 5: a REST call through the gateway reaches products, and products reaches
// inventory: the answer has the catalogue's data and the stock.
TEST_F(Lesson24Capstone, RestCallReachesBothServices) {
  const Reply reply = Get(system_->gateway_url(), "/v1/products/p-100",
                          system_->Token("reader", "viewer"));
  ASSERT_EQ(reply.status, 200) << "GET /v1/products/p-100 with a viewer's token: "
                               << Show(reply);
  EXPECT_EQ(reply.product.name(), "Green tea") << reply.body;
  EXPECT_EQ(reply.product.stock(), 42)
      << "the stock comes from inventory: " << reply.body;
  EXPECT_EQ(reply.product.products_replica().rfind("products-", 0), 0u) << reply.body;
  EXPECT_EQ(reply.product.inventory_replica().rfind("inventory-", 0), 0u) << reply.body;
}

// ---------------------------------------------------------------------------------
// Tests that kill or add replicas: a system of their own each.
class Lesson24CapstoneFailover : public ::testing::Test {
 protected:
  Lesson24CapstoneFailover() : system_(TestOptions(1e6 /* no rate limit here */)) {}
  System system_;
};

// Step 2: a products replica killed (SIGKILL: no goodbye) while it holds calls under a
// steady load costs no failed request: the calls it held are retried on the other.
TEST_F(Lesson24CapstoneFailover, KilledReplicaUnderLoadLosesNoRequest) {
  ASSERT_TRUE(Started(system_));
  const std::vector<pid_t> pids = Pids(system_);
  const std::string url = system_.gateway_url();
  const std::string token = system_.Token("loader", "viewer");
  constexpr int kThreads = 6, kPerThread = 34;  // about 200 requests
  std::mutex mu;
  std::condition_variable answered;
  int victim_answers = 0, finished = 0;
  std::vector<std::string> failures;
  std::map<std::string, int> by_replica;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        // Each call stays 40 ms in products: the victim always holds some.
        const Reply reply = Get(url, "/v1/products/p-100?hold_ms=40", token);
        std::lock_guard<std::mutex> lock(mu);
        if (reply.status != 200) {
          failures.push_back(Show(reply));
          continue;
        }
        ++by_replica[reply.product.products_replica()];
        if (reply.product.products_replica() == "products-1") ++victim_answers;
        answered.notify_all();
      }
      std::lock_guard<std::mutex> lock(mu);
      ++finished;
      answered.notify_all();
    });
  }
  int victim_before_kill = 0;
  {
    std::unique_lock<std::mutex> lock(mu);
    answered.wait_for(lock, 15s, [&] {
      return victim_answers >= 10 || !failures.empty() || finished == kThreads;
    });
    victim_before_kill = victim_answers;
  }
  LAB_EXPECT_OK(system_.Kill("products-1"));
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(failures.empty())
      << failures.size() << " of " << kThreads * kPerThread
      << " requests failed after products-1 was killed, e.g. " << failures.front()
      << "\nStep 2 (channel_wiring.cc): the calls a killed replica held end with "
         "UNAVAILABLE; a retry policy that retries that code sends them again, to a "
         "replica that is up.";
  EXPECT_GE(victim_before_kill, 10)
      << "products-1 had answered only " << victim_before_kill
      << " calls when it was killed: the load does not reach both replicas (step 2, "
         "round_robin)";
  EXPECT_GT(by_replica["products-2"], 0);
  ExpectNothingLeft(system_, pids);
}

// Step 2: a replica whose health says NOT_SERVING gets no new calls, though it still
// listens and is still in etcd: round_robin with healthCheckConfig leaves it out.
TEST_F(Lesson24CapstoneFailover, NotServingReplicaGetsNoCalls) {
  ASSERT_TRUE(Started(system_));
  const std::vector<pid_t> pids = Pids(system_);
  const std::string url = system_.gateway_url();
  const std::string token = system_.Token("operator", "viewer");
  LAB_ASSERT_OK(system_.MarkNotServing("products-1"));
  // The gateway's channel hears it on its own health Watch, moments after this test:
  // wait until 5 answers in a row come from products-2 (200 requests at most) ...
  int in_a_row = 0, sent = 0;
  while (in_a_row < 5 && sent < 200) {
    const Reply reply = Get(url, "/v1/products/p-100", token);
    ++sent;
    ASSERT_EQ(reply.status, 200) << Show(reply);
    in_a_row = reply.product.products_replica() == "products-2" ? in_a_row + 1 : 0;
  }
  // ... then none of the next 30 may reach products-1.
  int to_not_serving = 0;
  for (int i = 0; i < 30 && in_a_row == 5; ++i) {
    const Reply reply = Get(url, "/v1/products/p-100", token);
    ASSERT_EQ(reply.status, 200) << Show(reply);
    if (reply.product.products_replica() == "products-1") ++to_not_serving;
  }
  EXPECT_TRUE(in_a_row == 5 && to_not_serving == 0)
      << "products-1's health said NOT_SERVING, yet it still got calls ("
      << (in_a_row == 5 ? std::to_string(to_not_serving) + " of the last 30"
                        : "no 5 calls in a row avoided it in " + std::to_string(sent))
      << ").\nStep 2 (channel_wiring.cc): round_robin skips a replica whose health "
         "service does not say SERVING only when the service config asks it to "
         "(\"healthCheckConfig\": {\"serviceName\": \"\"}).";
  ExpectNothingLeft(system_, pids);
}

// Step 2: a new replica registered in etcd starts receiving traffic, and the calls
// spread over all three.
TEST_F(Lesson24CapstoneFailover, NewReplicaReceivesTraffic) {
  ASSERT_TRUE(Started(system_));
  std::string added;
  LAB_ASSERT_OK(system_.AddReplica("products", &added));
  const std::vector<pid_t> pids = Pids(system_);
  const std::string token = system_.Token("watcher", "viewer");
  std::set<std::string> replicas;
  // The gateway's resolver sees the new key within moments, and round_robin uses
  // each replica once connected: 300 calls or 10 s are generous.
  int calls = 0;
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (replicas.size() < 3 && calls++ < 300 &&
         std::chrono::steady_clock::now() < until) {
    const Reply reply = Get(system_.gateway_url(), "/v1/products/p-100", token);
    ASSERT_EQ(reply.status, 200) << Show(reply);
    replicas.insert(reply.product.products_replica());
  }
  EXPECT_EQ(replicas.count(added), 1u)
      << added << " registered in etcd but got none of " << calls << " calls";
  EXPECT_EQ(replicas.size(), 3u)
      << "replicas that answered: " << replicas.size()
      << " of 3. Step 2: round_robin spreads the calls over every ready replica.";
  ExpectNothingLeft(system_, pids);
}

}  // namespace
}  // namespace lab::capstone
