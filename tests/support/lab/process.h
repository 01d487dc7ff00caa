// Runs the lesson's built mains (build/bin/lessonNN_server ...) as real processes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace lab::testing {

// build/bin/<prefix>_<role> for the build under test: lesson03_server for the
// learner's tests, solution03_server for the reference.
std::string MainPath(const std::string& role);

// A server main started with `--port 0`, stopped (SIGTERM, then SIGKILL) on destruction.
class ServerProcess {
 public:
  ServerProcess(std::string path, std::vector<std::string> args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Waits for the line "listening on 127.0.0.1:PORT". False (see error()) if the
  // process exits first, prints something else, or says nothing within `timeout`.
  bool WaitUntilListening(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  int port() const { return port_; }
  // The process id, to send the server a signal of the test's own (SIGKILL for a crash,
  // SIGSTOP for a peer that hangs); the destructor still stops and reaps it.
  pid_t pid() const { return pid_; }
  std::string address() const;
  const std::string& error() const { return error_; }
  // Everything the process printed so far (stdout and stderr).
  const std::string& output() const { return output_; }

  // SIGTERM, waits up to `grace`, then SIGKILL. Returns the exit status text.
  std::string Stop(std::chrono::milliseconds grace = std::chrono::seconds(2));

 private:
  std::string path_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
  std::string output_;
  std::string error_;
};

struct ProcessResult {
  int exit_code = -1;  // -1: did not exit normally (see how)
  std::string how;     // "exit 0", "killed by SIGSEGV", "no exit within 5000 ms"
  std::string output;  // stdout and stderr together
};

// Runs a program to completion, at most `timeout` (then it is killed).
ProcessResult RunProcess(const std::string& path, const std::vector<std::string>& args,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace lab::testing
