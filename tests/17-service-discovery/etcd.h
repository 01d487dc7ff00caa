// Lesson 17's test etcd: a real etcd (Debian's etcd-server) per test, as a child process
// with a data dir of its own and unix-domain sockets instead of ports, so that tests
// running in parallel (and a system etcd on 2379/2380) never meet.
//
// No etcd outlives its test: the destructor stops it (SIGTERM, then SIGKILL) and
// removes its folder, and the child is started with PR_SET_PDEATHSIG = SIGKILL, so
// the kernel kills it if the test binary dies first (a crash, the harness watchdog's
// SIGKILL, ctest's timeout). The death signal follows the thread that forked: start
// it from the test's own thread, which lives until the test binary ends.
#pragma once

#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "etcd/etcdserver/etcdserverpb/rpc.grpc.pb.h"

namespace lab::discovery::testing {

class EtcdProcess {
 public:
  EtcdProcess() {
    std::string dir =
        (std::filesystem::temp_directory_path() / "lab17-etcd-XXXXXX").string();
    if (mkdtemp(dir.data()) != nullptr) dir_ = dir;
  }
  ~EtcdProcess() {
    Stop();
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  EtcdProcess(const EtcdProcess&) = delete;
  EtcdProcess& operator=(const EtcdProcess&) = delete;

  // Starts etcd (again: with the same data, after Stop()) and waits until it answers
  // a Range, at most `timeout`. False, with error(), if it does not.
  bool Start(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    if (dir_.empty()) return Fail("could not make a temporary folder");
    // etcd 3.4 takes unix://NAME:PORT and makes the socket file "NAME:PORT" in its
    // working folder: here, this etcd's own folder. No TCP port is opened; the ":0" is
    // only there because etcd's URL check wants a numeric port.
    std::error_code ignored;
    std::filesystem::remove(dir_ + "/client:0", ignored);
    std::filesystem::remove(dir_ + "/peer:0", ignored);
    const std::string client = "unix://client:0";
    const std::string peer = "unix://peer:0";
    std::vector<std::string> args = {"etcd",         "--name",
                                     "lab17",        "--data-dir",
                                     dir_ + "/data", "--listen-client-urls",
                                     client,         "--advertise-client-urls",
                                     client,         "--listen-peer-urls",
                                     peer,           "--initial-advertise-peer-urls",
                                     peer,           "--initial-cluster",
                                     "lab17=" + peer};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log = dir_ + "/etcd.log";
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ < 0) return Fail("fork failed");
    if (pid_ == 0) {  // the child: async-signal-safe calls only, then exec
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);  // the test died before prctl
      int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (fd < 0 || chdir(dir_.c_str()) != 0) _exit(127);
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      execvp("etcd", argv.data());
      _exit(127);
    }
    return WaitUntilServing(timeout);
  }

  // SIGTERM, then SIGKILL after 5 s; reaps it. Nothing if not running.
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    // Wait for it to exit (waitpid blocks until then), at most 5 s, then SIGKILL.
    std::future<void> reaped = std::async(std::launch::async, [pid = pid_] {
      int status = 0;
      waitpid(pid, &status, 0);
    });
    if (reaped.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
      kill(pid_, SIGKILL);
    }
    reaped.wait();
    pid_ = -1;
  }

  // etcd's gRPC target for gRPC C++: "unix:/tmp/lab17-etcd-XXXXXX/client:0".
  std::string target() const { return "unix:" + dir_ + "/client:0"; }

  // A channel to it that reconnects quickly after a restart (gRPC's reconnect backoff
  // starts at 1 s and grows to 120 s; 100 ms .. 500 ms here keeps the tests short).
  std::shared_ptr<grpc::Channel> NewChannel() const {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
    return grpc::CreateCustomChannel(target(), grpc::InsecureChannelCredentials(), args);
  }

  pid_t pid() const { return pid_; }
  const std::string& error() const { return error_; }

 private:
  bool WaitUntilServing(std::chrono::milliseconds timeout) {
    auto channel = NewChannel();
    auto kv = etcdserverpb::KV::NewStub(channel);
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return Fail("etcd exited at start");
      }
      grpc::ClientContext context;
      context.set_wait_for_ready(true);
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::milliseconds(250));
      etcdserverpb::RangeRequest request;
      request.set_key("/");
      etcdserverpb::RangeResponse response;
      if (kv->Range(&context, request, &response).ok()) return true;
    }
    Stop();
    return Fail("etcd did not answer within " + std::to_string(timeout.count()) + " ms");
  }

  bool Fail(const std::string& why) {
    std::ifstream in(dir_ + "/etcd.log");
    std::stringstream log;
    log << in.rdbuf();
    std::string text = log.str();
    if (text.size() > 2000) text = "..." + text.substr(text.size() - 2000);
    error_ =
        "the test's etcd (Debian's etcd-server, `etcd` on PATH; run "
        "scripts/install-deps.sh): " +
        why + ". Its log ends:\n" + text;
    return false;
  }

  std::string dir_;
  pid_t pid_ = -1;
  std::string error_;
};

}  // namespace lab::discovery::testing
