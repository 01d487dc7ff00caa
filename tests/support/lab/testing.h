// The graded tests' harness: servers on loopback, channels, deadlines, and assertions
// whose failure messages teach.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "lab/lesson_info.h"

namespace grpc {
// Lets GoogleTest print a Status as "NOT_FOUND: no such product".
void PrintTo(const Status& status, std::ostream* os);
}  // namespace grpc

namespace lab::testing {

using namespace std::chrono_literals;

// Every RPC a test makes has a deadline; unless a test is about time, it is this one.
inline constexpr std::chrono::milliseconds kRpcDeadline = 5000ms /* 5 s */;

// For a test that knowingly leaves behind objects that gRPC's threads still use (threads
// stuck in the code under test, a server that cannot shut down): the test program then
// ends with std::_Exit once its results are written, tearing nothing down, since
// destroying those objects (or gRPC itself, at exit) could wait for the stuck threads
// for ever.
void EndWithoutTeardown();
bool EndsWithoutTeardown();

// Sets a deadline `timeout` from now on `context`.
void SetDeadline(grpc::ClientContext& context,
                 std::chrono::milliseconds timeout = kRpcDeadline);

// "NOT_FOUND" for grpc::StatusCode::NOT_FOUND.
std::string CodeName(grpc::StatusCode code);

// "NOT_FOUND: no such product" or "OK".
std::string Describe(const grpc::Status& status);

// A starter's "not yet": UNIMPLEMENTED with a TODO(lessonNN) message.
bool IsNotStarted(const grpc::Status& status);

// Passes when `status` is OK. Otherwise says what came back, and for a starter's
// UNIMPLEMENTED says "not started yet" and which file to edit.
::testing::AssertionResult IsOk(const grpc::Status& status);

// Passes when `status` has code `want`, explaining the difference otherwise.
::testing::AssertionResult HasCode(const grpc::Status& status, grpc::StatusCode want);

#define LAB_EXPECT_OK(expr) EXPECT_TRUE(::lab::testing::IsOk(expr))
#define LAB_ASSERT_OK(expr) ASSERT_TRUE(::lab::testing::IsOk(expr))
#define LAB_EXPECT_CODE(expr, code) EXPECT_TRUE(::lab::testing::HasCode((expr), (code)))
#define LAB_ASSERT_CODE(expr, code) ASSERT_TRUE(::lab::testing::HasCode((expr), (code)))

// A server saw a call's deadline at `deadline` (ServerContext::deadline()); the client
// was asked for `timeout` and made the call between `before` and `after`. Passes when
// the deadline lies in [before + timeout, after + timeout], less up to 100 ms of
// clock lag on the low side and plus transport slack on the high side. Call it for two
// different timeouts: a client that hard-codes its deadline then fails one of them.
::testing::AssertionResult DeadlineFollowsTimeout(
    std::chrono::system_clock::time_point deadline,
    std::chrono::system_clock::time_point before,
    std::chrono::system_clock::time_point after, std::chrono::milliseconds timeout);

struct ServerOptions {
  // Default: insecure (plaintext). The security lessons pass TLS credentials.
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // Anything else to set on the builder before it starts (limits, interceptors...).
  std::function<void(grpc::ServerBuilder&)> configure;
};

// Options with these credentials on the listening port and nothing else (TLS lessons).
ServerOptions WithCredentials(std::shared_ptr<grpc::ServerCredentials> credentials);

// A gRPC server with the given services, listening on 127.0.0.1 on a port the OS
// picks. Use in a fixture's SetUp: ASSERT_TRUE(server.ok()) << server.error();
class TestServer {
 public:
  explicit TestServer(std::vector<grpc::Service*> services, ServerOptions options = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  bool ok() const { return server_ != nullptr; }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  // "127.0.0.1:PORT", a target for grpc::CreateChannel or a learner's client.
  std::string address() const;

  // A new channel to this server (insecure unless `credentials` are given).
  std::shared_ptr<grpc::Channel> NewChannel(
      std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr,
      const grpc::ChannelArguments& args = {}) const;

  template <typename Service>
  std::unique_ptr<typename Service::Stub> NewStub() const {
    return Service::NewStub(NewChannel());
  }

  // Stops accepting calls; in-flight calls get `grace` to finish, then are cancelled.
  void Shutdown(std::chrono::milliseconds grace = 1000ms);
  grpc::Server* server() { return server_.get(); }

 private:
  std::unique_ptr<grpc::Server> server_;
  std::string error_;
  int port_ = 0;
};

// A file of the certificate set the build generates (certs/gen-certs.sh), e.g.
// CertPath("ca.pem") -> <build>/certs/ca.pem.
std::string CertPath(const std::string& name);

// The whole content of a file; "" (and a GoogleTest failure) if it cannot be read.
std::string ReadFile(const std::string& path);

// Waits until `channel` is READY, at most `timeout`. False on timeout.
bool WaitForReady(grpc::Channel& channel,
                  std::chrono::milliseconds timeout = kRpcDeadline);

}  // namespace lab::testing
