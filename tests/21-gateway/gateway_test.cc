// Lesson 21 graded tests: read top to bottom, they are the lesson's task list.
// Every check but the first goes over real HTTP: cpp-httplib's client against the
// given HttpGateway (with your routes.cc and transcode.cc) on a free port, in front
// of a real gRPC backend on a free port.
#include "gateway.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>

#include "catalog_service.h"
#include "gateway.grpc.pb.h"
#include "google/rpc/status.pb.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "routes.h"
#include "transcode.h"

namespace lab::gateway {
namespace {

using grpc::StatusCode;
using lab::testing::CodeName;
using lab::testing::TestServer;
using std::chrono::milliseconds;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;
using SystemClock = std::chrono::system_clock;

// ---------------------------------------------------------------------------------
// A backend of the test's own: records what reached it, answers as scripted.
//   GetProduct("code-N")  -> the status with code N
//   GetProduct("slow")    -> waits until Release() (the gateway's deadline passes)
//   anything else         -> a product with that id
class ScriptedCatalog final : public Catalog::Service {
 public:
  struct Seen {
    int calls = 0;
    std::multimap<std::string, std::string> metadata;
    SystemClock::time_point deadline;
    GetProductRequest get;
    ListProductsRequest list;
    CreateProductRequest create;
  };

  grpc::Status GetProduct(grpc::ServerContext* context, const GetProductRequest* request,
                          Product* reply) override {
    Record(*context, [&](Seen& seen) { seen.get = *request; });
    const std::string& id = request->product_id();
    if (id.rfind("code-", 0) == 0) {
      return grpc::Status(static_cast<StatusCode>(std::stoi(id.substr(5))),
                          "scripted " + id);
    }
    if (id == "slow") {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait_for(lock, 10s, [this] { return released_; });
      return grpc::Status(StatusCode::INTERNAL, "released");
    }
    reply->set_product_id(id);
    return grpc::Status::OK;
  }
  grpc::Status ListProducts(grpc::ServerContext* context,
                            const ListProductsRequest* request,
                            ListProductsResponse*) override {
    Record(*context, [&](Seen& seen) { seen.list = *request; });
    return grpc::Status::OK;
  }
  grpc::Status CreateProduct(grpc::ServerContext* context,
                             const CreateProductRequest* request,
                             Product* reply) override {
    Record(*context, [&](Seen& seen) { seen.create = *request; });
    reply->set_product_id(request->product_id());
    return grpc::Status::OK;
  }

  Seen seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  template <typename F>
  void Record(const grpc::ServerContext& context, F&& what) {
    std::lock_guard<std::mutex> lock(mu_);
    ++seen_.calls;
    seen_.metadata.clear();
    for (const auto& [key, value] : context.client_metadata()) {
      seen_.metadata.emplace(std::string(key.data(), key.size()),
                             std::string(value.data(), value.size()));
    }
    seen_.deadline = context.deadline();
    what(seen_);
  }

  std::mutex mu_;
  std::condition_variable changed_;
  bool released_ = false;
  Seen seen_;
};

// A backend, your gateway in front of it, and an HTTP client for the gateway.
class Rig {
 public:
  explicit Rig(grpc::Service* backend, milliseconds timeout = kDefaultTimeout)
      : server_({backend}) {
    started_ = HttpGateway::Start({server_.address(), timeout}, 0, &gateway_);
  }
  // A gateway whose backend is not there: nothing listens on port 1.
  static GatewayOptions Down(milliseconds timeout = kDefaultTimeout) {
    return {"127.0.0.1:1", timeout};
  }

  // Passes when the gateway started; LoadRoutes' error otherwise.
  ::testing::AssertionResult Started() const {
    if (started_.ok()) return ::testing::AssertionSuccess();
    if (lab::testing::IsNotStarted(started_)) {
      return ::testing::AssertionFailure()
             << "not started yet: the gateway cannot start before LoadRoutes works "
                "(step 1, lessons/21-gateway/routes.cc): "
             << started_.error_message();
    }
    return ::testing::AssertionFailure()
           << "the gateway did not start: LoadRoutes returned "
           << lab::testing::Describe(started_);
  }
  int port() const { return gateway_->port(); }
  // A stub of the backend, to look at its state directly.
  std::unique_ptr<Catalog::Stub> NewStub() const { return server_.NewStub<Catalog>(); }

 private:
  TestServer server_;
  grpc::Status started_;
  std::unique_ptr<HttpGateway> gateway_;
};

// One HTTP exchange, with timeouts on both connecting and reading.
struct Reply {
  int status = 0;  // 0: no answer at all
  std::string body;
  std::string Describe() const {
    return status == 0 ? "no HTTP answer"
                       : "HTTP " + std::to_string(status) + " with body '" + body + "'";
  }
};

Reply Send(int port, const std::string& verb, const std::string& path,
           const std::string& body = "", const httplib::Headers& headers = {}) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2s);
  client.set_read_timeout(5s);
  client.set_write_timeout(2s);
  httplib::Result result =
      verb == "GET"      ? client.Get(path, headers)
      : verb == "POST"   ? client.Post(path, headers, body, "application/json")
      : verb == "DELETE" ? client.Delete(path, headers)
                         : client.Put(path, headers, body, "application/json");
  if (!result) return {};
  return {result->status, result->body};
}

// The body as a JSON object (google.protobuf.Struct), or nullopt if it is not one.
std::optional<google::protobuf::Struct> JsonObject(const std::string& body) {
  google::protobuf::Struct object;
  if (!google::protobuf::util::JsonStringToMessage(body, &object).ok())
    return std::nullopt;
  return object;
}

// Passes when `reply` is an error of HTTP status `want` whose body is a JSON
// google.rpc.Status with a message; says which step is missing otherwise.
::testing::AssertionResult IsHttpError(const Reply& reply, int want) {
  if (HttpStatusFor(StatusCode::OK) == -1) {
    return ::testing::AssertionFailure()
           << "not started yet: HttpStatusFor (step 2) returns -1, so the gateway "
              "answered 500; got "
           << reply.Describe();
  }
  if (reply.body.find("TODO(lesson21)") != std::string::npos) {
    return ::testing::AssertionFailure() << "not started yet: " << reply.Describe();
  }
  if (reply.status != want) {
    return ::testing::AssertionFailure()
           << "expected HTTP " << want << ", got " << reply.Describe();
  }
  return ::testing::AssertionSuccess();
}

// Passes on HTTP 200; explains what came back otherwise.
::testing::AssertionResult IsHttpOk(const Reply& reply) {
  if (reply.body.find("TODO(lesson21)") != std::string::npos) {
    return ::testing::AssertionFailure() << "not started yet: " << reply.Describe();
  }
  if (reply.status != 200) {
    return ::testing::AssertionFailure() << "expected HTTP 200, got " << reply.Describe();
  }
  return ::testing::AssertionSuccess();
}

// Passes when the request reached the backend (whatever the gateway answered then).
::testing::AssertionResult ReachedBackend(ScriptedCatalog& backend, const Reply& reply) {
  if (backend.seen().calls > 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << (reply.body.find("TODO(lesson21)") != std::string::npos ? "not started yet: "
                                                                    : "")
         << "the request never reached the backend; the gateway answered "
         << reply.Describe();
}

std::string RoutesText(const std::vector<Route>& routes) {
  std::string text;
  for (const Route& r : routes) {
    text += r.verb + " " + r.path_template + " body='" + r.body + "' -> " +
            (r.method ? r.method->full_name() : "null") + "\n";
  }
  return text.empty() ? "(none)" : text;
}

// ---------------------------------------------------------------------------------
// Part 1: the routes, from the descriptors.

// Step 1.1: Catalog's routes are its public methods' google.api.http rules, in order.
TEST(Lesson21Gateway, RoutesComeFromPublicMethods) {
  std::vector<Route> routes;
  grpc::Status loaded = LoadRoutes(ServiceNamed(Catalog::service_full_name()), &routes);
  LAB_ASSERT_OK(loaded);
  const std::string text = RoutesText(routes);
  ASSERT_EQ(routes.size(), 3u)
      << "Catalog has 3 public methods with a google.api.http rule (GetProduct, "
         "ListProducts, CreateProduct); DeleteProduct has a rule but is not public "
         "((lab.gateway.public) absent), so it must not be a route. Got:\n"
      << text;
  EXPECT_EQ(text,
            "GET /v1/products/{product_id} body='' -> lab.gateway.Catalog.GetProduct\n"
            "GET /v1/products body='' -> lab.gateway.Catalog.ListProducts\n"
            "POST /v1/products body='*' -> lab.gateway.Catalog.CreateProduct\n")
      << "verb in capitals, the rule's path and body, the method's descriptor";
}

// Step 1.2: any service works: PUT is read, `public = false` and no rule are skipped.
TEST(Lesson21Gateway, RoutesOfAnyService) {
  std::vector<Route> routes;
  LAB_ASSERT_OK(LoadRoutes(ServiceNamed(Warehouse::service_full_name()), &routes));
  EXPECT_EQ(
      RoutesText(routes),
      "PUT /v1/products/{product_id}/stock body='*' -> lab.gateway.Warehouse.Restock\n")
      << "Warehouse (gateway.proto): Restock is public with a PUT rule; Audit has a "
         "rule but (lab.gateway.public) = false; Count is public but has no "
         "google.api.http option. Read the options, do not keep a table of your own.";
}

// ---------------------------------------------------------------------------------
// Part 2: gRPC status -> HTTP status.

// Step 2.1: every code gets its standard HTTP status.
TEST(Lesson21Gateway, StatusMapping) {
  const std::map<StatusCode, int> want = {
      {StatusCode::OK, 200},
      {StatusCode::CANCELLED, 499},
      {StatusCode::UNKNOWN, 500},
      {StatusCode::INVALID_ARGUMENT, 400},
      {StatusCode::DEADLINE_EXCEEDED, 504},
      {StatusCode::NOT_FOUND, 404},
      {StatusCode::ALREADY_EXISTS, 409},
      {StatusCode::PERMISSION_DENIED, 403},
      {StatusCode::RESOURCE_EXHAUSTED, 429},
      {StatusCode::FAILED_PRECONDITION, 400},
      {StatusCode::ABORTED, 409},
      {StatusCode::OUT_OF_RANGE, 400},
      {StatusCode::UNIMPLEMENTED, 501},
      {StatusCode::INTERNAL, 500},
      {StatusCode::UNAVAILABLE, 503},
      {StatusCode::DATA_LOSS, 500},
      {StatusCode::UNAUTHENTICATED, 401},
  };
  if (HttpStatusFor(StatusCode::OK) == -1) {
    FAIL() << "not started yet: HttpStatusFor returns -1 (step 2, "
              "lessons/21-gateway/transcode.cc)";
  }
  for (const auto& [code, http] : want) {
    EXPECT_EQ(HttpStatusFor(code), http)
        << CodeName(code) << " should be HTTP " << http << " (the README's table)";
  }
}

// Step 2.2: over HTTP, the backend's status decides the gateway's HTTP status.
TEST(Lesson21Gateway, BackendStatusBecomesHttpStatus) {
  ScriptedCatalog backend;
  Rig rig(&backend);
  ASSERT_TRUE(rig.Started());
  for (auto [code, http] :
       std::map<StatusCode, int>{{StatusCode::NOT_FOUND, 404},
                                 {StatusCode::PERMISSION_DENIED, 403},
                                 {StatusCode::RESOURCE_EXHAUSTED, 429},
                                 {StatusCode::UNAVAILABLE, 503}}) {
    const std::string path =
        "/v1/products/code-" + std::to_string(static_cast<int>(code));
    EXPECT_TRUE(IsHttpError(Send(rig.port(), "GET", path), http))
        << "the backend answered " << CodeName(code);
  }
}

// Step 2.3: over HTTP, a method that is not public and an unknown path are both 404.
TEST(Lesson21Gateway, UnexposedAndUnknownRoutesAre404) {
  CatalogServiceImpl catalog;
  Rig rig(&catalog);
  ASSERT_TRUE(rig.Started());
  const httplib::Headers admin = {{"Authorization", "Bearer admin-token"}};
  EXPECT_TRUE(
      IsHttpError(Send(rig.port(), "DELETE", "/v1/products/p-100", "", admin), 404))
      << "DeleteProduct is not public: the gateway has no DELETE route";
  grpc::ClientContext context;
  lab::testing::SetDeadline(context);
  GetProductRequest request;
  request.set_product_id("p-100");
  Product product;
  LAB_EXPECT_OK(rig.NewStub()->GetProduct(&context, request, &product))
      << "p-100 must still be there: DeleteProduct must not have been called";
  EXPECT_TRUE(IsHttpError(Send(rig.port(), "GET", "/v2/nothing"), 404));
}

// ---------------------------------------------------------------------------------
// Part 3: the request message, from the path, the query and the body.

// Step 3.1: a path parameter sets the field of its name.
TEST(Lesson21Gateway, PathParameter) {
  ScriptedCatalog backend;
  Rig rig(&backend);
  ASSERT_TRUE(rig.Started());
  ASSERT_TRUE(ReachedBackend(backend, Send(rig.port(), "GET", "/v1/products/p-42")));
  EXPECT_EQ(backend.seen().get.product_id(), "p-42")
      << "GET /v1/products/p-42 should call GetProduct with product_id \"p-42\"";
}

// Step 3.2: query parameters set fields, by JSON name or proto name, ints from text.
TEST(Lesson21Gateway, QueryParameters) {
  ScriptedCatalog backend;
  Rig rig(&backend);
  ASSERT_TRUE(rig.Started());
  ASSERT_TRUE(ReachedBackend(
      backend, Send(rig.port(), "GET", "/v1/products?category=office&maxResults=3")));
  EXPECT_EQ(backend.seen().list.category(), "office");
  EXPECT_EQ(backend.seen().list.max_results(), 3) << "maxResults=3 (the JSON name)";
  ASSERT_TRUE(
      ReachedBackend(backend, Send(rig.port(), "GET", "/v1/products?max_results=2")));
  EXPECT_EQ(backend.seen().list.max_results(), 2) << "max_results=2 (the proto name)";
  EXPECT_TRUE(IsHttpError(Send(rig.port(), "GET", "/v1/products?maxResults=many"), 400))
      << "\"many\" is not an int32: INVALID_ARGUMENT, 400";
}

// Step 3.3: with body "*", the JSON body is the whole request message.
TEST(Lesson21Gateway, JsonBody) {
  ScriptedCatalog backend;
  Rig rig(&backend);
  ASSERT_TRUE(rig.Started());
  ASSERT_TRUE(ReachedBackend(
      backend, Send(rig.port(), "POST", "/v1/products",
                    R"({"productId":"p-200","displayName":"Mug","priceCents":800})")));
  const CreateProductRequest got = backend.seen().create;
  EXPECT_EQ(got.product_id(), "p-200");
  EXPECT_EQ(got.display_name(), "Mug") << "displayName is display_name's JSON name";
  EXPECT_EQ(got.price_cents(), 800);
}

// Step 3.4: malformed JSON is 400 with a message, and the backend is not called.
TEST(Lesson21Gateway, MalformedJsonIs400) {
  ScriptedCatalog backend;
  Rig rig(&backend);
  ASSERT_TRUE(rig.Started());
  const Reply reply = Send(rig.port(), "POST", "/v1/products", R"({"productId": "p-1",)");
  EXPECT_TRUE(IsHttpError(reply, 400)) << "a body that is not JSON is INVALID_ARGUMENT";
  std::optional<google::protobuf::Struct> error = JsonObject(reply.body);
  ASSERT_TRUE(error.has_value()) << "the error body should be JSON: " << reply.Describe();
  EXPECT_FALSE(error->fields().at("message").string_value().empty())
      << "the error says what was wrong: " << reply.Describe();
  EXPECT_EQ(backend.seen().calls, 0) << "a malformed request must not reach the backend";
}

// Step 3.5: a field the message does not have is rejected, in the body or the query.
TEST(Lesson21Gateway, UnknownFieldIs400) {
  ScriptedCatalog backend;
  Rig rig(&backend);
  ASSERT_TRUE(rig.Started());
  EXPECT_TRUE(IsHttpError(
      Send(rig.port(), "POST", "/v1/products", R"({"productId":"p-1","colour":"red"})"),
      400))
      << "CreateProductRequest has no field colour: a typo must not pass silently "
         "(JsonParseOptions::ignore_unknown_fields = false)";
  EXPECT_TRUE(IsHttpError(Send(rig.port(), "GET", "/v1/products?colour=red"), 400))
      << "ListProductsRequest has no field colour";
  EXPECT_EQ(backend.seen().calls, 0) << "a rejected request must not reach the backend";
}

// ---------------------------------------------------------------------------------
// Part 4: headers, deadlines, a backend that is down or slow.

// Step 4.1: Authorization and X-Request-Id become metadata; other headers do not.
TEST(Lesson21Gateway, HeadersBecomeMetadata) {
  ScriptedCatalog backend;
  Rig rig(&backend);
  ASSERT_TRUE(rig.Started());
  ASSERT_TRUE(ReachedBackend(backend, Send(rig.port(), "GET", "/v1/products/p-1", "",
                                           {{"Authorization", "Bearer t-1"},
                                            {"X-Request-Id", "req-77"},
                                            {"Cookie", "session=secret"}})));
  const auto metadata = backend.seen().metadata;
  auto value = [&](const std::string& key) {
    auto found = metadata.find(key);
    return found == metadata.end() ? std::string("(absent)") : found->second;
  };
  EXPECT_EQ(value("authorization"), "Bearer t-1");
  EXPECT_EQ(value("x-request-id"), "req-77");
  EXPECT_EQ(value("cookie"), "(absent)")
      << "only the allowed headers (kForwardedHeaders) are forwarded";
}

// Step 4.2: each call's deadline is the gateway's timeout from the request's arrival.
TEST(Lesson21Gateway, DeadlineFollowsTimeout) {
  for (milliseconds timeout : {1500ms, 3000ms}) {
    SCOPED_TRACE("gateway timeout " + std::to_string(timeout.count()) + " ms");
    ScriptedCatalog backend;
    Rig rig(&backend, timeout);
    ASSERT_TRUE(rig.Started());
    const SystemClock::time_point before = SystemClock::now();
    ASSERT_TRUE(ReachedBackend(backend, Send(rig.port(), "GET", "/v1/products/p-1")));
    const SystemClock::time_point after = SystemClock::now();
    EXPECT_TRUE(lab::testing::DeadlineFollowsTimeout(backend.seen().deadline, before,
                                                     after, timeout))
        << "PrepareContext should set the deadline `timeout` from now";
  }
}

// Step 4.3: a backend that is not there is 503 (UNAVAILABLE).
TEST(Lesson21Gateway, BackendDownIs503) {
  std::unique_ptr<HttpGateway> gateway;
  grpc::Status started = HttpGateway::Start(Rig::Down(), 0, &gateway);
  LAB_ASSERT_OK(started);
  EXPECT_TRUE(IsHttpError(Send(gateway->port(), "GET", "/v1/products/p-1"), 503));
}

// Step 4.4: a slow backend is 504 (DEADLINE_EXCEEDED), within the gateway's deadline.
TEST(Lesson21Gateway, SlowBackendIs504) {
  constexpr milliseconds kTimeout = 300ms;
  ScriptedCatalog backend;
  Rig rig(&backend, kTimeout);
  ASSERT_TRUE(rig.Started());
  const SteadyClock::time_point start = SteadyClock::now();
  const Reply reply = Send(rig.port(), "GET", "/v1/products/slow");
  const milliseconds took =
      std::chrono::duration_cast<milliseconds>(SteadyClock::now() - start);
  backend.Release();
  EXPECT_TRUE(IsHttpError(reply, 504)) << "the backend never answers in time";
  // Generous: 10x the gateway's 300 ms, well under the client's 5 s read timeout.
  EXPECT_LT(took, 10 * kTimeout) << "the gateway should give up at its deadline";
}

// ---------------------------------------------------------------------------------
// Part 5: replies and errors as JSON, end to end with the real catalogue.

// Step 5.1: a reply is its proto3 JSON: JSON names, and zero values printed.
TEST(Lesson21Gateway, ReplyJson) {
  CatalogServiceImpl catalog;
  Rig rig(&catalog);
  ASSERT_TRUE(rig.Started());
  const Reply reply = Send(rig.port(), "GET", "/v1/products/p-101");
  ASSERT_TRUE(IsHttpOk(reply));
  std::optional<google::protobuf::Struct> json = JsonObject(reply.body);
  ASSERT_TRUE(json.has_value())
      << "the body should be a JSON object: " << reply.Describe();
  const auto& fields = json->fields();
  EXPECT_EQ(fields.count("displayName"), 1u)
      << "JSON names (lowerCamelCase) by default: " << reply.Describe();
  EXPECT_EQ(fields.count("stock"), 1u)
      << "p-101 is sold out: \"stock\": 0 must be printed "
         "(JsonPrintOptions::always_print_primitive_fields): "
      << reply.Describe();
  Product product;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(reply.body, &product).ok());
  EXPECT_EQ(product.display_name(), "Teapot");
}

// Step 5.2: an error's body is a JSON google.rpc.Status with code and message.
TEST(Lesson21Gateway, ErrorJson) {
  CatalogServiceImpl catalog;
  Rig rig(&catalog);
  ASSERT_TRUE(rig.Started());
  const Reply reply = Send(rig.port(), "GET", "/v1/products/p-999");
  EXPECT_TRUE(IsHttpError(reply, 404));
  google::rpc::Status status;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(reply.body, &status).ok())
      << "the body should be the JSON of a google.rpc.Status: " << reply.Describe();
  EXPECT_EQ(status.code(), static_cast<int>(StatusCode::NOT_FOUND))
      << "code is the gRPC code's number (5), not the HTTP status";
  EXPECT_EQ(status.message(), "no product p-999") << "the backend's message, unchanged";
}

// Step 5.3: creating a product: 200, then 409, and 401/403 without the right token.
TEST(Lesson21Gateway, CreateEndToEnd) {
  CatalogServiceImpl catalog;
  Rig rig(&catalog);
  ASSERT_TRUE(rig.Started());
  const std::string mug = R"({"productId":"p-200","displayName":"Mug","priceCents":800})";
  EXPECT_TRUE(IsHttpError(Send(rig.port(), "POST", "/v1/products", mug), 401))
      << "no Authorization header: UNAUTHENTICATED";
  EXPECT_TRUE(IsHttpError(
      Send(rig.port(), "POST", "/v1/products", mug, {{"Authorization", "Bearer guest"}}),
      403))
      << "a token that may not create: PERMISSION_DENIED";
  const httplib::Headers admin = {{"Authorization", "Bearer admin-token"}};
  EXPECT_TRUE(IsHttpOk(Send(rig.port(), "POST", "/v1/products", mug, admin)));
  EXPECT_TRUE(IsHttpError(Send(rig.port(), "POST", "/v1/products", mug, admin), 409))
      << "p-200 exists now: ALREADY_EXISTS";
}

// ---------------------------------------------------------------------------------
// Part 6: the program, with the README's own commands.

// The README's curl commands, in order ("Run it by hand").
std::vector<std::string> ReadmeCurlCommands() {
  const std::string test_file = __FILE__;  // .../tests/21-gateway/gateway_test.cc
  const std::string root = test_file.substr(0, test_file.rfind("/tests/"));
  std::ifstream readme(root + "/lessons/21-gateway/README.md");
  std::vector<std::string> commands;
  for (std::string line; std::getline(readme, line);) {
    if (line.rfind("curl ", 0) == 0) commands.push_back(line);
  }
  return commands;
}

// Runs `command` with sh, returns what it printed on stdout.
std::string RunShell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    out.append(buffer.data(), n);
  pclose(pipe);
  return out;
}

// Step 6.1: build/bin/lesson21_gateway answers the README's curl commands as it says.
TEST(Lesson21Gateway, ReadmeCurlCommands) {
  lab::testing::ServerProcess program(lab::testing::MainPath("gateway"));
  const bool listening = program.WaitUntilListening();
  const bool todo = program.output().find("TODO(lesson21)") != std::string::npos;
  ASSERT_TRUE(listening) << (todo ? "not started yet: " : "") << program.error() << "\n"
                         << program.output();
  // What each command's output starts with, as the README says after them.
  const std::vector<std::string> want = {
      R"({"productId":"p-101","displayName":"Teapot","category":"kitchen","priceCents":2900,"stock":0})",
      R"({"products":[{"productId":"p-102")",
      "HTTP/1.1 404",
      "HTTP/1.1 200",
      "HTTP/1.1 400",
      "HTTP/1.1 400",
      "HTTP/1.1 404"};
  const std::vector<std::string> commands = ReadmeCurlCommands();
  ASSERT_EQ(commands.size(), want.size()) << "the README's curl commands changed";
  for (size_t i = 0; i < commands.size(); ++i) {
    std::string command = commands[i];
    // The README's port is 8021; the test's program listens on a free port. A time
    // limit keeps a gateway that never answers from hanging the test.
    const std::string readme_address = "127.0.0.1:8021";
    command.replace(command.find(readme_address), readme_address.size(),
                    program.address());
    command.replace(0, 5, "curl --max-time 5 ");
    const std::string out = RunShell(command);
    EXPECT_EQ(out.substr(0, want[i].size()), want[i])
        << "README command " << i + 1 << ": " << commands[i] << "\nprinted: " << out;
  }
}

}  // namespace
}  // namespace lab::gateway
