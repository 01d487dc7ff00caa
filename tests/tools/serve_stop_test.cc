// Every lesson's server program stops cleanly: while it serves a call, SIGTERM makes
// it exit 0 within 5 s (lessons/common/serve.h; lesson 03 writes the steps out).
//
//   serve_stop_test --certs CERTS_DIR SERVER...
//
// ctest runs it once per build/bin/solutionNN_server (tests/tools/CMakeLists.txt).
// The call in flight is a server reflection stream, which every lab server has: the
// test asks it for the service list and, once answered, keeps it open. How to reach
// a server comes from the programs themselves: a server whose --help lists --cert
// and --key gets the build's server certificate and is called over TLS; one whose
// client (solutionNN_client) has --print-token gets that token as a bearer token.
#include <grpc/reflection/v1alpha/reflection.grpc.pb.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <iostream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "lab/lesson_info.h"
#include "lab/process.h"
#include "lab/testing.h"

namespace lab::testing {

// lab_test_support is made for graded tests, each told by cmake/lab.cmake which lesson
// it tests; this test has no lesson, and uses none of what depends on one.
const LessonInfo& ThisLesson() {
  static const LessonInfo info{"", "tests/tools", "", "tools", "", "", ""};
  return info;
}

}  // namespace lab::testing

namespace {

using namespace std::chrono_literals;
using grpc::reflection::v1alpha::ServerReflection;
using grpc::reflection::v1alpha::ServerReflectionRequest;
using grpc::reflection::v1alpha::ServerReflectionResponse;
using Clock = std::chrono::steady_clock;
using Stream =
    grpc::ClientReaderWriter<ServerReflectionRequest, ServerReflectionResponse>;

// How long a server may take from SIGTERM to its exit.
constexpr std::chrono::milliseconds kStopLimit = 5000ms /* 5 s */;
// How long a server may take to start (the first run of a fresh binary is slow).
constexpr std::chrono::milliseconds kStartLimit = 10000ms /* 10 s */;

std::string g_certs_dir;  // --certs: the build's certificates (certs/gen-certs.sh)

// How to start a server and open a call to it.
struct Access {
  std::vector<std::string> server_args;
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string token;  // a bearer token for the call; "" for none
};

// True if `program --help` lists the option `flag`.
bool TakesOption(const std::string& program, const std::string& flag) {
  const lab::testing::ProcessResult help = lab::testing::RunProcess(program, {"--help"});
  return std::regex_search(help.output, std::regex("(^|\\s)" + flag + "\\s"));
}

// The token `client --print-token` prints, or "" if there is no such client.
std::string TokenFrom(const std::string& client) {
  if (access(client.c_str(), X_OK) != 0 || !TakesOption(client, "--print-token")) {
    return "";
  }
  std::string token = lab::testing::RunProcess(client, {"--print-token"}).output;
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) {
    token.pop_back();
  }
  return token.substr(token.find_last_of('\n') + 1);  // its last line
}

// What `server` needs, read from its --help and its client's.
Access AccessFor(const std::string& server) {
  Access needs;
  needs.credentials = grpc::InsecureChannelCredentials();
  if (TakesOption(server, "--cert") && TakesOption(server, "--key")) {
    needs.server_args = {"--cert", g_certs_dir + "/server.pem", "--key",
                         g_certs_dir + "/server.key"};
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = lab::testing::ReadFile(g_certs_dir + "/ca.pem");
    needs.credentials = grpc::SslCredentials(tls);
  }
  const std::string suffix = "_server";
  if (server.size() > suffix.size() &&
      server.compare(server.size() - suffix.size(), suffix.size(), suffix) == 0) {
    needs.token = TokenFrom(server.substr(0, server.size() - suffix.size()) + "_client");
  }
  return needs;
}

// Asks `stream` for the service list and waits for the answer: the call is then
// running in the server, and stays open until the server ends it.
bool OpenCall(Stream& stream) {
  ServerReflectionRequest request;
  request.set_list_services("");
  ServerReflectionResponse response;
  return stream.Write(request) && stream.Read(&response);
}

// Half-closes `stream`, reads what is left and returns how it ended.
grpc::Status EndCall(Stream& stream) {
  stream.WritesDone();
  ServerReflectionResponse response;
  while (stream.Read(&response)) {
  }
  return stream.Finish();
}

// What a result of ServerProcess::Stop() other than "exit 0" says about the server.
std::string Explain(const std::string& how) {
  if (how.rfind("killed by SIGTERM", 0) == 0) {
    return "SIGTERM's default action ended the process: nothing waited for the signal. "
           "Block SIGINT and SIGTERM first in RunServer, before gRPC starts its threads, "
           "then wait for them and shut down (lab::common::BlockStopSignals and "
           "ServeUntilStopped in lessons/common/serve.h).";
  }
  if (how.rfind("did not stop", 0) == 0) {
    return "The server did not exit with a call open: Shutdown() without a deadline "
           "waits for that call forever (give it one: lab::common::StopServer), or a "
           "handler ignores its cancellation and never returns.";
  }
  return "A clean stop returns 0 from main().";
}

// The test: start `server`, hold a call open, SIGTERM, expect "exit 0" in time.
void ExpectCleanStop(const std::string& server) {
  const Access needs = AccessFor(server);
  lab::testing::ServerProcess process(server, needs.server_args);
  ASSERT_TRUE(process.WaitUntilListening(kStartLimit)) << process.error();

  auto stub = ServerReflection::NewStub(
      grpc::CreateChannel(process.address(), needs.credentials));
  grpc::ClientContext context;
  lab::testing::SetDeadline(context, 3 * kStopLimit);  // a safety net only
  if (!needs.token.empty()) context.AddMetadata("authorization", "Bearer " + needs.token);
  std::unique_ptr<Stream> stream = stub->ServerReflectionInfo(&context);
  ASSERT_TRUE(OpenCall(*stream))
      << "could not open a reflection stream to " << server
      << " to hold it open: " << lab::testing::Describe(EndCall(*stream));

  const Clock::time_point signalled = Clock::now();
  const std::string how = process.Stop(kStopLimit);
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - signalled);
  const grpc::Status ended = EndCall(*stream);
  std::cout << "[ STOPPED  ] " << how << ", " << took.count()
            << " ms after SIGTERM; the open call ended with "
            << lab::testing::Describe(ended) << std::endl;
  ::testing::Test::RecordProperty("stop_ms", static_cast<int>(took.count()));
  EXPECT_EQ(how, "exit 0") << server << " should exit 0 within " << kStopLimit.count()
                           << " ms of SIGTERM, with a call open. " << Explain(how)
                           << "\nIt printed:\n"
                           << process.output();
}

class CleanStop : public ::testing::Test {
 public:
  explicit CleanStop(std::string server) : server_(std::move(server)) {}
  void TestBody() override { ExpectCleanStop(server_); }

 private:
  const std::string server_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  std::vector<std::string> servers;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--certs" && i + 1 < argc) {
      g_certs_dir = argv[++i];
    } else {
      servers.push_back(arg);
    }
  }
  if (servers.empty() || g_certs_dir.empty()) {
    std::cerr << "usage: " << argv[0] << " --certs CERTS_DIR SERVER...\n";
    return 2;
  }
  for (const std::string& server : servers) {
    const std::string name = server.substr(server.find_last_of('/') + 1);
    ::testing::RegisterTest(
        "ServerStopsCleanly", name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
        [server]() -> ::testing::Test* { return new CleanStop(server); });
  }
  return RUN_ALL_TESTS();
}
