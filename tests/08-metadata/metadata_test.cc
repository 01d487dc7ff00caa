// Lesson 08 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: your metadata rules, called directly (an invalid entry must never reach
//           gRPC, which would abort the whole process).
//   Part 2: your OrderServiceImpl, called by a reference client.
//   Part 3: your PlaceOrder client, calling a reference server.
#include <gtest/gtest.h>

#include <mutex>

#include "client.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "metadata_rules.h"
#include "order_service.h"

namespace lab::metadata {
namespace {

using grpc::StatusCode;
using lab::testing::SetDeadline;
using lab::testing::TestServer;

// Shows bytes so that a failure message is readable: "ab\x00\xff".
std::string Show(const std::string& bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out + "\"";
}

// The value of `key` in a metadata map read by the reference side ("" if absent).
std::string Get(const MetadataView& metadata, const std::string& key) {
  auto it = metadata.find(key);
  return it == metadata.end() ? "" : std::string(it->second.data(), it->second.size());
}

// ---------------------------------------------------------------------------------
// Part 1: metadata_rules.cc

// 1.1 Lowercase keys of 0-9 a-z _ . - with printable values are accepted.
TEST(Lesson08Rules, ValidateAcceptsLowercaseKeysAndPrintableValues) {
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"x-request-id", "abc-123"},
                                                        {"x-tenant", "acme corp"},
                                                        {"trace_id.v2", "~!@#$%^&*()"},
                                                        {"x-empty", ""}}) {
    LAB_EXPECT_OK(ValidateMetadata(key, value))
        << "key \"" << key << "\", value \"" << value << "\" is valid metadata";
  }
  LAB_EXPECT_OK(ValidateMetadata("x-via-grpc-gateway", "yes"))
      << "only a key that STARTS with grpc- is reserved; x-via-grpc-gateway is fine";
}

// 1.2 A key with uppercase letters, other characters or the reserved grpc- prefix is
//     INVALID_ARGUMENT.
TEST(Lesson08Rules, ValidateRejectsBadKeys) {
  for (const std::string key :
       {"X-Request-Id", "x-Tenant", "", "x request id", "x:tenant", "x/tenant", "ключ"}) {
    grpc::Status status = ValidateMetadata(key, "value");
    LAB_EXPECT_CODE(status, StatusCode::INVALID_ARGUMENT)
        << "key " << Show(key) << " is not a valid metadata key (lowercase 0-9 a-z _ . -"
        << " only). gRPC would abort the process on it, so refuse it first";
    if (status.error_code() == StatusCode::INVALID_ARGUMENT && !key.empty()) {
      EXPECT_NE(status.error_message().find(key), std::string::npos)
          << "the message should name the key, got \"" << status.error_message() << "\"";
    }
  }
  for (const std::string key : {"grpc-status", "grpc-timeout", "grpc-foo"}) {
    LAB_EXPECT_CODE(ValidateMetadata(key, "1"), StatusCode::INVALID_ARGUMENT)
        << "key \"" << key << "\" starts with grpc-, which gRPC reserves for itself: "
        << "gRPC takes the grpc- keys it knows as its own (a client's grpc-status can "
        << "fail a call that went well) and may give the others a meaning later";
  }
}

// 1.3 A non-bin value must be printable ASCII; a "-bin" value may be any bytes.
TEST(Lesson08Rules, ValidateChecksValuesUnlessBinary) {
  for (const std::string& value : {std::string("line\nbreak"), std::string("nul\0", 4),
                                   std::string("\x7f"), std::string("caf\xc3\xa9")}) {
    LAB_EXPECT_CODE(ValidateMetadata("x-note", value), StatusCode::INVALID_ARGUMENT)
        << "value " << Show(value) << " has bytes outside 0x20..0x7E, so a key without "
        << "-bin cannot carry it";
    LAB_EXPECT_OK(ValidateMetadata("x-note-bin", value))
        << "a key ending in -bin carries any bytes, including " << Show(value);
  }
  LAB_EXPECT_CODE(ValidateMetadata("X-Note-bin", "x"), StatusCode::INVALID_ARGUMENT)
      << "-bin relaxes the rule for the value, not for the key";
}

// 1.4 AddRequestMetadata refuses an invalid entry, and sends a valid one.
TEST(Lesson08Rules, AddRequestMetadataValidatesThenSends) {
  {
    grpc::ClientContext context;  // never used for a call: gRPC would abort on it
    LAB_EXPECT_CODE(AddRequestMetadata(&context, "X-Request-Id", "abc"),
                    StatusCode::INVALID_ARGUMENT)
        << "an uppercase key must be refused before it reaches ClientContext";
    LAB_EXPECT_CODE(AddRequestMetadata(&context, "x-note", "a\nb"),
                    StatusCode::INVALID_ARGUMENT);
  }
  // A valid entry reaches the server.
  class Recorder final : public Orders::Service {
   public:
    grpc::Status PlaceOrder(grpc::ServerContext* context, const OrderRequest*,
                            OrderReply*) override {
      std::lock_guard<std::mutex> lock(mu);
      seen = Get(context->client_metadata(), "x-note-bin");
      return grpc::Status::OK;
    }
    std::mutex mu;
    std::string seen;
  } recorder;
  TestServer server({&recorder});
  ASSERT_TRUE(server.ok()) << server.error();
  grpc::ClientContext context;
  SetDeadline(context);
  const std::string bytes("\x00\x01\xfe\xff", 4);
  LAB_ASSERT_OK(AddRequestMetadata(&context, "x-note-bin", bytes));
  OrderReply reply;
  LAB_ASSERT_OK(server.NewStub<Orders>()->PlaceOrder(&context, OrderRequest(), &reply));
  std::lock_guard<std::mutex> lock(recorder.mu);
  EXPECT_EQ(Show(recorder.seen), Show(bytes))
      << "a valid entry must be added to the context with context->AddMetadata";
}

// 1.5 FindMetadata copies exactly the value's bytes (a string_ref has no NUL at the
//     end), and says when the key is absent.
TEST(Lesson08Rules, FindMetadataUsesTheValueLength) {
  // Views into one buffer, as gRPC's are: "abc" is followed by more bytes, not a NUL.
  const std::string buffer = "x-request-idabcdefx-tenantacme";
  MetadataView metadata{
      {grpc::string_ref(buffer.data(), 12), grpc::string_ref(buffer.data() + 12, 3)},
      {grpc::string_ref(buffer.data() + 18, 8), grpc::string_ref(buffer.data() + 26, 4)}};
  std::optional<std::string> id = FindMetadata(metadata, "x-request-id");
  ASSERT_TRUE(id.has_value()) << "x-request-id is in the map";
  EXPECT_EQ(*id, "abc") << "copy the value with its size: std::string(v.data(), "
                           "v.size()). A string_ref is not NUL-terminated, so .data() "
                           "alone runs on into whatever follows in gRPC's buffer";
  EXPECT_EQ(FindMetadata(metadata, "x-tenant").value_or("(absent)"), "acme");
  EXPECT_FALSE(FindMetadata(metadata, "x-missing").has_value())
      << "an absent key is std::nullopt";
}

// ---------------------------------------------------------------------------------
// Part 2: order_service.cc, called by a reference client.
class Lesson08Server : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<Orders>();
  }

  // One call with the given client metadata; the context is kept for the metadata.
  grpc::Status Call(grpc::ClientContext& context,
                    const std::vector<std::pair<std::string, std::string>>& metadata,
                    const std::string& item, OrderReply* reply) {
    SetDeadline(context);
    for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
    OrderRequest request;
    request.set_item(item);
    request.set_quantity(1);
    return stub_->PlaceOrder(&context, request, reply);
  }

  OrderServiceImpl service_;
  TestServer server_{{&service_}};
  std::unique_ptr<Orders::Stub> stub_;
};

// 2.1 The reply's order id is "<tenant>-<n>", counting from 1.
TEST_F(Lesson08Server, OrderIdComesFromTheTenant) {
  for (const std::string want : {"acme-1", "acme-2"}) {
    grpc::ClientContext context;
    OrderReply reply;
    LAB_ASSERT_OK(Call(context, {{"x-tenant", "acme"}}, "keyboard", &reply));
    EXPECT_EQ(reply.order_id(), want)
        << "read the tenant from context->client_metadata() (key x-tenant)";
  }
}

// 2.2 The client's x-request-id comes back where a client can read it before the
//     reply.
TEST_F(Lesson08Server, EchoesTheRequestId) {
  grpc::ClientContext context;
  OrderReply reply;
  LAB_ASSERT_OK(Call(context, {{"x-request-id", "req-abc"}, {"x-tenant", "acme"}},
                     "keyboard", &reply));
  EXPECT_EQ(Get(context.GetServerInitialMetadata(), "x-request-id"), "req-abc")
      << "the client's id should come back in the initial metadata (the headers): only "
         "they arrive before the reply; trailers come after the last message";
  EXPECT_EQ(Get(context.GetServerTrailingMetadata(), "x-request-id"), "")
      << "the request id belongs in the headers only, not (also) in the trailers";
}

// 2.3 Without an x-request-id (or with an empty one) the server makes one up and
//     returns it; a new one per call.
TEST_F(Lesson08Server, GeneratesRequestIdWhenMissing) {
  std::vector<std::string> ids;
  for (const bool send_empty : {false, true}) {
    SCOPED_TRACE(send_empty ? "the call sent x-request-id \"\"" : "no x-request-id sent");
    grpc::ClientContext context;
    OrderReply reply;
    std::vector<std::pair<std::string, std::string>> metadata = {{"x-tenant", "acme"}};
    if (send_empty) metadata.emplace_back("x-request-id", "");
    LAB_ASSERT_OK(Call(context, metadata, "keyboard", &reply));
    ids.push_back(Get(context.GetServerInitialMetadata(), "x-request-id"));
    EXPECT_FALSE(ids.back().empty())
        << "no usable x-request-id came in (an empty id traces nothing), so the server "
           "must create one with NewRequestId() and send it back where test 2.2 expects "
           "an echoed one; the headers held none";
  }
  EXPECT_NE(ids[0], ids[1]) << "each call gets its own new request id";
}

// 2.4 x-elapsed-us and the raw x-order-checksum-bin come back where values known only
//     at the end belong.
TEST_F(Lesson08Server, SendsElapsedAndChecksum) {
  grpc::ClientContext context;
  OrderReply reply;
  LAB_ASSERT_OK(Call(context, {{"x-tenant", "globex"}}, "monitor", &reply));
  const MetadataView& headers = context.GetServerInitialMetadata();
  const MetadataView& trailers = context.GetServerTrailingMetadata();
  EXPECT_EQ(headers.count("x-elapsed-us") + headers.count("x-order-checksum-bin"), 0u)
      << "x-elapsed-us and x-order-checksum-bin are known only at the end of the "
         "handler, so they belong in the trailing metadata, which leaves with the "
         "status; headers are for what the client needs before the reply";
  const std::string elapsed = Get(trailers, "x-elapsed-us");
  EXPECT_TRUE(!elapsed.empty() &&
              elapsed.find_first_not_of("0123456789") == std::string::npos)
      << "the trailers should carry x-elapsed-us, a decimal number of microseconds; "
         "got \""
      << elapsed << "\"";
  EXPECT_EQ(Show(Get(trailers, "x-order-checksum-bin")),
            Show(OrderChecksum(reply.order_id())))
      << "x-order-checksum-bin should be the 4 raw bytes of OrderChecksum(order_id). "
         "gRPC base64-encodes -bin values on the wire and decodes them on arrival: "
         "encoding them yourself sends base64 text of base64 text";
}

// 2.5 A missing tenant or item is INVALID_ARGUMENT, and the request id still comes back.
TEST_F(Lesson08Server, RejectsMissingTenantButStillSendsRequestId) {
  grpc::ClientContext context;
  OrderReply reply;
  LAB_EXPECT_CODE(Call(context, {{"x-request-id", "req-err"}}, "keyboard", &reply),
                  StatusCode::INVALID_ARGUMENT)
      << "without x-tenant nobody owns the order";
  EXPECT_EQ(Get(context.GetServerInitialMetadata(), "x-request-id"), "req-err")
      << "a failed call needs its request id most: add it on every return path, "
         "errors included (a unary handler's headers leave with its status)";
  grpc::ClientContext context2;
  LAB_EXPECT_CODE(Call(context2, {{"x-tenant", "acme"}}, "", &reply),
                  StatusCode::INVALID_ARGUMENT)
      << "an empty item is the caller's error";
}

// 2.6 build/bin/lesson08_server answers on its port and echoes the request id.
TEST(Lesson08Program, ServerBinaryEchoesRequestId) {
  lab::testing::ServerProcess process(lab::testing::MainPath("server"));
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  auto stub = Orders::NewStub(
      grpc::CreateChannel(process.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  SetDeadline(context);
  context.AddMetadata("x-request-id", "from-the-test");
  context.AddMetadata("x-tenant", "acme");
  OrderRequest request;
  request.set_item("cable");
  OrderReply reply;
  LAB_ASSERT_OK(stub->PlaceOrder(&context, request, &reply));
  EXPECT_EQ(Get(context.GetServerInitialMetadata(), "x-request-id"), "from-the-test");
}

// ---------------------------------------------------------------------------------
// Part 3: client.cc against a reference server that records what it saw.
class ReferenceOrders final : public Orders::Service {
 public:
  grpc::Status PlaceOrder(grpc::ServerContext* context, const OrderRequest* request,
                          OrderReply* reply) override {
    std::lock_guard<std::mutex> lock(mu);
    ++calls;
    seen_request_id = Get(context->client_metadata(), "x-request-id");
    seen_tenant = Get(context->client_metadata(), "x-tenant");
    seen_has_request_id = context->client_metadata().count("x-request-id") > 0;
    seen_item = request->item();
    deadline = context->deadline();
    context->AddInitialMetadata("x-request-id", request_id);
    context->AddTrailingMetadata("x-elapsed-us", "1234");
    context->AddTrailingMetadata("x-order-checksum-bin", checksum);
    // Decoys: a client that reads the wrong map finds these instead.
    context->AddInitialMetadata("x-elapsed-us", "99999");
    context->AddTrailingMetadata("x-request-id", "trailer-id");
    if (!status.ok()) return status;
    reply->set_order_id("ref-42");
    return grpc::Status::OK;
  }
  std::mutex mu;
  int calls = 0;
  grpc::Status status = grpc::Status::OK;
  // Bytes a text header could not carry: a NUL, a newline, 0xff.
  const std::string checksum = std::string("\x00\n\xff\x41", 4);
  std::string request_id = "server-id-7";  // what the server sends back
  std::string seen_request_id, seen_tenant, seen_item;
  bool seen_has_request_id = false;
  std::chrono::system_clock::time_point deadline;
};

class Lesson08Client : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    stub_ = server_.NewStub<Orders>();
    request_.set_item("keyboard");
    request_.set_quantity(2);
  }
  ReferenceOrders service_;
  TestServer server_{{&service_}};
  std::unique_ptr<Orders::Stub> stub_;
  OrderRequest request_;
};

// 3.1 The client sends x-request-id and x-tenant as metadata (and no empty request id).
TEST_F(Lesson08Client, SendsRequestIdAndTenant) {
  OrderResult result;
  LAB_ASSERT_OK(PlaceOrder(*stub_, "req-1", "acme", request_, &result));
  {
    std::lock_guard<std::mutex> lock(service_.mu);
    EXPECT_EQ(service_.seen_request_id, "req-1")
        << "send x-request-id as client metadata";
    EXPECT_EQ(service_.seen_tenant, "acme") << "send x-tenant as client metadata";
    EXPECT_EQ(service_.seen_item, "keyboard");
  }
  LAB_ASSERT_OK(PlaceOrder(*stub_, "", "acme", request_, &result));
  std::lock_guard<std::mutex> lock(service_.mu);
  EXPECT_FALSE(service_.seen_has_request_id)
      << "with an empty request id send no x-request-id, so the server makes one";
}

// 3.2 The result holds the reply and the server's request id.
TEST_F(Lesson08Client, ReadsTheServersRequestId) {
  OrderResult result;
  LAB_ASSERT_OK(PlaceOrder(*stub_, "req-1", "acme", request_, &result));
  EXPECT_EQ(result.reply.order_id(), "ref-42");
  EXPECT_EQ(result.request_id, "server-id-7")
      << "read x-request-id where the server puts it: in its headers, "
         "context.GetServerInitialMetadata() (its trailers carry a decoy here)";
}

// 3.3 The result holds the server's checksum (raw bytes) and elapsed time.
TEST_F(Lesson08Client, ReadsChecksumAndElapsed) {
  OrderResult result;
  LAB_ASSERT_OK(PlaceOrder(*stub_, "req-1", "acme", request_, &result));
  EXPECT_EQ(Show(result.checksum), Show(service_.checksum))
      << "read x-order-checksum-bin where the server puts it: in its trailers, "
         "context.GetServerTrailingMetadata(); all 4 bytes (one is a NUL: copy with the "
         "value's size)";
  EXPECT_EQ(result.elapsed_us, 1234)
      << "read x-elapsed-us from the trailers (the headers carry a decoy here)";
}

// 3.4 A server error comes back unchanged, and with it the server's request id.
TEST_F(Lesson08Client, ReturnsServerErrorsWithTheRequestId) {
  service_.status = grpc::Status(StatusCode::PERMISSION_DENIED, "tenant is frozen");
  service_.request_id = "failed-call-id";
  OrderResult result;
  grpc::Status status = PlaceOrder(*stub_, "req-1", "acme", request_, &result);
  LAB_EXPECT_CODE(status, StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(), "tenant is frozen");
  EXPECT_EQ(result.request_id, "failed-call-id")
      << "the server sent x-request-id with its error: a failed call is the one someone "
         "will trace, so fill result->request_id before returning the error (the "
         "context's metadata is there once the call has finished, failed or not)";
}

// 3.5 Every call carries the deadline the caller asked for.
TEST_F(Lesson08Client, SetsTheDeadlineItWasAskedFor) {
  // Two different timeouts: a deadline that ignores the argument fails one of them.
  for (const auto timeout :
       {std::chrono::milliseconds(1500), std::chrono::milliseconds(4000)}) {
    SCOPED_TRACE("timeout " + std::to_string(timeout.count()) + " ms");
    OrderResult result;
    const auto before = std::chrono::system_clock::now();
    LAB_ASSERT_OK(PlaceOrder(*stub_, "req-1", "acme", request_, &result, timeout));
    const auto after = std::chrono::system_clock::now();
    std::lock_guard<std::mutex> lock(service_.mu);
    EXPECT_TRUE(
        lab::testing::DeadlineFollowsTimeout(service_.deadline, before, after, timeout));
  }
}

// 3.6 An invalid request id is refused with INVALID_ARGUMENT and no call is made.
//     (A crash here: gRPC aborts on an unchecked invalid value, and on reading the
//     server's metadata from a context that made no call.)
TEST_F(Lesson08Client, RefusesInvalidMetadataWithoutCalling) {
  OrderResult result;
  LAB_EXPECT_CODE(PlaceOrder(*stub_, "req\n1", "acme", request_, &result),
                  StatusCode::INVALID_ARGUMENT)
      << "a newline cannot travel in a text header: AddRequestMetadata says so";
  std::lock_guard<std::mutex> lock(service_.mu);
  EXPECT_EQ(service_.calls, 0) << "return AddRequestMetadata's error before calling";
}

}  // namespace
}  // namespace lab::metadata
