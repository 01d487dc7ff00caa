// Lesson 10 graded tests: read top to bottom, they are the lesson's task list.
//   Part 1: TLS. Your server credentials with a reference client, your channel
//           credentials against reference servers (good ones and broken ones).
//   Part 2: mutual TLS, both sides.
//   Part 3: your WhoAmI handler reads the caller's certificate.
//   Part 4: certificate rotation without a restart.
//   Part 5: the server program serves TLS only.
// Every refused case asserts what a gRPC 1.51 client really sees: the handshake
// fails, the connection attempt fails, and the call ends UNAVAILABLE.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "identity_service.h"
#include "lab/process.h"
#include "lab/testing.h"
#include "pem_file.h"
#include "tls_config.h"

namespace lab::tls {
namespace {

using grpc::StatusCode;
using lab::testing::CertPath;
using lab::testing::ReadFile;
using lab::testing::SetDeadline;
using lab::testing::TestServer;
using lab::testing::WithCredentials;
using namespace std::chrono_literals;

// A refused handshake fails within milliseconds on loopback; this only bounds a bug.
constexpr std::chrono::milliseconds kRefusedDeadline = 3000ms;

KeyPairFiles Pair(const std::string& name) {
  return {CertPath(name + ".pem"), CertPath(name + ".key")};
}

// Reference credentials, written with gRPC's API directly, so that each test blames
// only one side.
std::shared_ptr<grpc::ServerCredentials> ReferenceServer(
    const std::string& name, grpc_ssl_client_certificate_request_type client_cert =
                                 GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE) {
  grpc::SslServerCredentialsOptions options(client_cert);
  options.pem_root_certs = ReadFile(CertPath("ca.pem"));
  options.pem_key_cert_pairs.push_back(
      {ReadFile(CertPath(name + ".key")), ReadFile(CertPath(name + ".pem"))});
  return grpc::SslServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> ReferenceClient(
    const std::string& client_name = "", const std::string& ca = "ca.pem") {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFile(CertPath(ca));
  if (!client_name.empty()) {
    options.pem_cert_chain = ReadFile(CertPath(client_name + ".pem"));
    options.pem_private_key = ReadFile(CertPath(client_name + ".key"));
  }
  return grpc::SslCredentials(options);
}

// A channel with its own connection: gRPC otherwise shares one connection between
// channels with the same target and settings, and a test about handshakes needs a
// fresh handshake every time.
std::shared_ptr<grpc::Channel> FreshChannel(
    const std::string& address, std::shared_ptr<grpc::ChannelCredentials> credentials) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, credentials, args);
}

grpc::Status Echo(const std::string& address,
                  std::shared_ptr<grpc::ChannelCredentials> credentials,
                  std::chrono::milliseconds deadline = lab::testing::kRpcDeadline,
                  std::string* served_certificate = nullptr) {
  auto stub = Identity::NewStub(FreshChannel(address, credentials));
  EchoRequest request;
  request.set_text("ping");
  EchoReply reply;
  grpc::ClientContext context;
  SetDeadline(context, deadline);
  grpc::Status status = stub->Echo(&context, request, &reply);
  if (status.ok() && reply.text() != "ping") {
    return grpc::Status(StatusCode::INTERNAL, "Echo changed the text");
  }
  // On the client, the AuthContext describes the server: its certificate is there.
  if (status.ok() && served_certificate != nullptr) {
    auto auth = context.auth_context();
    auto pem = auth->FindPropertyValues("x509_pem_cert");
    served_certificate->assign(pem.empty() ? ""
                                           : std::string(pem[0].data(), pem[0].size()));
  }
  return status;
}

grpc::Status WhoAmI(const std::string& address,
                    std::shared_ptr<grpc::ChannelCredentials> credentials,
                    WhoAmIReply* reply) {
  auto stub = Identity::NewStub(FreshChannel(address, credentials));
  grpc::ClientContext context;
  SetDeadline(context);
  return stub->WhoAmI(&context, WhoAmIRequest(), reply);
}

// ---------------------------------------------------------------------------------
// Part 1: TLS.
class Lesson10Tls : public ::testing::Test {
 protected:
  // A server with the learner's credentials; null (and a failure) if there are none.
  std::unique_ptr<TestServer> StartLearnersServer() {
    std::shared_ptr<grpc::ServerCredentials> credentials;
    grpc::Status status = MakeServerCredentials(Pair("server"), &credentials);
    EXPECT_TRUE(lab::testing::IsOk(status)) << "MakeServerCredentials(server.pem)";
    if (!status.ok()) return nullptr;
    if (credentials == nullptr) {
      ADD_FAILURE() << "MakeServerCredentials returned OK but left *out empty";
      return nullptr;
    }
    auto server = std::make_unique<TestServer>(std::vector<grpc::Service*>{&service_},
                                               WithCredentials(credentials));
    EXPECT_TRUE(server->ok()) << server->error();
    return server->ok() ? std::move(server) : nullptr;
  }

  // The learner's channel credentials, trusting the lab CA.
  std::shared_ptr<grpc::ChannelCredentials> LearnersClient() {
    std::shared_ptr<grpc::ChannelCredentials> credentials;
    grpc::Status status = MakeChannelCredentials(CertPath("ca.pem"), &credentials);
    EXPECT_TRUE(lab::testing::IsOk(status)) << "MakeChannelCredentials(ca.pem)";
    if (status.ok() && credentials == nullptr) {
      ADD_FAILURE() << "MakeChannelCredentials returned OK but left *out empty";
    }
    return status.ok() ? credentials : nullptr;
  }

  // A reference server presenting the certificate `name`.pem.
  std::unique_ptr<TestServer> StartReferenceServer(const std::string& name) {
    auto server = std::make_unique<TestServer>(std::vector<grpc::Service*>{&service_},
                                               WithCredentials(ReferenceServer(name)));
    EXPECT_TRUE(server->ok()) << server->error();
    return server;
  }

  IdentityServiceImpl service_;
};

// 1.1 A client that trusts the lab CA gets an answer from your TLS server.
TEST_F(Lesson10Tls, ServerAnswersAClientThatTrustsTheCa) {
  auto server = StartLearnersServer();
  if (!server) return;
  LAB_EXPECT_OK(Echo(server->address(), ReferenceClient()))
      << "a client trusting ca.pem called your server over TLS: the handshake should "
         "succeed with server.pem and server.key";
}

// 1.2 A plaintext client is refused: the server speaks TLS only.
TEST_F(Lesson10Tls, ServerRefusesAPlaintextClient) {
  auto server = StartLearnersServer();
  if (!server) return;
  LAB_EXPECT_CODE(
      Echo(server->address(), grpc::InsecureChannelCredentials(), kRefusedDeadline),
      StatusCode::UNAVAILABLE)
      << "a plaintext HTTP/2 client must not get through to a TLS port; the server "
         "closes the connection and the client sees UNAVAILABLE";
}

// 1.3 Your client credentials reach a server whose certificate the lab CA signed.
TEST_F(Lesson10Tls, ClientTrustsTheLabCa) {
  auto server = StartReferenceServer("server");
  auto credentials = LearnersClient();
  if (!credentials) return;
  LAB_EXPECT_OK(Echo(server->address(), credentials))
      << "MakeChannelCredentials must trust the CA in ca_path (pem_root_certs); "
         "without it gRPC uses the system's public CAs, which never signed "
         "server.pem";
}

// 1.4 Your client refuses a server whose certificate another CA signed.
TEST_F(Lesson10Tls, ClientRefusesAnUntrustedCa) {
  auto server = StartReferenceServer("untrusted-server");
  auto credentials = LearnersClient();
  if (!credentials) return;
  LAB_EXPECT_CODE(Echo(server->address(), credentials, kRefusedDeadline),
                  StatusCode::UNAVAILABLE)
      << "untrusted-server.pem is signed by other-ca.pem, which the client does not "
         "trust: the handshake must fail (certificate verify failed)";
}

// 1.5 Your client refuses a certificate that does not name the host it dialled.
TEST_F(Lesson10Tls, ClientRefusesTheWrongHostName) {
  auto server = StartReferenceServer("wrong-host-server");
  auto credentials = LearnersClient();
  if (!credentials) return;
  LAB_EXPECT_CODE(Echo(server->address(), credentials, kRefusedDeadline),
                  StatusCode::UNAVAILABLE)
      << "wrong-host-server.pem is valid only for wrong.example; a client that "
         "dialled 127.0.0.1 must refuse it (peer name is not in peer certificate)";
}

// 1.6 Your client refuses an expired certificate, even one the right CA signed.
TEST_F(Lesson10Tls, ClientRefusesAnExpiredCertificate) {
  auto server = StartReferenceServer("expired-server");
  auto credentials = LearnersClient();
  if (!credentials) return;
  LAB_EXPECT_CODE(Echo(server->address(), credentials, kRefusedDeadline),
                  StatusCode::UNAVAILABLE)
      << "expired-server.pem was valid only on 2020-01-01: the handshake must fail";
}

// 1.7 A file that cannot be read is an error you return, not a crash or an empty
//     credential.
TEST_F(Lesson10Tls, UnreadableFilesAreErrors) {
  std::shared_ptr<grpc::ServerCredentials> server;
  grpc::Status status =
      MakeServerCredentials({"/nonexistent/server.pem", CertPath("server.key")}, &server);
  if (lab::testing::IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
  LAB_EXPECT_CODE(status, StatusCode::NOT_FOUND)
      << "return what ReadPemFile returned for a missing certificate file";
  EXPECT_EQ(server, nullptr) << "on an error, leave *out alone";

  std::shared_ptr<grpc::ChannelCredentials> channel;
  LAB_EXPECT_CODE(MakeChannelCredentials("/nonexistent/ca.pem", &channel),
                  StatusCode::NOT_FOUND);
  EXPECT_EQ(channel, nullptr) << "on an error, leave *out alone";
}

// ---------------------------------------------------------------------------------
// Part 2: mutual TLS.
class Lesson10MutualTls : public Lesson10Tls {
 protected:
  void SetUp() override {
    std::shared_ptr<grpc::ServerCredentials> credentials;
    grpc::Status status =
        MakeMutualTlsServerCredentials(Pair("server"), CertPath("ca.pem"), &credentials);
    ASSERT_TRUE(lab::testing::IsOk(status)) << "MakeMutualTlsServerCredentials";
    ASSERT_NE(credentials, nullptr) << "OK but *out is empty";
    server_ = std::make_unique<TestServer>(std::vector<grpc::Service*>{&service_},
                                           WithCredentials(credentials));
    ASSERT_TRUE(server_->ok()) << server_->error();
  }
  std::unique_ptr<TestServer> server_;
};

// 2.1 A client with a certificate the CA signed gets through, with your credentials
//     on both sides.
TEST_F(Lesson10MutualTls, ClientWithCertificateIsAccepted) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  LAB_ASSERT_OK(
      MakeMutualTlsChannelCredentials(CertPath("ca.pem"), Pair("client"), &credentials));
  ASSERT_NE(credentials, nullptr);
  LAB_EXPECT_OK(Echo(server_->address(), credentials))
      << "your mutual TLS client (client.pem, client.key) called your mutual TLS "
         "server";
}

// 2.2 A client without a certificate is refused.
TEST_F(Lesson10MutualTls, ClientWithoutCertificateIsRefused) {
  LAB_EXPECT_CODE(Echo(server_->address(), ReferenceClient(), kRefusedDeadline),
                  StatusCode::UNAVAILABLE)
      << "a client that presents no certificate must not get an answer: the server "
         "has to REQUIRE one (GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_...), "
         "asking for it is not enough";
}

// 2.3 A client whose certificate the CA did not sign is refused.
TEST_F(Lesson10MutualTls, CertificateFromAnotherCaIsRefused) {
  LAB_EXPECT_CODE(
      Echo(server_->address(), ReferenceClient("untrusted-server"), kRefusedDeadline),
      StatusCode::UNAVAILABLE)
      << "this client presents a certificate signed by other-ca.pem: the server must "
         "VERIFY the certificate against client_ca_path, not just require one";
}

// 2.4 Your mutual TLS client presents its certificate to a server that requires one.
TEST_F(Lesson10MutualTls, ClientPresentsItsCertificate) {
  TestServer reference(
      {&service_},
      WithCredentials(ReferenceServer(
          "server", GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY)));
  ASSERT_TRUE(reference.ok()) << reference.error();
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  LAB_ASSERT_OK(
      MakeMutualTlsChannelCredentials(CertPath("ca.pem"), Pair("client"), &credentials));
  LAB_EXPECT_OK(Echo(reference.address(), credentials))
      << "the reference server requires a client certificate: put client.pem and "
         "client.key in pem_cert_chain and pem_private_key";
}

// ---------------------------------------------------------------------------------
// Part 3: your WhoAmI on a reference mutual TLS server.
class Lesson10Identity : public ::testing::Test {
 protected:
  IdentityServiceImpl service_;
};

// 3.1 WhoAmI reports the client certificate's common name, SANs and peer identity.
TEST_F(Lesson10Identity, ServerSeesTheClientsIdentity) {
  TestServer server(
      {&service_},
      WithCredentials(ReferenceServer(
          "server", GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY)));
  ASSERT_TRUE(server.ok()) << server.error();
  WhoAmIReply reply;
  LAB_ASSERT_OK(WhoAmI(server.address(), ReferenceClient("client"), &reply));
  EXPECT_EQ(reply.common_name(), "lab-client")
      << "x509_common_name is the CN of the client certificate's subject";
  EXPECT_THAT(reply.subject_alt_names(),
              ::testing::Contains("spiffe://lab.example/client"))
      << "x509_subject_alternative_name holds the certificate's SANs";
  EXPECT_EQ(reply.identity_property(), "x509_subject_alternative_name")
      << "for a certificate with SANs, gRPC's peer identity is the SAN property";
  EXPECT_THAT(reply.identity(), ::testing::Contains("spiffe://lab.example/client"))
      << "copy every value of auth_context->GetPeerIdentity()";
}

// 3.2 Without a client certificate there is no identity: UNAUTHENTICATED.
TEST_F(Lesson10Identity, AnonymousCallerIsUnauthenticated) {
  TestServer server({&service_}, WithCredentials(ReferenceServer("server")));
  ASSERT_TRUE(server.ok()) << server.error();
  WhoAmIReply reply;
  LAB_EXPECT_CODE(WhoAmI(server.address(), ReferenceClient(), &reply),
                  StatusCode::UNAUTHENTICATED)
      << "plain TLS: the client presented no certificate, so "
         "auth_context()->IsPeerAuthenticated() is false and WhoAmI has nobody to "
         "report";
}

// ---------------------------------------------------------------------------------
// Part 4: rotation. The server's files live in a private temporary directory (never
// the source tree), and the test replaces them while the server runs.
class Lesson10Rotation : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "lab10-rotation-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "cannot create " << pattern;
    dir_ = pattern;
    files_ = {dir_ + "/server.pem", dir_ + "/server.key"};
    std::filesystem::copy_file(CertPath("server.pem"), files_.cert_path);
    std::filesystem::copy_file(CertPath("server.key"), files_.key_path);
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Replaces `to` atomically (write a new file, rename it over the old one), so the
  // watcher never reads a half-written file.
  void Replace(const std::string& from, const std::string& to) {
    std::filesystem::copy_file(from, to + ".new");
    std::filesystem::rename(to + ".new", to);
  }

  std::string dir_;
  KeyPairFiles files_;
  IdentityServiceImpl service_;
};

// 4.1 After the files change, new connections get the new certificate, from the
//     same running server.
TEST_F(Lesson10Rotation, RotatedCertificateIsServedWithoutRestart) {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  LAB_ASSERT_OK(MakeRotatingServerCredentials(files_, 1s, &credentials));
  ASSERT_NE(credentials, nullptr);
  TestServer server({&service_}, WithCredentials(credentials));
  ASSERT_TRUE(server.ok()) << server.error();

  std::string served;
  LAB_ASSERT_OK(
      Echo(server.address(), ReferenceClient(), lab::testing::kRpcDeadline, &served));
  const std::string original = ReadFile(CertPath("server.pem"));
  const std::string rotated = ReadFile(CertPath("server-rotated.pem"));
  // Names the certificate instead of printing it.
  auto which = [&](const std::string& pem) -> std::string {
    if (pem == original) return "server.pem";
    if (pem == rotated) return "server-rotated.pem";
    return pem.empty() ? "no certificate" : "an unknown certificate";
  };
  ASSERT_EQ(which(served), "server.pem") << "before rotation";

  // The key first: until the certificate follows, the pair does not match and the
  // watcher keeps the old one.
  Replace(CertPath("server-rotated.key"), files_.key_path);
  Replace(CertPath("server-rotated.pem"), files_.cert_path);

  // Wait for the event: reconnect (a fresh handshake each time) until the server
  // presents the new certificate, or give up after a deadline well beyond the 1 s
  // refresh interval.
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  int handshakes = 0;
  grpc::Status last;
  while (served != rotated && std::chrono::steady_clock::now() < give_up) {
    last = Echo(server.address(), ReferenceClient(), 2000ms, &served);
    ++handshakes;
  }
  EXPECT_EQ(which(served), "server-rotated.pem")
      << "after " << handshakes
      << " fresh connections over 10 s (the last one: " << lab::testing::Describe(last)
      << ") the server does not present "
      << "server-rotated.pem. Credentials built from file contents are fixed for the "
         "server's life; a FileWatcherCertificateProvider re-reads the files every "
         "refresh interval (watch_identity_key_cert_pairs)";
  LAB_EXPECT_OK(Echo(server.address(), ReferenceClient()))
      << "the same server keeps answering after rotation";
}

// 4.2 A refresh interval under one second is refused.
TEST_F(Lesson10Rotation, RefreshIntervalUnderOneSecondIsRejected) {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  LAB_EXPECT_CODE(MakeRotatingServerCredentials(files_, 0s, &credentials),
                  StatusCode::INVALID_ARGUMENT)
      << "the provider counts in whole seconds: 0 s is not a refresh interval";
  EXPECT_EQ(credentials, nullptr);
}

// ---------------------------------------------------------------------------------
// Part 5: the server program.

// 5.1 build/bin/lessonNN_server serves TLS only: a client that trusts the CA gets an
//     answer; a plaintext client and one that trusts another CA are refused.
TEST(Lesson10Program, ServerBinaryServesTlsOnly) {
  lab::testing::ServerProcess process(
      lab::testing::MainPath("server"),
      {"--cert", CertPath("server.pem"), "--key", CertPath("server.key")});
  ASSERT_TRUE(process.WaitUntilListening()) << process.error();
  LAB_EXPECT_OK(Echo(process.address(), ReferenceClient()));
  LAB_EXPECT_CODE(
      Echo(process.address(), grpc::InsecureChannelCredentials(), kRefusedDeadline),
      StatusCode::UNAVAILABLE)
      << "the server program must not answer plaintext";
  LAB_EXPECT_CODE(
      Echo(process.address(), ReferenceClient("", "other-ca.pem"), kRefusedDeadline),
      StatusCode::UNAVAILABLE)
      << "a client that trusts only other-ca.pem must refuse the server";
}

}  // namespace
}  // namespace lab::tls
