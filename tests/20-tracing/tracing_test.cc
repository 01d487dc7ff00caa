// Lesson 20 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: trace_context.cc, the traceparent header and ids.
//   Part 2: zipkin.cc, spans as Zipkin v2 JSON.
//   Part 3: interceptors.cc, three real services (gateway -> orders -> inventory) on
//           loopback with your interceptors, exporting to a real HTTP collector.
#include "tracing.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "collector.h"
#include "lab/testing.h"
#include "services.h"

namespace lab::tracing {
namespace {

using grpc::StatusCode;
using lab::testing::TestServer;
using std::chrono::milliseconds;

constexpr char kPlaceOrder[] = "/lab.tracing.Gateway/PlaceOrder";
constexpr char kCreateOrder[] = "/lab.tracing.Orders/CreateOrder";
constexpr char kReserve[] = "/lab.tracing.Inventory/Reserve";
constexpr char kTraceId[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kSpanId[] = "00f067aa0ba902b7";

bool IsLowerHexId(const std::string& id, size_t digits) {
  return id.size() == digits && id.find_first_not_of("0123456789abcdef") == id.npos &&
         id.find_first_not_of('0') != id.npos;
}

// ---------------------------------------------------------------------------------
// Part 1: trace_context.cc

// 1.1 New trace ids are 32 and span ids 16 random lowercase hex digits, never all zero.
TEST(Lesson20Tracing, NewIdsAreRandomLowercaseHex) {
  std::set<std::string> traces, spans;
  for (int i = 0; i < 1000; ++i) {
    const std::string trace = NewTraceId(), span = NewSpanId();
    if (trace.empty() && span.empty()) FAIL() << "not started yet: NewTraceId() is \"\"";
    ASSERT_TRUE(IsLowerHexId(trace, 32))
        << "a trace id is 32 lowercase hex digits, not all zero; got \"" << trace << "\"";
    ASSERT_TRUE(IsLowerHexId(span, 16))
        << "a span id is 16 lowercase hex digits, not all zero; got \"" << span << "\"";
    traces.insert(trace);
    spans.insert(span);
  }
  EXPECT_EQ(traces.size(), 1000u) << "1000 new trace ids must all differ: random, please";
  EXPECT_EQ(spans.size(), 1000u) << "1000 new span ids must all differ: random, please";
}

// 1.2 FormatTraceparent writes version 00, both ids and the sampled flag.
TEST(Lesson20Tracing, FormatTraceparentWritesVersionIdsAndFlags) {
  SpanContext context{kTraceId, kSpanId, true, "vendor=1"};
  const std::string sampled = FormatTraceparent(context);
  if (sampled.empty()) FAIL() << "not started yet: FormatTraceparent returned \"\"";
  EXPECT_EQ(sampled, std::string("00-") + kTraceId + "-" + kSpanId + "-01");
  context.sampled = false;
  EXPECT_EQ(FormatTraceparent(context),
            std::string("00-") + kTraceId + "-" + kSpanId + "-00")
      << "flags are 00 when the trace is not sampled (tracestate has its own header)";
}

// 1.3 ParseTraceparent reads a valid header: ids and the sampled bit (bit 0 of flags).
TEST(Lesson20Tracing, ParseTraceparentReadsAValidHeader) {
  SpanContext out;
  out.tracestate = "kept=1";
  LAB_ASSERT_OK(
      ParseTraceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-01", &out));
  EXPECT_EQ(out.trace_id, kTraceId);
  EXPECT_EQ(out.span_id, kSpanId);
  EXPECT_TRUE(out.sampled) << "flags 01: sampled";
  EXPECT_EQ(out.tracestate, "kept=1") << "ParseTraceparent leaves tracestate alone";
  LAB_ASSERT_OK(
      ParseTraceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-00", &out));
  EXPECT_FALSE(out.sampled) << "flags 00: not sampled";
  LAB_ASSERT_OK(
      ParseTraceparent(std::string("00-") + kTraceId + "-" + kSpanId + "-03", &out));
  EXPECT_TRUE(out.sampled) << "flags 03: bit 0 is set, so sampled (other bits ignored)";
}

// 1.4 ParseTraceparent rejects every malformed or all-zero header with
//     INVALID_ARGUMENT and leaves *out untouched.
TEST(Lesson20Tracing, ParseTraceparentRejectsMalformedAndZero) {
  const std::string trace = kTraceId, span = kSpanId;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "empty"},
      {"00-" + std::string(32, '0') + "-" + span + "-01", "an all-zero trace id"},
      {"00-" + trace + "-" + std::string(16, '0') + "-01", "an all-zero span id"},
      {"00-4BF92F3577B34DA6A3CE929D0E0E4736-" + span + "-01", "uppercase hex"},
      {"ff-" + trace + "-" + span + "-01", "version ff (forbidden)"},
      {"00-" + trace.substr(1) + "-" + span + "-01", "a 31-digit trace id"},
      {"00-" + trace + "-" + span + "-01-extra", "text after the flags"},
      {"00_" + trace + "_" + span + "_01", "'_' instead of '-'"},
      {"00-" + trace.substr(0, 31) + "g-" + span + "-01", "a 'g' in the trace id"},
      {" 00-" + trace + "-" + span + "-1", "a leading space"},
  };
  for (const auto& [header, what] : bad) {
    SpanContext out{"unchanged", "unchanged", true, ""};
    const grpc::Status status = ParseTraceparent(header, &out);
    if (status.error_code() == StatusCode::UNIMPLEMENTED) {
      FAIL() << "not started yet: " << status.error_message();
    }
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT)
        << "a traceparent with " << what << " must be INVALID_ARGUMENT: \"" << header
        << "\"";
    EXPECT_EQ(out.trace_id, "unchanged") << "a rejected header leaves *out untouched";
  }
}

// ---------------------------------------------------------------------------------
// Part 2: zipkin.cc

nlohmann::json ParseJson(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*exceptions=*/false);
}

// 2.1 A failed child span: the documented field names, microseconds, kind, parentId,
//     the status code tag and an error tag.
TEST(Lesson20Tracing, ZipkinJsonHasTheDocumentedFields) {
  Span span;
  span.trace_id = kTraceId;
  span.id = "a1b2c3d4e5f60718";
  span.parent_id = kSpanId;
  span.name = kReserve;
  span.kind = Span::Kind::kServer;
  span.service = "inventory";
  span.timestamp_us = 1764500000123456;
  span.duration_us = 1234;
  span.code = StatusCode::NOT_FOUND;
  span.error_message = "no sku 'plum'";
  const nlohmann::json array = ParseJson(ToZipkinJson({span}));
  ASSERT_TRUE(array.is_array()) << "ToZipkinJson must return a JSON array";
  if (array.empty()) FAIL() << "not started yet: ToZipkinJson returned []";
  ASSERT_EQ(array.size(), 1u);
  const nlohmann::json& z = array[0];
  EXPECT_EQ(z.value("traceId", ""), kTraceId);
  EXPECT_EQ(z.value("id", ""), "a1b2c3d4e5f60718");
  EXPECT_EQ(z.value("parentId", ""), kSpanId);
  EXPECT_EQ(z.value("name", ""), kReserve);
  EXPECT_EQ(z.value("kind", ""), "SERVER");
  ASSERT_TRUE(z.contains("timestamp") && z["timestamp"].is_number_integer())
      << "timestamp is a JSON number (epoch microseconds)";
  EXPECT_EQ(z["timestamp"].get<int64_t>(), 1764500000123456)
      << "Zipkin's timestamp is in MICROseconds since the epoch: the span's value as is";
  ASSERT_TRUE(z.contains("duration") && z["duration"].is_number_integer());
  EXPECT_EQ(z["duration"].get<int64_t>(), 1234) << "duration in microseconds";
  EXPECT_EQ(z["localEndpoint"].value("serviceName", ""), "inventory");
  ASSERT_TRUE(z.contains("tags") && z["tags"].is_object());
  EXPECT_EQ(z["tags"].value("rpc.grpc.status_code", ""), "5")
      << "tag values are strings: the code as a decimal string";
  EXPECT_EQ(z["tags"].value("rpc.system", ""), "grpc");
  EXPECT_EQ(z["tags"].value("error", ""), "NOT_FOUND: no sku 'plum'")
      << "a failed span carries an \"error\" tag: that is how Zipkin marks it red";
}

// 2.2 An OK root span: no parentId, no error tag, CLIENT, and a duration of at least 1.
TEST(Lesson20Tracing, ZipkinJsonOfAnOkRootSpan) {
  Span span;
  span.trace_id = kTraceId;
  span.id = kSpanId;
  span.name = kPlaceOrder;
  span.kind = Span::Kind::kClient;
  span.service = "client";
  span.timestamp_us = 1764500000000000;
  span.duration_us = 0;
  const nlohmann::json array = ParseJson(ToZipkinJson({span, span}));
  ASSERT_TRUE(array.is_array()) << "ToZipkinJson must return a JSON array";
  if (array.empty()) FAIL() << "not started yet: ToZipkinJson returned []";
  ASSERT_EQ(array.size(), 2u) << "one object per span";
  const nlohmann::json& z = array[0];
  EXPECT_FALSE(z.contains("parentId")) << "a root span has no parentId field at all";
  EXPECT_EQ(z.value("kind", ""), "CLIENT");
  EXPECT_EQ(z.value("duration", 0), 1) << "Zipkin wants a duration of at least 1 us";
  ASSERT_TRUE(z.contains("tags"));
  EXPECT_FALSE(z["tags"].contains("error")) << "an OK span has no error tag";
  EXPECT_EQ(z["tags"].value("rpc.grpc.status_code", ""), "0");
}

// ---------------------------------------------------------------------------------
// Part 3: interceptors.cc, with three real services.

// Inventory as the test sees it: records the trace headers that reached it.
class RecordingInventory final : public Inventory::Service {
 public:
  grpc::Status Reserve(grpc::ServerContext* context, const ReserveRequest* request,
                       ReserveReply* reply) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      traceparent_ = Header(*context, kTraceparentHeader);
      tracestate_ = Header(*context, kTracestateHeader);
    }
    return real_.Reserve(context, request, reply);
  }
  std::string traceparent() {
    std::lock_guard<std::mutex> lock(mu_);
    return traceparent_;
  }
  std::string tracestate() {
    std::lock_guard<std::mutex> lock(mu_);
    return tracestate_;
  }

 private:
  static std::string Header(const grpc::ServerContext& context, const char* key) {
    auto it = context.client_metadata().find(key);
    return it == context.client_metadata().end()
               ? ""
               : std::string(it->second.data(), it->second.size());
  }
  InventoryService real_;
  std::mutex mu_;
  std::string traceparent_, tracestate_;
};

// The three services with your interceptors, one exporter, one collector.
struct Shop {
  explicit Shop(std::string collector_url = "", milliseconds timeout = milliseconds(2000))
      : exporter({collector_url.empty() ? collector.url() : collector_url, 2048, 256,
                  timeout}) {}
  lab::testing::ServerOptions Traced(const std::string& service) {
    return {nullptr, [this, service](grpc::ServerBuilder& builder) {
              builder.experimental().SetInterceptorCreators(
                  TracedServerInterceptors({service, &exporter}));
            }};
  }
  // Places an order at the gateway through `channel`, with extra metadata.
  grpc::Status Order(
      std::shared_ptr<grpc::Channel> channel, const std::string& sku,
      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    grpc::ClientContext context;
    lab::testing::SetDeadline(context);
    for (const auto& [key, value] : headers) context.AddMetadata(key, value);
    OrderRequest request;
    request.set_sku(sku);
    request.set_quantity(1);
    OrderReply reply;
    return Gateway::NewStub(channel)->PlaceOrder(&context, request, &reply);
  }
  std::shared_ptr<grpc::Channel> TracedClient(bool sample = true) {
    return TracedChannel(gateway_server.address(), {"client", &exporter, sample});
  }
  // Waits until the exporter sent what it has and `count` spans (or as many as it
  // sent) reached the collector. Every span of a call is Export()ed before the call
  // returns (the server's at PRE_SEND_STATUS, before its status leaves), so once
  // Flush() is through nothing more is coming: no waiting for spans that never come.
  std::vector<CollectedSpan> WaitForSpans(size_t count) {
    exporter.Flush(milliseconds(5000));
    collector.WaitForSpans(std::min<size_t>(count, exporter.sent()), milliseconds(5000));
    std::vector<CollectedSpan> spans = collector.Spans();
    std::cout << "collected " << spans.size() << " spans\n";
    if (!spans.empty()) std::cout << Waterfall(spans, spans.front().trace_id);
    std::cout << std::flush;
    return spans;
  }

  SpanCollector collector;  // first: the exporter posts to it until it is destroyed
  bool collecting = collector.Start();
  SpanExporter exporter;
  RecordingInventory inventory;
  TestServer inventory_server{{&inventory}, Traced("inventory")};
  OrdersService orders{TracedChannel(inventory_server.address(), {"orders", &exporter})};
  TestServer orders_server{{&orders}, Traced("orders")};
  GatewayService gateway{TracedChannel(orders_server.address(), {"gateway", &exporter})};
  TestServer gateway_server{{&gateway}, Traced("gateway")};
};

// The one span of `spans` that `service` recorded as `kind`; FAILs if not exactly one.
const CollectedSpan* Find(const std::vector<CollectedSpan>& spans,
                          const std::string& service, const std::string& kind) {
  const CollectedSpan* found = nullptr;
  int count = 0;
  for (const auto& span : spans) {
    if (span.service == service && span.kind == kind) {
      found = &span;
      ++count;
    }
  }
  if (count != 1) {
    ADD_FAILURE() << "expected exactly one " << kind << " span from service \"" << service
                  << "\", found " << count
                  << ". Each interceptor exports one span per call, kind "
                     "CLIENT (client side) or SERVER (server side), with the tracer's "
                     "service name";
    return nullptr;
  }
  return found;
}

std::string Tag(const CollectedSpan& span, const std::string& key) {
  auto it = span.tags.find(key);
  return it == span.tags.end() ? "" : it->second;
}

std::string Describe(const std::vector<CollectedSpan>& spans) {
  std::string out;
  for (const auto& s : spans) {
    out += "\n    " + s.service + " " + s.kind + " " + s.name + " trace=" + s.trace_id +
           " id=" + s.id + " parent=" + s.parent_id;
  }
  return out;
}

// 3.1 One traced call: six spans (client, gateway, orders each CLIENT; gateway, orders,
//     inventory each SERVER), all in one trace, with names and the OK status.
TEST(Lesson20Tracing, OneTraceFromTheFirstCallToTheLast) {
  Shop shop;
  ASSERT_TRUE(shop.collecting);
  LAB_ASSERT_OK(shop.Order(shop.TracedClient(), "apple"));
  const std::vector<CollectedSpan> spans = shop.WaitForSpans(6);
  if (spans.empty()) FAIL() << "not started yet: no span reached the collector";
  ASSERT_EQ(spans.size(), 6u) << "one CLIENT and one SERVER span per hop, 3 hops:"
                              << Describe(spans);
  for (const auto& span : spans) {
    EXPECT_EQ(span.trace_id, spans.front().trace_id)
        << "every span of the call shares the first one's trace id: a client span takes "
           "the trace of CurrentSpan() when there is one:"
        << Describe(spans);
    EXPECT_TRUE(IsLowerHexId(span.trace_id, 32) && IsLowerHexId(span.id, 16))
        << "ids are lowercase hex, 32/16 digits:" << Describe(spans);
    EXPECT_EQ(span.tags.count("error"), 0u) << span.service << " " << span.kind;
    EXPECT_EQ(Tag(span, "rpc.grpc.status_code"), "0") << span.service << " " << span.kind;
  }
  const CollectedSpan* inventory = Find(spans, "inventory", "SERVER");
  const CollectedSpan* client = Find(spans, "client", "CLIENT");
  ASSERT_TRUE(inventory && client);
  EXPECT_EQ(inventory->name, kReserve) << "a span's name is the full method";
  EXPECT_EQ(client->name, kPlaceOrder) << "a span's name is the full method";
}

// 3.2 The tree: each SERVER span's parent is the CLIENT span that called it, and each
//     outgoing CLIENT span's parent is the SERVER span of the handler making the call.
TEST(Lesson20Tracing, ClientSpanIsTheParentOfTheServerSpanItCalled) {
  Shop shop;
  ASSERT_TRUE(shop.collecting);
  LAB_ASSERT_OK(shop.Order(shop.TracedClient(), "apple"));
  const std::vector<CollectedSpan> spans = shop.WaitForSpans(6);
  if (spans.empty()) FAIL() << "not started yet: no span reached the collector";
  const CollectedSpan* client = Find(spans, "client", "CLIENT");
  const CollectedSpan* gateway_in = Find(spans, "gateway", "SERVER");
  const CollectedSpan* gateway_out = Find(spans, "gateway", "CLIENT");
  const CollectedSpan* orders_in = Find(spans, "orders", "SERVER");
  const CollectedSpan* orders_out = Find(spans, "orders", "CLIENT");
  const CollectedSpan* inventory_in = Find(spans, "inventory", "SERVER");
  ASSERT_TRUE(client && gateway_in && gateway_out && orders_in && orders_out &&
              inventory_in)
      << Describe(spans);
  EXPECT_EQ(client->parent_id, "") << "the first call is the root: no parentId";
  std::set<std::string> ids;
  for (const auto& span : spans) ids.insert(span.id);
  EXPECT_EQ(ids.size(), spans.size())
      << "every span has its own id: a server span takes a NEW span id, and the "
         "caller's span id becomes its parentId"
      << Describe(spans);
  const std::vector<std::pair<const CollectedSpan*, const CollectedSpan*>> edges = {
      {client, gateway_in},    {gateway_in, gateway_out},  {gateway_out, orders_in},
      {orders_in, orders_out}, {orders_out, inventory_in},
  };
  for (const auto& [parent, child] : edges) {
    EXPECT_EQ(child->parent_id, parent->id)
        << "the " << child->service << " " << child->kind << " span's parent must be the "
        << parent->service << " " << parent->kind
        << " span (server: the traceparent's parent id; client: CurrentSpan()):"
        << Describe(spans);
  }
  std::cout << "exported JSON:\n" << shop.collector.Json() << std::flush;
}

// 3.3 A failed call: every span it passed through carries the status code and an error
//     tag.
TEST(Lesson20Tracing, ErrorSpansCarryTheStatus) {
  Shop shop;
  ASSERT_TRUE(shop.collecting);
  const grpc::Status status = shop.Order(shop.TracedClient(), "plum");
  ASSERT_EQ(status.error_code(), StatusCode::NOT_FOUND)
      << "the tracing interceptors must not change a call's status; got "
      << status.error_code() << " " << status.error_message();
  const std::vector<CollectedSpan> spans = shop.WaitForSpans(6);
  if (spans.empty()) FAIL() << "not started yet: no span reached the collector";
  ASSERT_EQ(spans.size(), 6u) << Describe(spans);
  for (const auto& span : spans) {
    EXPECT_EQ(Tag(span, "rpc.grpc.status_code"), "5")
        << span.service << " " << span.kind
        << ": NOT_FOUND (5) travelled back through every hop; the client span takes "
           "it from GetRecvStatus(), the server span from GetSendStatus()";
    EXPECT_EQ(span.tags.count("error"), 1u)
        << span.service << " " << span.kind << ": a failed span has an error tag";
  }
}

// 3.4 A valid incoming traceparent is continued, and tracestate is passed on unchanged.
TEST(Lesson20Tracing, AnIncomingTraceparentIsContinued) {
  Shop shop;
  ASSERT_TRUE(shop.collecting);
  const std::string state = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";
  LAB_ASSERT_OK(
      shop.Order(shop.gateway_server.NewChannel(), "apple",
                 {{"traceparent", std::string("00-") + kTraceId + "-" + kSpanId + "-01"},
                  {"tracestate", state}}));
  const std::vector<CollectedSpan> spans = shop.WaitForSpans(5);
  if (spans.empty()) FAIL() << "not started yet: no span reached the collector";
  ASSERT_EQ(spans.size(), 5u) << "3 SERVER and 2 CLIENT spans (the caller is untraced):"
                              << Describe(spans);
  for (const auto& span : spans) {
    EXPECT_EQ(span.trace_id, kTraceId)
        << "the call came with a valid traceparent: every span continues its trace"
        << Describe(spans);
  }
  const CollectedSpan* gateway_in = Find(spans, "gateway", "SERVER");
  const CollectedSpan* orders_out = Find(spans, "orders", "CLIENT");
  ASSERT_TRUE(gateway_in && orders_out);
  EXPECT_EQ(gateway_in->parent_id, kSpanId)
      << "the gateway's server span is the child of the caller's span (traceparent's "
         "parent id)";
  EXPECT_EQ(shop.inventory.traceparent(),
            std::string("00-") + kTraceId + "-" + orders_out->id + "-01")
      << "inventory must receive the trace id, the calling client span's id and flags 01";
  EXPECT_EQ(shop.inventory.tracestate(), state)
      << "tracestate is passed on unchanged, hop by hop";
}

// 3.5 A malformed or all-zero traceparent starts a new trace, and never fails the call.
TEST(Lesson20Tracing, ABadTraceparentStartsANewTrace) {
  const std::vector<std::string> bad = {
      "00-" + std::string(32, '0') + "-" + kSpanId + "-01",
      std::string("00-") + kTraceId + "-" + std::string(16, '0') + "-01",
      "garbage",
  };
  for (const std::string& header : bad) {
    SCOPED_TRACE("incoming traceparent: " + header);
    Shop shop;
    ASSERT_TRUE(shop.collecting);
    LAB_ASSERT_OK(shop.Order(shop.gateway_server.NewChannel(), "apple",
                             {{"traceparent", header}, {"tracestate", "a=b"}}));
    const std::vector<CollectedSpan> spans = shop.WaitForSpans(5);
    if (spans.empty()) FAIL() << "not started yet: no span reached the collector";
    const CollectedSpan* gateway_in = Find(spans, "gateway", "SERVER");
    ASSERT_TRUE(gateway_in);
    EXPECT_TRUE(IsLowerHexId(gateway_in->trace_id, 32) &&
                gateway_in->trace_id != kTraceId)
        << "a bad traceparent is ignored: the gateway starts a NEW trace, got trace id \""
        << gateway_in->trace_id << "\"";
    EXPECT_EQ(gateway_in->parent_id, "") << "a new trace's first span has no parent";
    EXPECT_EQ(shop.inventory.tracestate(), "")
        << "W3C: without a valid traceparent, tracestate is dropped too";
  }
}

// 3.6 Sampled flag respected: an unsampled trace is propagated but nothing is exported.
TEST(Lesson20Tracing, AnUnsampledTraceIsPropagatedNotExported) {
  Shop shop;
  ASSERT_TRUE(shop.collecting);
  const std::string header = std::string("00-") + kTraceId + "-" + kSpanId + "-00";
  LAB_ASSERT_OK(
      shop.Order(shop.gateway_server.NewChannel(), "apple", {{"traceparent", header}}));
  const std::string seen = shop.inventory.traceparent();
  if (seen.empty()) {
    LAB_ASSERT_OK(shop.Order(shop.TracedClient(), "apple"));
    if (shop.inventory.traceparent().empty()) {
      FAIL() << "not started yet: no traceparent reached inventory";
    }
    FAIL() << "a sampled trace reaches inventory, an unsampled one does not: propagate "
              "the trace whatever its flags (00 = record nothing, but pass it on)";
  }
  EXPECT_TRUE(seen.size() == 55 &&
              seen.substr(0, 36) == std::string("00-") + kTraceId + "-" &&
              seen.substr(52) == "-00")
      << "the unsampled trace goes on (same trace id, flags 00); inventory saw \"" << seen
      << "\"";
  LAB_ASSERT_OK(shop.Order(shop.TracedClient(/*sample=*/false), "apple"));
  ASSERT_TRUE(shop.exporter.Flush(milliseconds(5000)));
  EXPECT_EQ(shop.collector.Spans().size(), 0u)
      << "no span of an unsampled trace may be exported (flags 00, or a new trace of a "
         "tracer with sample_new_traces = false):"
      << Describe(shop.collector.Spans());
}

// A TCP port with a bound socket that does not listen: connecting is refused at once.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~RefusingPort() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// 3.7 A collector that is down never fails or slows an RPC: spans are dropped.
TEST(Lesson20Tracing, ACollectorThatIsDownNeverHurtsAnRpc) {
  RefusingPort down;
  ASSERT_NE(down.port(), 0);
  // Time is the subject: each call must take far less than the exporter's POST timeout
  // (2 s). A three-hop call on loopback takes milliseconds, even under TSan.
  Shop shop("http://127.0.0.1:" + std::to_string(down.port()), milliseconds(2000));
  for (int i = 0; i < 5; ++i) {
    const auto start = std::chrono::steady_clock::now();
    LAB_ASSERT_OK(shop.Order(shop.TracedClient(), "apple"));
    EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1000))
        << "a call must not wait for the exporter: only Export() runs on the RPC path";
  }
  ASSERT_TRUE(shop.exporter.Flush(milliseconds(5000)));
  if (shop.exporter.dropped() == 0) {
    FAIL() << "not started yet: no span was exported (all 30 should be dropped)";
  }
  EXPECT_EQ(shop.exporter.dropped(), 30u) << "5 calls x 6 spans, all dropped";
}

// 3.8 A slow collector never slows an RPC; the spans arrive later.
TEST(Lesson20Tracing, ASlowCollectorNeverSlowsAnRpc) {
  // Time is the subject: the collector answers each POST after 1 s; calls must take
  // far less (a three-hop call on loopback takes milliseconds, even under TSan).
  Shop shop("", milliseconds(3000));
  shop.collector.set_delay(milliseconds(1000));
  ASSERT_TRUE(shop.collecting);
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    LAB_ASSERT_OK(shop.Order(shop.TracedClient(), "apple"));
    EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(800))
        << "a call must not wait for the collector: only Export() runs on the RPC path";
  }
  const std::vector<CollectedSpan> spans = shop.WaitForSpans(18);
  if (spans.empty()) FAIL() << "not started yet: no span reached the collector";
  EXPECT_EQ(spans.size(), 18u) << "3 calls x 6 spans, delivered late but delivered";
}

}  // namespace
}  // namespace lab::tracing
