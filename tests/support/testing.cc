#include "lab/testing.h"

#include <atomic>
#include <fstream>
#include <sstream>

namespace grpc {
void PrintTo(const Status& status, std::ostream* os) {
  *os << ::lab::testing::Describe(status);
}
}  // namespace grpc

namespace lab::testing {

std::string EditFilesHint() {
  const LessonInfo& info = ThisLesson();
  std::istringstream files(info.edit_files);
  std::string file;
  std::string hint;
  while (files >> file) {
    if (!hint.empty()) hint += ", ";
    hint += std::string(info.dir) + "/" + file;
  }
  return hint;
}

void SetDeadline(grpc::ClientContext& context, std::chrono::milliseconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "code " + std::to_string(static_cast<int>(code));
  }
}

std::string Describe(const grpc::Status& status) {
  if (status.ok()) return "OK";
  std::string text = CodeName(status.error_code());
  if (!status.error_message().empty()) text += ": \"" + status.error_message() + "\"";
  return text;
}

bool IsNotStarted(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
         status.error_message().find("TODO(lesson") != std::string::npos;
}

namespace {
std::string NotStarted(const grpc::Status& status) {
  std::string text = "not started yet: " + status.error_message();
  // The starter's message usually names its file; if not, say which files to edit.
  if (status.error_message().find(ThisLesson().dir) == std::string::npos) {
    text += " (edit " + EditFilesHint() + ")";
  }
  return text;
}
}  // namespace

::testing::AssertionResult IsOk(const grpc::Status& status) {
  if (status.ok()) return ::testing::AssertionSuccess();
  if (IsNotStarted(status)) return ::testing::AssertionFailure() << NotStarted(status);
  return ::testing::AssertionFailure() << "expected status OK, got " << Describe(status);
}

::testing::AssertionResult HasCode(const grpc::Status& status, grpc::StatusCode want) {
  if (status.error_code() == want) return ::testing::AssertionSuccess();
  if (IsNotStarted(status) && want != grpc::StatusCode::UNIMPLEMENTED) {
    return ::testing::AssertionFailure() << NotStarted(status);
  }
  return ::testing::AssertionFailure()
         << "expected status " << CodeName(want) << ", got " << Describe(status);
}

::testing::AssertionResult DeadlineFollowsTimeout(
    std::chrono::system_clock::time_point deadline,
    std::chrono::system_clock::time_point before,
    std::chrono::system_clock::time_point after, std::chrono::milliseconds timeout) {
  using std::chrono::milliseconds;
  if (deadline == std::chrono::system_clock::time_point::max()) {
    return ::testing::AssertionFailure()
           << "the call reached the server with no deadline; the client was asked for "
           << timeout.count() << " ms. Set it on the ClientContext from the timeout "
           << "argument: context.set_deadline(std::chrono::system_clock::now() + "
              "timeout)";
  }
  // grpc-timeout is sent in whole units, and gRPC turns it back into a deadline from a
  // clock reading it caches per batch of work, which lags by tens of ms on a loaded
  // machine (seen: 22 ms under TSan). That is transport, not a mistake.
  constexpr milliseconds kRounding = milliseconds(100);
  constexpr milliseconds kTransport = milliseconds(250);
  const auto away = std::chrono::duration_cast<milliseconds>(deadline - before);
  const auto low = timeout - kRounding;
  const auto high =
      std::chrono::duration_cast<milliseconds>(after - before) + timeout + kTransport;
  if (away >= low && away <= high) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "the server saw a deadline " << away.count()
         << " ms after the call started; the client was asked for a timeout of "
         << timeout.count() << " ms, so it should have been between " << low.count()
         << " and " << high.count() << " ms. Use the timeout argument for the "
         << "deadline, not a number of your own";
}

ServerOptions WithCredentials(std::shared_ptr<grpc::ServerCredentials> credentials) {
  ServerOptions options;
  options.credentials = std::move(credentials);
  return options;
}

TestServer::TestServer(std::vector<grpc::Service*> services, ServerOptions options) {
  grpc::ServerBuilder builder;
  auto credentials =
      options.credentials ? options.credentials : grpc::InsecureServerCredentials();
  // Port 0: the OS picks a free port, so tests run in parallel without clashing.
  builder.AddListeningPort("127.0.0.1:0", credentials, &port_);
  for (grpc::Service* service : services) builder.RegisterService(service);
  if (options.configure) options.configure(builder);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    error_ = "the test server did not start on 127.0.0.1:0 (BuildAndStart failed)";
    server_.reset();
  }
}

TestServer::~TestServer() { Shutdown(); }

std::string TestServer::address() const { return "127.0.0.1:" + std::to_string(port_); }

std::shared_ptr<grpc::Channel> TestServer::NewChannel(
    std::shared_ptr<grpc::ChannelCredentials> credentials,
    const grpc::ChannelArguments& args) const {
  if (!credentials) credentials = grpc::InsecureChannelCredentials();
  return grpc::CreateCustomChannel(address(), credentials, args);
}

void TestServer::Shutdown(std::chrono::milliseconds grace) {
  if (server_ == nullptr) return;
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
  server_.reset();
}

std::string CertPath(const std::string& name) {
  return std::string(ThisLesson().build_dir) + "/certs/" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path
                  << (path.find("/certs/") != std::string::npos
                          ? " (certificates are generated by the build: target lab_certs)"
                          : "");
    return "";
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool WaitForReady(grpc::Channel& channel, std::chrono::milliseconds timeout) {
  return channel.WaitForConnected(std::chrono::system_clock::now() + timeout);
}

namespace {
std::atomic<bool> g_end_without_teardown{false};
}  // namespace

void EndWithoutTeardown() { g_end_without_teardown = true; }
bool EndsWithoutTeardown() { return g_end_without_teardown; }

}  // namespace lab::testing
