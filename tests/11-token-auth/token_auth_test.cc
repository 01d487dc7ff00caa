// Lesson 11 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: tokens: SignToken and VerifyToken.
//   Part 2: call credentials: your plugins attach a token, only over TLS, and the
//           refreshing one re-signs before its token expires.
//   Part 3: your TokenAuthProcessor authenticates every call (UNAUTHENTICATED).
//   Part 4: ... and authorizes it by role (PERMISSION_DENIED).
//   Part 5: your Storefront calls Inventory as itself, within the caller's call and
//           a cap, and translates the inventory's errors.
//   Part 6: the server program.
// Every server here listens with TLS from the generated certificates: gRPC runs
// AuthMetadataProcessors only on secure ports and sends call credentials only over
// secure channels.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

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
                           const std::string& key = kKey,
                           const std::string& audience = kInventoryAudience) {
  return ReferenceTokenFromJson(ClaimsToJson({subject, role, issuer, audience, exp}),
                                key);
}

// gRPC 1.51 fails a call whose plugin returns an error with UNAVAILABLE ("Getting
// metadata from plugin failed with error: ..."). A starter's TODO is reported as
// "not started yet" all the same.
grpc::Status FromPlugin(const grpc::Status& status) {
  if (status.error_message().find("TODO(lesson") == std::string::npos) return status;
  return grpc::Status(StatusCode::UNIMPLEMENTED, status.error_message());
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

// An Inventory that records what reached it and answers GetItem as scripted. GetItem
// is a callback-API method (lesson 12) so that a held call hears of its cancellation
// in OnCancel instead of polling IsCancelled().
class RecordingInventory final
    : public Inventory::WithCallbackMethod_GetItem<Inventory::Service> {
 public:
  grpc::ServerUnaryReactor* GetItem(grpc::CallbackServerContext* context,
                                    const GetItemRequest* request, Item* reply) override {
    Record(*context);
    if (block_until_cancelled) return new HeldCall(this);
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    std::lock_guard<std::mutex> lock(mu);
    if (!answer.ok()) {
      reactor->Finish(answer);
      return reactor;
    }
    reply->set_sku(request->sku());
    reply->set_quantity(7);
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  grpc::Status WhoAmI(grpc::ServerContext* context, const WhoAmIRequest*,
                      Caller* reply) override {
    Record(*context);
    reply->set_subject(CallerProperty(*context, kSubjectProperty));
    reply->set_role(CallerProperty(*context, kRoleProperty));
    return grpc::Status::OK;
  }
  void Record(const grpc::ServerContextBase& context) {
    std::lock_guard<std::mutex> lock(mu);
    ++calls;
    for (const auto& [key, value] : context.client_metadata()) {
      if (key == kAuthorizationKey)
        authorization.emplace_back(value.data(), value.size());
    }
    subjects.push_back(CallerProperty(context, kSubjectProperty));
    roles.push_back(CallerProperty(context, kRoleProperty));
    deadlines.push_back(context.deadline());
    arrived.notify_all();
  }
  // A held GetItem: answers only when gRPC cancels the call, and records when.
  class HeldCall final : public grpc::ServerUnaryReactor {
   public:
    explicit HeldCall(RecordingInventory* owner) : owner_(owner) {}
    void OnCancel() override {
      {
        std::lock_guard<std::mutex> lock(owner_->mu);
        owner_->cancelled_at = std::chrono::steady_clock::now();
      }
      owner_->arrived.notify_all();
      Finish(grpc::Status(StatusCode::CANCELLED, "cancelled"));
    }
    void OnDone() override { delete this; }

   private:
    RecordingInventory* owner_;
  };

  std::mutex mu;
  std::condition_variable arrived;
  grpc::Status answer;  // GetItem's answer when not OK
  bool block_until_cancelled = false;
  int calls = 0;
  std::vector<std::string> authorization;  // every authorization value a handler saw
  std::vector<std::string> subjects;
  std::vector<std::string> roles;
  std::vector<std::chrono::system_clock::time_point> deadlines;
  std::optional<std::chrono::steady_clock::time_point> cancelled_at;
};

// A fixed-token plugin written here, so that Part 5 does not depend on yours.
class FixedTokenPlugin final : public grpc::MetadataCredentialsPlugin {
 public:
  explicit FixedTokenPlugin(std::string token) : token_(std::move(token)) {}
  bool IsBlocking() const override { return false; }
  grpc::Status GetMetadata(grpc::string_ref, grpc::string_ref, const grpc::AuthContext&,
                           std::multimap<grpc::string, grpc::string>* metadata) override {
    metadata->insert({kAuthorizationKey, "Bearer " + token_});
    return grpc::Status::OK;
  }

 private:
  const std::string token_;
};

// A clock that moves only when a test says so.
class FakeClock {
 public:
  std::chrono::system_clock::time_point Now() {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Set(std::chrono::system_clock::time_point now) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = now;
  }

 private:
  std::mutex mu_;
  std::chrono::system_clock::time_point now_;
};

// A strict reference verifier for Part 2's refreshing plugin: the test's own HMAC
// check, audience "inventory", and exp checked against the fake clock with NO
// leeway. It consumes nothing, so the RecordingInventory sees every token.
class StrictProcessor final : public grpc::AuthMetadataProcessor {
 public:
  explicit StrictProcessor(FakeClock* clock) : clock_(clock) {}
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& metadata, grpc::AuthContext*, OutputMetadata*,
                       OutputMetadata*) override {
    auto header = metadata.find(kAuthorizationKey);
    if (header == metadata.end()) return {StatusCode::UNAUTHENTICATED, "no token"};
    const std::string value(header->second.data(), header->second.size());
    const std::string token = value.substr(std::string("Bearer ").size());
    const size_t first = token.find('.');
    const size_t second = token.rfind('.');
    std::string payload;
    Claims claims;
    if (value.rfind("Bearer ", 0) != 0 || first == second ||
        Base64UrlEncode(Hmac(kKey, token.substr(0, second))) !=
            token.substr(second + 1) ||
        !Base64UrlDecode(token.substr(first + 1, second - first - 1), &payload) ||
        !ClaimsFromJson(payload, &claims).ok()) {
      return {StatusCode::UNAUTHENTICATED, "not a token signed with the test key"};
    }
    if (claims.audience != kInventoryAudience) {
      return {StatusCode::UNAUTHENTICATED, "token is not for the inventory"};
    }
    if (clock_->Now() >= claims.expires_at) {
      return {StatusCode::UNAUTHENTICATED, "token expired (test clock, no leeway)"};
    }
    return grpc::Status::OK;
  }

 private:
  FakeClock* clock_;
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
  grpc::Status Verify(
      const std::string& token, Claims* claims,
      const std::string& audience = kInventoryAudience,
      std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
    return VerifyToken(token, kKey, kIssuer, audience, now, claims);
  }
};

// 1.1 SignToken writes a JWT: base64url header and claims, and an HMAC-SHA256
//     signature over "header.claims" with the key.
TEST_F(Lesson11Tokens, SignTokenMakesAnHs256Jwt) {
  const Claims claims{"alice", "viewer", kIssuer, kStorefrontAudience,
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
  EXPECT_EQ(decoded.audience, kStorefrontAudience);
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
  EXPECT_EQ(claims.audience, kInventoryAudience);
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

// 1.4 A token expired by more than kClockSkew is UNAUTHENTICATED, even with a good
//     signature.
TEST_F(Lesson11Tokens, VerifyTokenRejectsAnExpiredToken) {
  Claims claims;
  const auto now = std::chrono::system_clock::time_point(1900000000s);
  LAB_EXPECT_CODE(Verify(ReferenceToken("bob", "admin", now - kClockSkew - 1s), &claims,
                         kInventoryAudience, now),
                  StatusCode::UNAUTHENTICATED)
      << "exp is " << (kClockSkew + 1s).count() << " s in the past, beyond the "
      << kClockSkew.count() << " s leeway: a correct signature does not make an old "
      << "token valid";
  LAB_EXPECT_CODE(
      Verify(ReferenceToken("bob", "admin", now - 1h), &claims, kInventoryAudience, now),
      StatusCode::UNAUTHENTICATED)
      << "exp is an hour in the past";
}

// 1.5 Clock skew: a token is still accepted up to kClockSkew after its exp (the
//     signer's clock may run ahead of ours), and not refused before its exp.
TEST_F(Lesson11Tokens, VerifyTokenAllowsClockSkewOnExpiry) {
  Claims claims;
  const auto now = std::chrono::system_clock::time_point(1900000000s);
  LAB_EXPECT_OK(
      Verify(ReferenceToken("bob", "admin", now - 5s), &claims, kInventoryAudience, now))
      << "exp was 5 s ago, within the " << kClockSkew.count()
      << " s leeway (kClockSkew): accept while now < exp + kClockSkew";
  LAB_EXPECT_OK(
      Verify(ReferenceToken("bob", "admin", now + 10s), &claims, kInventoryAudience, now))
      << "exp is 10 s ahead: the token is valid. The leeway is added to exp "
         "(now < exp + kClockSkew), never subtracted from it";
}

// 1.6 A token from another issuer is UNAUTHENTICATED.
TEST_F(Lesson11Tokens, VerifyTokenRejectsAnotherIssuer) {
  Claims claims;
  LAB_EXPECT_CODE(
      Verify(ReferenceToken("bob", "admin", kInAnHour(), "someone-else"), &claims),
      StatusCode::UNAUTHENTICATED)
      << "iss is \"someone-else\", the server trusts only \"" << kIssuer << "\"";
}

// 1.7 A token minted for another audience is UNAUTHENTICATED: a storefront token
//     opens no inventory, and an inventory token opens no storefront.
TEST_F(Lesson11Tokens, VerifyTokenRejectsAnotherAudience) {
  Claims claims;
  const std::string for_storefront =
      ReferenceToken("bob", "viewer", kInAnHour(), kIssuer, kKey, kStorefrontAudience);
  const std::string for_inventory = ReferenceToken("bob", "viewer");
  LAB_EXPECT_CODE(Verify(for_storefront, &claims, kInventoryAudience),
                  StatusCode::UNAUTHENTICATED)
      << "aud is \"storefront\" but the inventory is verifying: compare aud with the "
         "audience argument";
  LAB_EXPECT_CODE(Verify(for_inventory, &claims, kStorefrontAudience),
                  StatusCode::UNAUTHENTICATED)
      << "aud is \"inventory\" but the storefront is verifying";
  LAB_EXPECT_OK(Verify(for_storefront, &claims, kStorefrontAudience))
      << "aud \"storefront\" is right for the storefront";
}

// 1.8 Malformed tokens, and tokens whose header asks for another algorithm, are
//     UNAUTHENTICATED.
TEST_F(Lesson11Tokens, VerifyTokenRejectsMalformedTokens) {
  const std::string claims_json =
      ClaimsToJson({"bob", "admin", kIssuer, kInventoryAudience, kInAnHour()});
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
  LAB_ASSERT_OK(FromPlugin(stub->WhoAmI(&context, WhoAmIRequest(), &caller)));
  EXPECT_THAT(recorder.authorization, ::testing::ElementsAre("Bearer the-token"))
      << "the server should receive exactly one authorization entry, \"Bearer \" "
         "followed by the token";
}

// 2.2 Over a plaintext channel the token is never sent: gRPC 1.51 fails the call
//     with UNAUTHENTICATED before it leaves the client. Both of your credentials.
TEST(Lesson11CallCredentials, TokenIsNeverSentOverPlaintext) {
  RecordingInventory recorder;
  TestServer server({&recorder});  // insecure: anyone on the path could read tokens
  ASSERT_TRUE(server.ok()) << server.error();
  TokenSpec spec;
  spec.key = kKey;
  spec.claims = {"storefront", "service", kIssuer, kInventoryAudience, {}};
  const std::pair<const char*, std::shared_ptr<grpc::CallCredentials>> all[] = {
      {"BearerTokenCredentials", BearerTokenCredentials("secret-token")},
      {"RefreshingTokenCredentials", RefreshingTokenCredentials(spec)}};
  auto stub = Inventory::NewStub(server.NewChannel(grpc::InsecureChannelCredentials()));
  for (const auto& [name, credentials] : all) {
    SCOPED_TRACE(name);
    ASSERT_NE(credentials, nullptr) << "not started yet: " << name << " returned nullptr";
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
}

// The storefront's own credentials against a strict verifier (no leeway) and a
// test clock: what Part 2's refreshing plugin is graded on.
class Lesson11RefreshingCredentials : public ::testing::Test {
 protected:
  static constexpr std::chrono::seconds kLifetime = 2min;  // short on purpose
  static constexpr std::chrono::seconds kMargin = 30s;
  const std::chrono::system_clock::time_point kStart{1900000000s};  // whole seconds

  void SetUp() override {
    clock_.Set(kStart);
    auto credentials = TlsServerCredentials();
    credentials->SetAuthMetadataProcessor(std::make_shared<StrictProcessor>(&clock_));
    server_ = std::make_unique<TestServer>(std::vector<grpc::Service*>{&recorder_},
                                           WithCredentials(credentials));
    ASSERT_TRUE(server_->ok()) << server_->error();
    stub_ = Inventory::NewStub(server_->NewChannel(TlsChannelCredentials()));
    TokenSpec spec;
    spec.key = kKey;
    spec.claims = {"storefront", "service", kIssuer, kInventoryAudience, {}};
    spec.lifetime = kLifetime;
    spec.refresh_margin = kMargin;
    spec.clock = [this] { return clock_.Now(); };
    // Made once, as the storefront's program does; the test keeps a pointer to the
    // plugin to read its signings() counter.
    auto plugin = std::make_unique<RefreshingTokenPlugin>(spec);
    plugin_ = plugin.get();
    credentials_ = grpc::MetadataCredentialsFromPlugin(std::move(plugin));
  }

  // A call at test time `at`, with the one set of credentials.
  grpc::Status CallAt(std::chrono::system_clock::time_point at) {
    clock_.Set(at);
    grpc::ClientContext context;
    SetDeadline(context);
    context.set_credentials(credentials_);
    Caller caller;
    return FromPlugin(stub_->WhoAmI(&context, WhoAmIRequest(), &caller));
  }
  std::vector<std::string> TokensSeen() {
    std::lock_guard<std::mutex> lock(recorder_.mu);
    return recorder_.authorization;
  }

  FakeClock clock_;
  RecordingInventory recorder_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<Inventory::Stub> stub_;
  RefreshingTokenPlugin* plugin_ = nullptr;
  std::shared_ptr<grpc::CallCredentials> credentials_;
};

// 2.3 The refreshing plugin signs once and reuses its token while it has more than
//     the refresh margin left: not one signing per call.
TEST_F(Lesson11RefreshingCredentials, ReusesItsTokenUntilNearExpiry) {
  for (int i = 0; i < 5; ++i) {
    LAB_ASSERT_OK(CallAt(kStart + i * 10s))
        << "call " << i + 1
        << ". This verifier checks exp by the test's clock, which the plugin gets as "
           "spec.clock: read the time with spec_.clock(), not system_clock::now()";
  }
  LAB_ASSERT_OK(CallAt(kStart + kLifetime - kMargin - 1s))
      << "the token has just over the margin left";
  EXPECT_EQ(plugin_->signings(), 1)
      << "6 calls, all while the first token had more than refresh_margin left, "
         "should share one token; the plugin signed "
      << plugin_->signings()
      << ". Keep the token you signed and sign again only when it nears exp";
  const std::vector<std::string> seen = TokensSeen();
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 1u)
      << "every call should have carried the same cached token";
}

// 2.4 ... and signs a new one once the cached token has less than the margin
//     left, so calls keep working after the first token's exp, with few signings.
TEST_F(Lesson11RefreshingCredentials, RefreshesBeforeTheTokenExpires) {
  LAB_ASSERT_OK(CallAt(kStart));
  LAB_EXPECT_OK(CallAt(kStart + kLifetime - kMargin / 2))
      << "the token still has " << (kMargin / 2).count() << " s left";
  EXPECT_EQ(plugin_->signings(), 2)
      << "with " << (kMargin / 2).count() << " s left, less than refresh_margin ("
      << kMargin.count()
      << " s), the plugin must sign a new token before sending: a token sent with "
         "seconds to live can expire on the way or on a server whose clock is "
         "ahead. Signings so far: "
      << plugin_->signings();
  LAB_EXPECT_OK(CallAt(kStart + 3 * kLifetime))
      << "long after the first tokens' exp, calls must still carry a valid token: "
         "the plugin must re-sign, not send the token it signed first forever";
  LAB_EXPECT_OK(CallAt(kStart + 3 * kLifetime + 1s));
  EXPECT_EQ(plugin_->signings(), 3)
      << "4 calls over three lifetimes need 3 tokens; the plugin signed "
      << plugin_->signings();
}

// ---------------------------------------------------------------------------------
// Parts 3 and 4: your processor on a TLS server in front of the given Inventory.
class Lesson11Processor : public ::testing::Test {
 protected:
  void SetUp() override {
    auto credentials = TlsServerCredentials();
    credentials->SetAuthMetadataProcessor(
        std::make_shared<TokenAuthProcessor>(kKey, kInventoryAudience));
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

// 3.4 An expired token (beyond the clock-skew leeway) is UNAUTHENTICATED.
TEST_F(Lesson11Processor, ExpiredTokenIsUnauthenticated) {
  Caller caller;
  LAB_EXPECT_CODE(WhoAmI("Bearer " + ReferenceToken("alice", "viewer",
                                                    std::chrono::system_clock::now() -
                                                        kClockSkew - 5s),
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

// 3.6 A token for another audience is UNAUTHENTICATED: the inventory refuses a
//     storefront token, and a processor for the storefront refuses an inventory
//     token.
TEST_F(Lesson11Processor, TokenForAnotherAudienceIsUnauthenticated) {
  Caller caller;
  LAB_EXPECT_CODE(WhoAmI("Bearer " + ReferenceToken("alice", "viewer", kInAnHour(),
                                                    kIssuer, kKey, kStorefrontAudience),
                         &caller),
                  StatusCode::UNAUTHENTICATED)
      << "alice's token was minted for the storefront (aud \"storefront\"): the "
         "inventory must not accept it. Verify with the processor's own audience";

  auto credentials = TlsServerCredentials();
  credentials->SetAuthMetadataProcessor(
      std::make_shared<TokenAuthProcessor>(kKey, kStorefrontAudience));
  InventoryServiceImpl inventory({{"P1", 5}});
  TestServer front({&inventory}, WithCredentials(credentials));
  ASSERT_TRUE(front.ok()) << front.error();
  auto stub = Inventory::NewStub(front.NewChannel(TlsChannelCredentials()));
  grpc::ClientContext context;
  Authorize(context, "Bearer " + ReferenceToken("alice", "viewer"));
  LAB_EXPECT_CODE(stub->WhoAmI(&context, WhoAmIRequest(), &caller),
                  StatusCode::UNAUTHENTICATED)
      << "a processor made for the storefront (audience \"storefront\") accepted a "
         "token for the inventory: use audience_, not a fixed audience";
  grpc::ClientContext right;
  Authorize(right, "Bearer " + ReferenceToken("alice", "viewer", kInAnHour(), kIssuer,
                                              kKey, kStorefrontAudience));
  LAB_EXPECT_OK(stub->WhoAmI(&right, WhoAmIRequest(), &caller))
      << "a storefront token at a processor for the storefront";
}

// 3.7 Something other than a Bearer token is UNAUTHENTICATED.
TEST_F(Lesson11Processor, NonBearerAuthorizationIsUnauthenticated) {
  Caller caller;
  LAB_EXPECT_CODE(WhoAmI("Basic YWxpY2U6cGFzc3dvcmQ=", &caller),
                  StatusCode::UNAUTHENTICATED);
  LAB_EXPECT_CODE(WhoAmI(ReferenceToken("alice", "viewer"), &caller),
                  StatusCode::UNAUTHENTICATED)
      << "the value must start with \"Bearer \"";
}

// 3.8 The processor consumes the token: handlers never see it.
TEST_F(Lesson11Processor, TokenIsConsumedBeforeTheHandler) {
  RecordingInventory recorder;
  auto credentials = TlsServerCredentials();
  credentials->SetAuthMetadataProcessor(
      std::make_shared<TokenAuthProcessor>(kKey, kInventoryAudience));
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

// 3.9 A connection carries one caller: on the same channel, a call with another
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
// Part 5: service to service. Reference servers with the TableProcessor and a
// fixed-token plugin written here, so only your storefront_service.cc is under test.

// Passes when an Inventory call's deadline lies `expected` after the storefront was
// called (between `before` and `after`), give or take clocks and transport.
::testing::AssertionResult DeadlineAbout(std::chrono::system_clock::time_point deadline,
                                         std::chrono::system_clock::time_point before,
                                         std::chrono::system_clock::time_point after,
                                         std::chrono::milliseconds expected) {
  using std::chrono::milliseconds;
  if (deadline == std::chrono::system_clock::time_point::max()) {
    return ::testing::AssertionFailure()
           << "the Inventory call had no deadline at all; it should have ended "
           << expected.count() << " ms after the storefront was called";
  }
  const auto away = std::chrono::duration_cast<milliseconds>(deadline - before);
  // The deadline crosses the wire as a timeout and each side reads its own clock
  // (a cached one in gRPC's core): a slow build lands tens of ms early.
  const auto low = expected - std::max(milliseconds(100), expected / 10);
  const auto high =
      std::chrono::duration_cast<milliseconds>(after - before) + expected + 250ms;
  if (away >= low && away <= high) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "the Inventory call's deadline was " << away.count()
         << " ms after the storefront was called; expected about " << expected.count()
         << " ms (between " << low.count() << " and " << high.count() << ")";
}

class Lesson11Storefront : public ::testing::Test {
 protected:
  using Table = std::map<std::string, std::pair<std::string, std::string>>;

  void SetUp() override {
    auto backend_credentials = TlsServerCredentials();
    backend_credentials->SetAuthMetadataProcessor(std::make_shared<TableProcessor>(
        Table{{"Bearer storefront-token", {"storefront", "service"}},
              {"Bearer alice-token", {"alice", "viewer"}}}));
    inventory_ = std::make_unique<TestServer>(std::vector<grpc::Service*>{&backend_},
                                              WithCredentials(backend_credentials));
    ASSERT_TRUE(inventory_->ok()) << inventory_->error();
    storefront_ = std::make_unique<StorefrontServiceImpl>(
        inventory_->NewChannel(TlsChannelCredentials()),
        grpc::MetadataCredentialsFromPlugin(
            std::make_unique<FixedTokenPlugin>("storefront-token")));
    auto front_credentials = TlsServerCredentials();
    front_credentials->SetAuthMetadataProcessor(std::make_shared<TableProcessor>(
        Table{{"Bearer alice-token", {"alice", "viewer"}}}));
    front_ = std::make_unique<TestServer>(std::vector<grpc::Service*>{storefront_.get()},
                                          WithCredentials(front_credentials));
    ASSERT_TRUE(front_->ok()) << front_->error();
    stub_ = Storefront::NewStub(front_->NewChannel(TlsChannelCredentials()));
  }

  // Alice calls ShowItem(sku); `context` carries the deadline the test chose.
  grpc::Status ShowItem(grpc::ClientContext& context, const std::string& sku,
                        ShowItemReply* reply) {
    context.AddMetadata(kAuthorizationKey, "Bearer alice-token");
    ShowItemRequest request;
    request.set_sku(sku);
    return stub_->ShowItem(&context, request, reply);
  }
  // ShowItem with a 5 s deadline while the inventory answers `answer`.
  grpc::Status ShowItemWhenInventorySays(const grpc::Status& answer,
                                         const std::string& sku) {
    {
      std::lock_guard<std::mutex> lock(backend_.mu);
      backend_.answer = answer;
    }
    grpc::ClientContext context;
    SetDeadline(context);
    ShowItemReply reply;
    return ShowItem(context, sku, &reply);
  }
  // The deadline of the Inventory call made for one ShowItem with `context`.
  std::chrono::system_clock::time_point InventoryDeadline(grpc::ClientContext& context,
                                                          grpc::Status* status) {
    ShowItemReply reply;
    *status = ShowItem(context, "P9", &reply);
    std::lock_guard<std::mutex> lock(backend_.mu);
    return backend_.deadlines.empty() ? std::chrono::system_clock::time_point()
                                      : backend_.deadlines.back();
  }

  // The Inventory stops first: that cancels a GetItem still held (5.6), so a
  // storefront handler waiting on it without a deadline returns, and the storefront's
  // server can stop in turn.
  void TearDown() override {
    if (inventory_) inventory_->Shutdown(0ms);
  }

  RecordingInventory backend_;
  std::unique_ptr<TestServer> inventory_;
  std::unique_ptr<StorefrontServiceImpl> storefront_;
  std::unique_ptr<TestServer> front_;
  std::unique_ptr<Storefront::Stub> stub_;
};

// 5.1 The Storefront calls Inventory with its own credentials and reports its
//     customer.
TEST_F(Lesson11Storefront, StorefrontCallsInventoryAsItself) {
  grpc::ClientContext context;
  SetDeadline(context);
  ShowItemReply reply;
  LAB_ASSERT_OK(ShowItem(context, "P9", &reply))
      << "if Inventory refused the call, the storefront called it without its own "
         "credentials: set_credentials(own_credentials_) on the Inventory call";
  EXPECT_EQ(reply.item().sku(), "P9");
  EXPECT_EQ(reply.item().quantity(), 7) << "return what Inventory answered";
  EXPECT_EQ(reply.customer(), "alice")
      << "customer is the subject of the caller's token (kSubjectProperty)";
  std::lock_guard<std::mutex> lock(backend_.mu);
  EXPECT_THAT(backend_.subjects, ::testing::ElementsAre("storefront"))
      << "Inventory should see the storefront's identity, not the customer's";
}

// 5.2 The inventory refusing the storefront's own request or credentials
//     (UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT) is the storefront's
//     bug: INTERNAL, and the inventory's message does not reach the customer.
TEST_F(Lesson11Storefront, InventoryRefusingUsIsInternal) {
  for (StatusCode code : {StatusCode::UNAUTHENTICATED, StatusCode::PERMISSION_DENIED,
                          StatusCode::INVALID_ARGUMENT}) {
    SCOPED_TRACE("the inventory answered " + lab::testing::CodeName(code));
    const grpc::Status status = ShowItemWhenInventorySays(
        grpc::Status(code, "inventory-internal: key k-42 on shard 7"), "P9");
    LAB_EXPECT_CODE(status, StatusCode::INTERNAL)
        << "the customer did nothing wrong: the storefront's token or request was "
           "refused. Passing the code on would tell alice that she is not logged in "
           "or not allowed; see the table in lesson 07's README";
    EXPECT_THAT(status.error_message(), ::testing::Not(::testing::HasSubstr("shard 7")))
        << "the inventory's message reached the customer: log it, return your own";
  }
}

// 5.3 NOT_FOUND for the sku the customer named stays NOT_FOUND, with a message of
//     the storefront's own naming the sku; UNAVAILABLE (retry later) and
//     DEADLINE_EXCEEDED (time ran out) keep their codes.
TEST_F(Lesson11Storefront, NotFoundAndTransientErrorsKeepTheirMeaning) {
  const grpc::Status missing = ShowItemWhenInventorySays(
      grpc::Status(StatusCode::NOT_FOUND, "no row for P404 in items_v2"), "P404");
  LAB_EXPECT_CODE(missing, StatusCode::NOT_FOUND)
      << "the customer asked for sku P404 and there is none: that is their answer, "
         "not a server fault";
  EXPECT_THAT(missing.error_message(), ::testing::HasSubstr("P404"))
      << "say which sku is missing";
  EXPECT_THAT(missing.error_message(), ::testing::Not(::testing::HasSubstr("items_v2")))
      << "a message of your own, not the inventory's (it names its tables)";
  LAB_EXPECT_CODE(ShowItemWhenInventorySays(
                      grpc::Status(StatusCode::UNAVAILABLE, "connection refused"), "P9"),
                  StatusCode::UNAVAILABLE)
      << "the inventory is down for a moment: UNAVAILABLE tells the customer to retry "
         "later; INTERNAL would say the storefront is broken";
  LAB_EXPECT_CODE(ShowItemWhenInventorySays(
                      grpc::Status(StatusCode::DEADLINE_EXCEEDED, "too slow"), "P9"),
                  StatusCode::DEADLINE_EXCEEDED)
      << "the time ran out (the customer's deadline or your cap): say so";
}

// 5.4 The Inventory call is capped at kInventoryTimeout: with no caller deadline,
//     and with a caller deadline far away, it ends about kInventoryTimeout later.
TEST_F(Lesson11Storefront, InventoryCallIsCappedAtKInventoryTimeout) {
  // 0: no deadline on purpose, since a caller who sets none must not pin the
  // storefront; then a caller who allows far more than the cap.
  for (std::chrono::seconds allowed : {0s, 60s}) {
    grpc::ClientContext context;
    if (allowed > 0s) SetDeadline(context, allowed);
    grpc::Status status;
    const auto before = std::chrono::system_clock::now();
    const auto deadline = InventoryDeadline(context, &status);
    const auto after = std::chrono::system_clock::now();
    LAB_ASSERT_OK(status);
    EXPECT_TRUE(DeadlineAbout(deadline, before, after, kInventoryTimeout))
        << (allowed > 0s ? "the caller allowed 60 s" : "the caller set no deadline")
        << "; the storefront must still cap its Inventory call at kInventoryTimeout "
           "(propagate, then cap: see the README)";
  }
}

// 5.5 A caller's shorter deadline flows down to the Inventory call.
TEST_F(Lesson11Storefront, CallersDeadlineFlowsDown) {
  for (std::chrono::milliseconds timeout : {500ms, 1000ms}) {
    grpc::ClientContext context;
    const auto before = std::chrono::system_clock::now();
    SetDeadline(context, timeout);
    grpc::Status status;
    const auto deadline = InventoryDeadline(context, &status);
    const auto after = std::chrono::system_clock::now();
    LAB_ASSERT_OK(status);
    EXPECT_TRUE(DeadlineAbout(deadline, before, after, timeout))
        << "the caller gives up after " << timeout.count()
        << " ms; an Inventory call that outlives it is wasted work. Make the "
           "ClientContext with grpc::ClientContext::FromServerContext(*context)";
  }
}

// 5.6 A caller's cancellation flows down: the Inventory call ends at once, not at
//     its own deadline.
TEST_F(Lesson11Storefront, CancellationFlowsDown) {
  backend_.block_until_cancelled = true;
  grpc::ClientContext context;
  SetDeadline(context, 60s);
  grpc::Status status;
  bool finished = false;
  std::thread caller([&] {
    ShowItemReply reply;
    grpc::Status result = ShowItem(context, "P9", &reply);
    std::lock_guard<std::mutex> lock(backend_.mu);
    status = result;
    finished = true;
    backend_.arrived.notify_all();
  });
  {
    std::unique_lock<std::mutex> lock(backend_.mu);
    backend_.arrived.wait_for(lock, 5s, [&] { return backend_.calls > 0 || finished; });
  }
  const auto cancelled = std::chrono::steady_clock::now();
  context.TryCancel();
  caller.join();
  std::unique_lock<std::mutex> lock(backend_.mu);
  if (backend_.calls == 0) {
    LAB_ASSERT_OK(status) << "the storefront never called the inventory";
    FAIL() << "the storefront answered without calling the inventory";
  }
  backend_.arrived.wait_for(lock, 2 * kInventoryTimeout,
                            [&] { return backend_.cancelled_at.has_value(); });
  ASSERT_TRUE(backend_.cancelled_at.has_value())
      << "the Inventory call was never cancelled";
  const auto late = std::chrono::duration_cast<std::chrono::milliseconds>(
      *backend_.cancelled_at - cancelled);
  EXPECT_LT(late.count(), (kInventoryTimeout / 2).count())
      << "the customer cancelled, but the Inventory call went on for " << late.count()
      << " ms, until its own deadline. A fresh ClientContext with a copied deadline "
         "does not hear of cancellation; grpc::ClientContext::FromServerContext does";
}

// ---------------------------------------------------------------------------------
// Part 6: the server program.

// 6.1 build/bin/lesson11_server answers a caller with a valid token over TLS and
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
