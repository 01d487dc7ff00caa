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

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

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

// A client that trusts `ca` and presents `client` (none when its paths are empty).
std::shared_ptr<grpc::ChannelCredentials> ReferenceClient(const KeyPairFiles& client,
                                                          const std::string& ca) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFile(CertPath(ca));
  if (!client.cert_path.empty()) {
    options.pem_cert_chain = ReadFile(client.cert_path);
    options.pem_private_key = ReadFile(client.key_path);
  }
  return grpc::SslCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> ReferenceClient(
    const std::string& client_name = "", const std::string& ca = "ca.pem") {
  return ReferenceClient(client_name.empty() ? KeyPairFiles{} : Pair(client_name), ca);
}

// A client certificate anyone could make: it claims the name of the lab's client
// (CN=lab-client, SAN spiffe://lab.example/client) but is signed by a CA made up on
// the spot, which nobody trusts. Made once per test run with the openssl command, in
// a private temporary directory that is removed at exit.
struct Forgery {
  std::string dir;
  KeyPairFiles client;
  std::string error;  // empty when the files were made
  ~Forgery() {
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
};

const Forgery& ForgedClient() {
  static const Forgery forgery = [] {
    Forgery made;
    std::string pattern = ::testing::TempDir() + "lab10-forged-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      made.error = "cannot create " + pattern;
      return made;
    }
    made.dir = pattern;
    const char* script = R"(set -e
export SSL_CERT_FILE=/dev/null
cd "$1"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc \
  -keyout forger-ca.key -out forger-ca.pem -subj "/CN=Forger CA" -days 1 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc \
  -keyout client.key -out client.pem -subj "/CN=lab-client" -days 1 \
  -CA forger-ca.pem -CAkey forger-ca.key -addext extendedKeyUsage=clientAuth \
  -addext subjectAltName=URI:spiffe://lab.example/client
)";
    lab::testing::ProcessResult result =
        lab::testing::RunProcess("/bin/sh", {"-c", script, "sh", made.dir});
    if (result.exit_code != 0) {
      made.error = "could not forge a client certificate with openssl (" + result.how +
                   "): " + result.output;
    }
    made.client = {made.dir + "/client.pem", made.dir + "/client.key"};
    return made;
  }();
  return forgery;
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

// "CN lab-client, identity spiffe://lab.example/client", for messages.
std::string Who(const WhoAmIReply& reply) {
  std::string text = "CN " + reply.common_name() + ", identity";
  for (const std::string& id : reply.identity()) text += " " + id;
  return text;
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

// 2.3 A client certificate that claims a trusted name but was signed by a CA you do
//     not trust (anyone can make one) is refused.
TEST_F(Lesson10MutualTls, ForgedClientCertificateIsRefused) {
  const Forgery& forged = ForgedClient();
  ASSERT_TRUE(forged.error.empty()) << forged.error;
  grpc::Status status = Echo(server_->address(), ReferenceClient(forged.client, "ca.pem"),
                             kRefusedDeadline);
  if (status.ok()) {
    WhoAmIReply reply;
    grpc::Status who =
        WhoAmI(server_->address(), ReferenceClient(forged.client, "ca.pem"), &reply);
    ADD_FAILURE() << "your mutual TLS server let in a client certificate that a CA made "
                     "up by this test signed"
                  << (who.ok() ? ", and WhoAmI took it for the lab's client (" +
                                     Who(reply) + ")"
                               : "")
                  << ". A server that does not VERIFY believes whatever name a "
                     "certificate claims: the chain must end at client_ca_path "
                     "(README: \"Who may connect\")";
    return;
  }
  LAB_EXPECT_CODE(status, StatusCode::UNAVAILABLE)
      << "the handshake should fail: the forged certificate does not chain to ca.pem";
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

// 3.3 WhoAmI cannot tell a forged certificate from a real one: on a port that requires
//     a certificate but does not verify it, the forged name comes through (why 2.3
//     matters).
TEST_F(Lesson10Identity, UnverifiedPortBelievesAForgedName) {
  const Forgery& forged = ForgedClient();
  ASSERT_TRUE(forged.error.empty()) << forged.error;
  TestServer server(
      {&service_},
      WithCredentials(ReferenceServer(
          "server", GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_BUT_DONT_VERIFY)));
  ASSERT_TRUE(server.ok()) << server.error();
  WhoAmIReply reply;
  LAB_ASSERT_OK(
      WhoAmI(server.address(), ReferenceClient(forged.client, "ca.pem"), &reply))
      << "the reference server requires a client certificate but does not verify it: "
         "gRPC marks the forged peer authenticated (IsPeerAuthenticated() is true), so "
         "WhoAmI should report it like any other";
  std::cout << "a port that does not verify reported the forged certificate as: "
            << Who(reply) << std::endl;
  EXPECT_EQ(reply.common_name(), "lab-client")
      << "WhoAmI reports what the handshake put in the AuthContext; here that is the "
         "name the forger chose";
  EXPECT_THAT(reply.identity(), ::testing::Contains("spiffe://lab.example/client"));
}

// ---------------------------------------------------------------------------------
// Part 4: rotation. The server's key pair lives in a private temporary directory (never
// the source tree), laid out as the README teaches: each version in a directory of its
// own, and `current` a symlink to the one in use. The server is given
// current/server.pem and current/server.key; the test rotates by pointing `current`
// at the next version in one rename(2).

// Handshakes again and again on a thread of its own, a fresh connection each time,
// until destroyed; counts the failures and notes when `wanted` is first served.
class Handshaker {
 public:
  Handshaker(std::string address, std::string wanted)
      : address_(std::move(address)), wanted_(std::move(wanted)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~Handshaker() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    stopped_.notify_all();
    thread_.join();
  }

  // Waits until a handshake presents `wanted`.
  bool WaitForWanted(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return first_wanted_ > 0; });
  }
  // Waits until at least one handshake succeeded (with any certificate).
  bool WaitForOneAnswer(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return answered_ > 0; });
  }
  // "0 of 57 handshakes failed" or "3 of 57 handshakes failed, the first: ...".
  std::string Failures(int* count) {
    std::lock_guard<std::mutex> lock(mu_);
    *count = failed_;
    std::string text = std::to_string(failed_) + " of " + std::to_string(started_) +
                       " handshakes failed";
    return failed_ == 0 ? text : text + ", the first: " + first_failure_;
  }

 private:
  void Run() {
    for (int n = 0;; ++n) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (stop_) return;
        started_ = n + 1;
      }
      std::string served;
      grpc::Status status =
          Echo(address_, ReferenceClient(), lab::testing::kRpcDeadline, &served);
      std::unique_lock<std::mutex> lock(mu_);
      if (!status.ok()) {
        if (failed_++ == 0) first_failure_ = lab::testing::Describe(status);
      } else {
        ++answered_;
        if (served == wanted_ && first_wanted_ < 0) first_wanted_ = n + 1;
      }
      changed_.notify_all();
      // At most about a hundred handshakes a second: plenty to see a broken one, and
      // the thread leaves the CPU to the server. Stopping ends the pause.
      stopped_.wait_for(lock, 10ms, [&] { return stop_; });
    }
  }

  const std::string address_;
  const std::string wanted_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::condition_variable stopped_;
  bool stop_ = false;
  int started_ = 0;        // handshakes begun
  int answered_ = 0;       // ... that succeeded
  int failed_ = 0;         // ... that failed
  int first_wanted_ = -1;  // the number of the first one that presented `wanted`
  std::string first_failure_;
  std::thread thread_;
};

class Lesson10Rotation : public ::testing::Test {
 protected:
  // The refresh interval the tests ask for; every wait below is a multiple of it.
  static constexpr std::chrono::seconds kRefresh{1};

  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "lab10-rotation-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "cannot create " << pattern;
    dir_ = pattern;
    Install("server", "v1");
    // gRPC compares the files' modification times (whole seconds) before and after it
    // reads them, and reads again if they changed. Dating v1 an hour back lets that
    // check see a swap that lands between its reads of the key and the certificate.
    for (const char* file : {"/v1/server.pem", "/v1/server.key"}) {
      std::filesystem::last_write_time(
          dir_ + file, std::filesystem::file_time_type::clock::now() - 1h);
    }
    std::filesystem::create_directory_symlink("v1", dir_ + "/current");
    files_ = {dir_ + "/current/server.pem", dir_ + "/current/server.key"};
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Copies <name>.pem and <name>.key of the lab's certificates into dir_/version/.
  void Install(const std::string& name, const std::string& version) {
    std::filesystem::create_directory(dir_ + "/" + version);
    std::filesystem::copy_file(CertPath(name + ".pem"),
                               dir_ + "/" + version + "/server.pem");
    std::filesystem::copy_file(CertPath(name + ".key"),
                               dir_ + "/" + version + "/server.key");
  }

  // Points `current` at `version` in one step: a new symlink, renamed over the old one.
  // rename(2) replaces it atomically: `current` always exists and leads to one whole
  // version. (A swap between the provider's read of the key and of the certificate is
  // what the modification times in SetUp are for.)
  void Swap(const std::string& version) {
    std::filesystem::create_directory_symlink(version, dir_ + "/current.new");
    std::filesystem::rename(dir_ + "/current.new", dir_ + "/current");
  }

  std::string dir_;
  KeyPairFiles files_;
  IdentityServiceImpl service_;
};

// 4.1 After the key pair is swapped, new connections get the new certificate from the
//     same running server, and no handshake fails on the way.
TEST_F(Lesson10Rotation, RotatedCertificateIsServedWithoutRestart) {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  LAB_ASSERT_OK(MakeRotatingServerCredentials(files_, kRefresh, &credentials));
  ASSERT_NE(credentials, nullptr);
  TestServer server({&service_}, WithCredentials(credentials));
  ASSERT_TRUE(server.ok()) << server.error();

  std::string served;
  LAB_ASSERT_OK(
      Echo(server.address(), ReferenceClient(), lab::testing::kRpcDeadline, &served))
      << "a client that trusts ca.pem called your rotating server, before any "
         "rotation, and got no answer: the server's key pair must come from the "
         "provider (watch the identity key pair; the provider takes the key path "
         "first, then the certificate path)";
  const std::string original = ReadFile(CertPath("server.pem"));
  const std::string rotated = ReadFile(CertPath("server-rotated.pem"));
  ASSERT_EQ(served, original) << "before rotation the server should present server.pem";

  // Rotate while a client keeps connecting. The provider re-reads the files every
  // kRefresh, so the new certificate is due within about one interval; five is the
  // give-up point, for slow (sanitizer) builds.
  const auto timeout =
      std::chrono::duration_cast<std::chrono::milliseconds>(5 * kRefresh);
  Handshaker client(server.address(), rotated);
  ASSERT_TRUE(client.WaitForOneAnswer(timeout)) << "no answer from the server";
  Install("server-rotated", "v2");
  Swap("v2");
  const bool rotated_served = client.WaitForWanted(timeout);
  int failures = 0;
  const std::string handshakes = client.Failures(&failures);
  std::cout << "during the rotation: " << handshakes << std::endl;
  EXPECT_TRUE(rotated_served)
      << "for " << timeout.count() << " ms after `current` was switched to the rotated "
      << "key pair, new connections still got the old certificate (" << handshakes
      << "). The key pair must follow the files at the paths given: a "
         "FileWatcherCertificateProvider re-reads them every refresh interval "
         "(watch_identity_key_cert_pairs). Credentials built from the files' contents "
         "never change, and a path with its symlinks resolved keeps leading to the "
         "old version";
  EXPECT_EQ(failures, 0) << handshakes
                         << ": a rotation that swaps the whole key pair in one step "
                            "should never break a handshake";
  LAB_EXPECT_OK(
      Echo(server.address(), ReferenceClient(), lab::testing::kRpcDeadline, &served))
      << "the same server keeps answering after rotation";
  if (rotated_served) {
    EXPECT_TRUE(served == rotated)
        << "once rotated, every new connection should get server-rotated.pem";
  }
}

// 4.2 A refresh interval under one second is refused.
TEST_F(Lesson10Rotation, RefreshIntervalUnderOneSecondIsRejected) {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  LAB_EXPECT_CODE(MakeRotatingServerCredentials(files_, 0s, &credentials),
                  StatusCode::INVALID_ARGUMENT)
      << "the provider counts in whole seconds: 0 s is not a refresh interval";
  EXPECT_EQ(credentials, nullptr);
}

// 4.3 A key pair that cannot be read now is the error you return, not a server that
//     starts with no certificate.
TEST_F(Lesson10Rotation, UnreadableKeyPairIsAnError) {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  grpc::Status status = MakeRotatingServerCredentials(
      {dir_ + "/current/missing.pem", files_.key_path}, kRefresh, &credentials);
  if (lab::testing::IsNotStarted(status)) FAIL() << lab::testing::IsOk(status).message();
  LAB_EXPECT_CODE(status, StatusCode::NOT_FOUND)
      << "the certificate file does not exist: return what ReadPemFile returns for it. "
         "The provider does not report it: the server would start, log \"Unable to "
         "get latest identity certificates\" and fail every handshake";
  EXPECT_EQ(credentials, nullptr) << "on an error, leave *out alone";
}

// ---------------------------------------------------------------------------------
// Part 5: the server program.

// 5.1 build/bin/lesson10_server serves TLS only: a client that trusts the CA gets an
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
