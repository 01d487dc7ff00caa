// Lesson 11 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: tokens: SignToken and VerifyToken.
//   Part 2: call credentials: your plugin attaches the token, and only over TLS.
//   Part 3: your TokenAuthProcessor authenticates every call (UNAUTHENTICATED).
//   Part 4: ... and authorizes it by role (PERMISSION_DENIED).
//   Part 5: your Storefront calls Inventory as itself.
//   Part 6: the server program.
// Every server here listens with TLS from the generated certificates: gRPC runs
// AuthMetadataProcessors only on secure ports and sends call credentials only over
// secure channels.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <mutex>

#include "access_policy.h"
#include "auth_processor.h"
#include "bearer_credentials.h"
#include "inventory_service.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "storefront_service.h"
#include "token.h"
#include "token_codec.h"

namespace lab::auth {
namespace {

using grpc::StatusCode;
using lab::testing::CertPath;
using lab::testing::ReadFile;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using lab::testing::WithCredentials;
using namespace std::chrono_literals;

const std::string kKey = "graded-test-key";
const auto kInAnHour = [] { return std::chrono::system_clock::now() + 1h; };

// ---------------------------------------------------------------------------------
// Reference pieces, written here so that each test blames one file only.

std::string Hmac(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

// A token made by the test, not by your SignToken.
std::string ReferenceTokenFromJson(const std::string& claims_json,
                                   const std::string& key = kKey,
                                   const std::string& header_json = kTokenHeaderJson) {
  const std::string signed_part =
      Base64UrlEncode(header_json) + "." + Base64UrlEncode(claims_json);
  return signed_part + "." + Base64UrlEncode(Hmac(key, signed_part));
}

std::string ReferenceToken(const std::string& subject, const std::string& role,
                           std::chrono::system_clock::time_point exp = kInAnHour(),
                           const std::string& issuer = kIssuer,
                           const std::string& key = kKey) {
  return ReferenceTokenFromJson(ClaimsToJson({subject, role, issuer, exp}), key);
}

std::shared_ptr<grpc::ServerCredentials> TlsServerCredentials() {
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back(
      {ReadFile(CertPath("server.key")), ReadFile(CertPath("server.pem"))});
  return grpc::SslServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> TlsChannelCredentials() {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFile(CertPath("ca.pem"));
  return grpc::SslCredentials(options);
}

// An Inventory that records what reached it.
class RecordingInventory final : public Inventory::Service {
 public:
  grpc::Status GetItem(grpc::ServerContext* context, const GetItemRequest* request,
                       Item* reply) override {
    Record(*context);
    reply->set_sku(request->sku());
    reply->set_quantity(7);
    return grpc::Status::OK;
  }
  grpc::Status WhoAmI(grpc::ServerContext* context, const WhoAmIRequest*,
                      Caller* reply) override {
    Record(*context);
    reply->set_subject(CallerProperty(*context, kSubjectProperty));
    reply->set_role(CallerProperty(*context, kRoleProperty));
    return grpc::Status::OK;
  }
  void Record(const grpc::ServerContext& context) {
    std::lock_guard<std::mutex> lock(mu);
    ++calls;
    for (const auto& [key, value] : context.client_metadata()) {
      if (key == kAuthorizationKey)
        authorization.emplace_back(value.data(), value.size());
    }
    subjects.push_back(CallerProperty(context, kSubjectProperty));
    roles.push_back(CallerProperty(context, kRoleProperty));
  }
  std::mutex mu;
  int calls = 0;
  std::vector<std::string> authorization;  // every authorization value a handler saw
  std::vector<std::string> subjects;
  std::vector<std::string> roles;
};

// A processor that knows a fixed list of tokens: the reference for Part 5.
class TableProcessor final : public grpc::AuthMetadataProcessor {
 public:
  explicit TableProcessor(std::map<std::string, std::pair<std::string, std::string>> t)
      : table_(std::move(t)) {}
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed, OutputMetadata*) override {
    auto header = metadata.find(kAuthorizationKey);
    if (header == metadata.end()) return {StatusCode::UNAUTHENTICATED, "no token"};
    auto entry = table_.find(std::string(header->second.data(), header->second.size()));
    if (entry == table_.end()) return {StatusCode::UNAUTHENTICATED, "unknown token"};
    context->AddProperty(kSubjectProperty, entry->second.first);
    context->AddProperty(kRoleProperty, entry->second.second);
    consumed->insert({kAuthorizationKey, entry->first});
    return grpc::Status::OK;
  }

 private:
  std::map<std::string, std::pair<std::string, std::string>> table_;
};

// ---------------------------------------------------------------------------------
// Part 1: tokens.
class Lesson11Tokens : public ::testing::Test {
 protected:
  grpc::Status Verify(const std::string& token, Claims* claims) {
    return VerifyToken(token, kKey, kIssuer, std::chrono::system_clock::now(), claims);
  }
};

// 1.1 SignToken writes a JWT: base64url header and claims, and an HMAC-SHA256
//     signature over "header.claims" with the key.
TEST_F(Lesson11Tokens, SignTokenMakesAnHs256Jwt) {
  const Claims claims{"alice", "viewer", kIssuer,
                      std::chrono::system_clock::time_point(1900000000s)};
  std::string token;
  LAB_ASSERT_OK(SignToken(claims, kKey, &token));
  const std::vector<std::string> parts = [&] {
    std::vector<std::string> out(1);
    for (char c : token) {
      if (c == '.') {
        out.emplace_back();
      } else {
        out.back().push_back(c);
      }
    }
    return out;
  }();
  ASSERT_EQ(parts.size(), 3u) << "a JWT is header.claims.signature, got \"" << token
                              << "\"";
  std::string header;
  std::string payload;
  std::string signature;
  ASSERT_TRUE(Base64UrlDecode(parts[0], &header)) << "header is not base64url";
  ASSERT_TRUE(Base64UrlDecode(parts[1], &payload)) << "claims are not base64url";
  ASSERT_TRUE(Base64UrlDecode(parts[2], &signature)) << "signature is not base64url";
  EXPECT_TRUE(IsHs256Header(header)) << "header: " << header;
  Claims decoded;
  LAB_ASSERT_OK(ClaimsFromJson(payload, &decoded)) << "claims: " << payload;
  EXPECT_EQ(decoded.subject, "alice");
  EXPECT_EQ(decoded.role, "viewer");
  EXPECT_EQ(decoded.issuer, kIssuer);
  EXPECT_EQ(decoded.expires_at, claims.expires_at);
  EXPECT_EQ(signature, Hmac(kKey, parts[0] + "." + parts[1]))
      << "the signature must be HMAC(EVP_sha256(), key, \"<header>.<claims>\"), over "
         "the base64url text of both parts with the dot";

  LAB_EXPECT_CODE(SignToken(claims, "", &token), StatusCode::INVALID_ARGUMENT)
      << "an empty key signs nothing";
}

// 1.2 VerifyToken accepts a valid token and returns its claims.
TEST_F(Lesson11Tokens, VerifyTokenAcceptsAValidToken) {
  Claims claims;
  LAB_ASSERT_OK(Verify(ReferenceToken("bob", "admin"), &claims));
  EXPECT_EQ(claims.subject, "bob");
  EXPECT_EQ(claims.role, "admin");
  EXPECT_EQ(claims.issuer, kIssuer);
}

// 1.3 A forged token (another key, or claims changed after signing) is
//     UNAUTHENTICATED.
TEST_F(Lesson11Tokens, VerifyTokenRejectsAForgedToken) {
  Claims claims;
  LAB_EXPECT_CODE(
      Verify(ReferenceToken("bob", "admin", kInAnHour(), kIssuer, "not-the-key"),
             &claims),
      StatusCode::UNAUTHENTICATED)
      << "signed with another key";
  // Take a viewer's token and swap in claims that say admin, keeping the signature.
  const std::string viewer = ReferenceToken("bob", "viewer");
  const std::string admin = ReferenceToken("bob", "admin");
  const std::string forged =
      viewer.substr(0, viewer.find('.')) +
      admin.substr(admin.find('.'), admin.rfind('.') - admin.find('.')) +
      viewer.substr(viewer.rfind('.'));
  LAB_EXPECT_CODE(Verify(forged, &claims), StatusCode::UNAUTHENTICATED)
      << "the claims were changed after signing: recompute the HMAC over the token's "
         "first two parts and compare";
  EXPECT_NE(claims.role, "admin") << "*claims must stay untouched on an error";
}

// 1.4 An expired token is UNAUTHENTICATED, even with a good signature.
TEST_F(Lesson11Tokens, VerifyTokenRejectsAnExpiredToken) {
  Claims claims;
  LAB_EXPECT_CODE(
      Verify(ReferenceToken("bob", "admin", std::chrono::system_clock::now() - 1s),
             &claims),
      StatusCode::UNAUTHENTICATED)
      << "exp is in the past: a correct signature does not make an old token valid";
}

// 1.5 A token from another issuer is UNAUTHENTICATED.
TEST_F(Lesson11Tokens, VerifyTokenRejectsAnotherIssuer) {
  Claims claims;
  LAB_EXPECT_CODE(
      Verify(ReferenceToken("bob", "admin", kInAnHour(), "someone-else"), &claims),
      StatusCode::UNAUTHENTICATED)
      << "iss is \"someone-else\", the server trusts only \"" << kIssuer << "\"";
}

// 1.6 Malformed tokens, and tokens whose header asks for another algorithm, are
//     UNAUTHENTICATED.
TEST_F(Lesson11Tokens, VerifyTokenRejectsMalformedTokens) {
  const std::string claims_json = ClaimsToJson({"bob", "admin", kIssuer, kInAnHour()});
  const std::string unsigned_token = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") +
                                     "." + Base64UrlEncode(claims_json) + ".";
  for (const std::string& token :
       {std::string(""), std::string("abc"), std::string("a.b"),
        ReferenceToken("bob", "admin") + ".x", std::string("!!.??.**"), unsigned_token,
        ReferenceTokenFromJson(claims_json, kKey, R"({"alg":"HS512","typ":"JWT"})")}) {
    Claims claims;
    LAB_EXPECT_CODE(Verify(token, &claims), StatusCode::UNAUTHENTICATED)
        << "token \"" << token << "\"";
  }
}

// ---------------------------------------------------------------------------------
// Part 2: call credentials.

// 2.1 BearerTokenCredentials sends "authorization: Bearer <token>" with the call.
TEST(Lesson11CallCredentials, PluginAttachesTheBearerToken) {
  RecordingInventory recorder;
  TestServer server({&recorder}, WithCredentials(TlsServerCredentials()));
  ASSERT_TRUE(server.ok()) << server.error();
  auto credentials = BearerTokenCredentials("the-token");
  ASSERT_NE(credentials, nullptr)
      << "not started yet: BearerTokenCredentials returned nullptr (edit "
         "lessons/11-token-auth/bearer_credentials.cc)";
  auto stub = Inventory::NewStub(server.NewChannel(TlsChannelCredentials()));
  grpc::ClientContext context;
  SetDeadline(context);
  context.set_credentials(credentials);
  Caller caller;
  LAB_ASSERT_OK(stub->WhoAmI(&context, WhoAmIRequest(), &caller));
  EXPECT_THAT(recorder.authorization, ::testing::ElementsAre("Bearer the-token"))
      << "the server should receive exactly one authorization entry, \"Bearer \" "
         "followed by the token";
}

// 2.2 Over a plaintext channel the token is never sent: gRPC 1.51 fails the call
//     with UNAUTHENTICATED before it leaves the client.
TEST(Lesson11CallCredentials, TokenIsNeverSentOverPlaintext) {
  RecordingInventory recorder;
  TestServer server({&recorder});  // insecure: anyone on the path could read tokens
  ASSERT_TRUE(server.ok()) << server.error();
  auto credentials = BearerTokenCredentials("secret-token");
  ASSERT_NE(credentials, nullptr) << "not started yet: BearerTokenCredentials";
  auto stub = Inventory::NewStub(server.NewChannel(grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  SetDeadline(context);
  context.set_credentials(credentials);
  Caller caller;
  grpc::Status status = stub->WhoAmI(&context, WhoAmIRequest(), &caller);
  EXPECT_THAT(recorder.authorization, ::testing::IsEmpty())
      << "the token crossed a plaintext connection. Keep gRPC's default minimum "
         "security level: grpc::MetadataCredentialsFromPlugin(plugin), not the "
         "experimental overload with GRPC_SECURITY_NONE";
  LAB_EXPECT_CODE(status, StatusCode::UNAUTHENTICATED)
      << "gRPC refuses to put call credentials on an insecure channel";
}

// ---------------------------------------------------------------------------------
// Parts 3 and 4: your processor on a TLS server in front of the given Inventory.
class Lesson11Processor : public ::testing::Test {
 protected:
  void SetUp() override {
    auto credentials = TlsServerCredentials();
    credentials->SetAuthMetadataProcessor(std::make_shared<TokenAuthProcessor>(kKey));
    server_ = std::make_unique<TestServer>(std::vector<grpc::Service*>{&inventory_},
                                           WithCredentials(credentials));
    ASSERT_TRUE(server_->ok()) << server_->error();
    channel_ = server_->NewChannel(TlsChannelCredentials());
    stub_ = Inventory::NewStub(channel_);
  }

  // Prepares a call carrying `authorization` as is ("" = no token at all).
  void Authorize(grpc::ClientContext& context, const std::string& authorization) {
    SetDeadline(context);
    if (!authorization.empty()) context.AddMetadata(kAuthorizationKey, authorization);
  }

  grpc::Status WhoAmI(const std::string& authorization, Caller* caller) {
    grpc::ClientContext context;
    Authorize(context, authorization);
    return stub_->WhoAmI(&context, WhoAmIRequest(), caller);
  }
  grpc::Status GetItem(const std::string& token) {
    grpc::ClientContext context;
    Authorize(context, "Bearer " + token);
    GetItemRequest request;
    request.set_sku("P1");
    Item item;
    return stub_->GetItem(&context, request, &item);
  }
  grpc::Status SetItem(const std::string& token) {
    grpc::ClientContext context;
    Authorize(context, "Bearer " + token);
    SetItemRequest request;
    request.set_sku("P1");
    request.set_quantity(3);
    Item item;
    return stub_->SetItem(&context, request, &item);
  }

  InventoryServiceImpl inventory_{{{"P1", 5}}};
  std::unique_ptr<TestServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Inventory::Stub> stub_;
};

// 3.1 A valid token reaches the handler, which finds the subject and role in the
//     AuthContext.
TEST_F(Lesson11Processor, ValidTokenCarriesTheCallersIdentity) {
  Caller caller;
  LAB_ASSERT_OK(WhoAmI("Bearer " + ReferenceToken("alice", "viewer"), &caller));
  EXPECT_EQ(caller.subject(), "alice") << "AddProperty(kSubjectProperty, sub)";
  EXPECT_EQ(caller.role(), "viewer") << "AddProperty(kRoleProperty, role)";
}

// 3.2 A call without a token is UNAUTHENTICATED.
TEST_F(Lesson11Processor, MissingTokenIsUnauthenticated) {
  Caller caller;
  LAB_EXPECT_CODE(WhoAmI("", &caller), StatusCode::UNAUTHENTICATED);
}

// 3.3 A forged token is UNAUTHENTICATED.
TEST_F(Lesson11Processor, ForgedTokenIsUnauthenticated) {
  Caller caller;
  LAB_EXPECT_CODE(WhoAmI("Bearer " + ReferenceToken("alice", "admin", kInAnHour(),
                                                    kIssuer, "guessed-key"),
                         &caller),
                  StatusCode::UNAUTHENTICATED)
      << "signed with a key the server does not have";
}

// 3.4 An expired token is UNAUTHENTICATED.
TEST_F(Lesson11Processor, ExpiredTokenIsUnauthenticated) {
  Caller caller;
  LAB_EXPECT_CODE(
      WhoAmI("Bearer " +
                 ReferenceToken("alice", "viewer", std::chrono::system_clock::now() - 1s),
             &caller),
      StatusCode::UNAUTHENTICATED);
}

// 3.5 A token from another issuer is UNAUTHENTICATED.
TEST_F(Lesson11Processor, WrongIssuerIsUnauthenticated) {
  Caller caller;
  LAB_EXPECT_CODE(
      WhoAmI("Bearer " + ReferenceToken("alice", "viewer", kInAnHour(), "evil-corp"),
             &caller),
      StatusCode::UNAUTHENTICATED);
}

// 3.6 Something other than a Bearer token is UNAUTHENTICATED.
TEST_F(Lesson11Processor, NonBearerAuthorizationIsUnauthenticated) {
  Caller caller;
  LAB_EXPECT_CODE(WhoAmI("Basic YWxpY2U6cGFzc3dvcmQ=", &caller),
                  StatusCode::UNAUTHENTICATED);
  LAB_EXPECT_CODE(WhoAmI(ReferenceToken("alice", "viewer"), &caller),
                  StatusCode::UNAUTHENTICATED)
      << "the value must start with \"Bearer \"";
}

// 3.7 The processor consumes the token: handlers never see it.
TEST_F(Lesson11Processor, TokenIsConsumedBeforeTheHandler) {
  RecordingInventory recorder;
  auto credentials = TlsServerCredentials();
  credentials->SetAuthMetadataProcessor(std::make_shared<TokenAuthProcessor>(kKey));
  TestServer server({&recorder}, WithCredentials(credentials));
  ASSERT_TRUE(server.ok()) << server.error();
  auto stub = Inventory::NewStub(server.NewChannel(TlsChannelCredentials()));
  grpc::ClientContext context;
  Authorize(context, "Bearer " + ReferenceToken("alice", "viewer"));
  Caller caller;
  LAB_ASSERT_OK(stub->WhoAmI(&context, WhoAmIRequest(), &caller));
  EXPECT_THAT(recorder.authorization, ::testing::IsEmpty())
      << "put the authorization entry in *consumed_auth_metadata so that handlers "
         "cannot log or forward the token";
}

// 3.8 A connection carries one caller: on the same channel, a call with another
//     caller's token is UNAUTHENTICATED and never runs as the first caller; on a new
//     connection it is fine.
TEST_F(Lesson11Processor, ConnectionIsBoundToItsFirstCaller) {
  Caller caller;
  LAB_ASSERT_OK(WhoAmI("Bearer " + ReferenceToken("alice", "viewer"), &caller));
  ASSERT_EQ(caller.subject(), "alice");
  grpc::Status status = WhoAmI("Bearer " + ReferenceToken("bob", "viewer"), &caller);
  LAB_EXPECT_CODE(status, StatusCode::UNAUTHENTICATED)
      << "the connection already carries alice's calls. gRPC 1.51 keeps the "
         "AuthContext per connection and AddProperty appends, so the handler saw "
      << "subject \"" << (status.ok() ? caller.subject() : "?")
      << "\" for bob's call. Check who the context is already bound to";
  LAB_EXPECT_CODE(WhoAmI("Bearer " + ReferenceToken("alice", "admin"), &caller),
                  StatusCode::UNAUTHENTICATED)
      << "same subject, another role: also another caller";
  LAB_ASSERT_OK(WhoAmI("Bearer " + ReferenceToken("alice", "viewer"), &caller))
      << "the bound caller keeps working on its connection";
  EXPECT_EQ(caller.subject(), "alice");

  grpc::ChannelArguments own_connection;
  own_connection.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto bob =
      Inventory::NewStub(server_->NewChannel(TlsChannelCredentials(), own_connection));
  grpc::ClientContext context;
  Authorize(context, "Bearer " + ReferenceToken("bob", "viewer"));
  LAB_ASSERT_OK(bob->WhoAmI(&context, WhoAmIRequest(), &caller))
      << "bob on a connection of his own";
  EXPECT_EQ(caller.subject(), "bob");
}

// 4.1 A viewer may read but not write: SetItem is PERMISSION_DENIED.
TEST_F(Lesson11Processor, ViewerMayReadButNotWrite) {
  const std::string viewer = ReferenceToken("alice", "viewer");
  LAB_EXPECT_OK(GetItem(viewer));
  LAB_EXPECT_CODE(SetItem(viewer), StatusCode::PERMISSION_DENIED)
      << "the caller is known (authenticated) but not allowed (authorized): "
         "PERMISSION_DENIED, not UNAUTHENTICATED";
}

// 4.2 An admin may read and write.
TEST_F(Lesson11Processor, AdminMayReadAndWrite) {
  const std::string admin = ReferenceToken("root", "admin");
  LAB_EXPECT_OK(GetItem(admin));
  LAB_EXPECT_OK(SetItem(admin));
}

// 4.3 A role that the policy does not know is denied on every method.
TEST_F(Lesson11Processor, UnknownRoleIsDeniedEverywhere) {
  const std::string guest = ReferenceToken("mallory", "guest");
  LAB_EXPECT_CODE(GetItem(guest), StatusCode::PERMISSION_DENIED)
      << "GetItem allows viewer, admin, service: check the role on every method";
  LAB_EXPECT_CODE(SetItem(guest), StatusCode::PERMISSION_DENIED);
  Caller caller;
  LAB_EXPECT_CODE(WhoAmI("Bearer " + guest, &caller), StatusCode::PERMISSION_DENIED)
      << "WhoAmI allows viewer, admin, service";
}

// 4.4 Authorize denies by default: a method the policy does not list is closed to
//     every role.
TEST(Lesson11Authorize, UnlistedMethodIsDeniedToEveryone) {
  for (const char* role : {"viewer", "admin", "service"}) {
    LAB_EXPECT_CODE(Authorize("/lab.auth.Inventory/DeleteEverything", role),
                    StatusCode::PERMISSION_DENIED)
        << "role " << role;
  }
  LAB_EXPECT_OK(Authorize("/lab.auth.Inventory/SetItem", "admin"));
  LAB_EXPECT_CODE(Authorize("/lab.auth.Inventory/SetItem", "service"),
                  StatusCode::PERMISSION_DENIED);
}

// ---------------------------------------------------------------------------------
// Part 5: service to service. Reference servers with the TableProcessor, so only
// your storefront_service.cc is under test.

// 5.1 The Storefront calls Inventory with its own token and reports its customer.
TEST(Lesson11ServiceToService, StorefrontCallsInventoryAsItself) {
  RecordingInventory backend;
  auto backend_credentials = TlsServerCredentials();
  backend_credentials->SetAuthMetadataProcessor(std::make_shared<TableProcessor>(
      std::map<std::string, std::pair<std::string, std::string>>{
          {"Bearer storefront-token", {"storefront", "service"}},
          {"Bearer alice-token", {"alice", "viewer"}}}));
  TestServer inventory({&backend}, WithCredentials(backend_credentials));
  ASSERT_TRUE(inventory.ok()) << inventory.error();

  StorefrontServiceImpl storefront(inventory.NewChannel(TlsChannelCredentials()),
                                   "storefront-token");
  auto front_credentials = TlsServerCredentials();
  front_credentials->SetAuthMetadataProcessor(std::make_shared<TableProcessor>(
      std::map<std::string, std::pair<std::string, std::string>>{
          {"Bearer alice-token", {"alice", "viewer"}}}));
  TestServer front({&storefront}, WithCredentials(front_credentials));
  ASSERT_TRUE(front.ok()) << front.error();

  auto stub = Storefront::NewStub(front.NewChannel(TlsChannelCredentials()));
  grpc::ClientContext context;
  SetDeadline(context);
  context.AddMetadata(kAuthorizationKey, "Bearer alice-token");
  ShowItemRequest request;
  request.set_sku("P9");
  ShowItemReply reply;
  LAB_ASSERT_OK(stub->ShowItem(&context, request, &reply))
      << "if Inventory said UNAUTHENTICATED, the storefront called it without its "
         "own token: call.set_credentials(BearerTokenCredentials(own_token_))";
  EXPECT_EQ(reply.item().sku(), "P9");
  EXPECT_EQ(reply.item().quantity(), 7) << "return what Inventory answered";
  EXPECT_EQ(reply.customer(), "alice")
      << "customer is the subject of the caller's token (kSubjectProperty)";
  std::lock_guard<std::mutex> lock(backend.mu);
  EXPECT_THAT(backend.subjects, ::testing::ElementsAre("storefront"))
      << "Inventory should see the storefront's identity, not the customer's";
}

// ---------------------------------------------------------------------------------
// Part 6: the server program.

// 6.1 build/bin/lessonNN_server answers a caller with a valid token over TLS and
//     refuses one without.
TEST(Lesson11Program, ServerBinaryRequiresATokenOverTls) {
  lab::testing::ServerProcess process(lab::testing::MainPath("server"),
                                      {"--cert", CertPath("server.pem"), "--key",
                                       CertPath("server.key"), "--secret", kKey});
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  auto stub =
      Inventory::NewStub(grpc::CreateChannel(process.address(), TlsChannelCredentials()));
  Caller caller;
  {
    grpc::ClientContext context;
    SetDeadline(context);
    context.set_credentials(grpc::AccessTokenCredentials(ReferenceToken("ada", "admin")));
    LAB_EXPECT_OK(stub->WhoAmI(&context, WhoAmIRequest(), &caller));
    EXPECT_EQ(caller.subject(), "ada");
  }
  {
    grpc::ClientContext context;
    SetDeadline(context);
    LAB_EXPECT_CODE(stub->WhoAmI(&context, WhoAmIRequest(), &caller),
                    StatusCode::UNAUTHENTICATED);
  }
}

}  // namespace
}  // namespace lab::auth
