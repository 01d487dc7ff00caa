#include "lab/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <regex>

#include "lab/lesson_info.h"

namespace lab::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Starts `path args...` with stdout and stderr on one pipe; returns the child's pid.
pid_t Spawn(const std::string& path, const std::vector<std::string>& args, int* out_fd,
            std::string* error) {
  if (access(path.c_str(), X_OK) != 0) {
    *error = path + " is not built (or not executable): " + std::strerror(errno);
    return -1;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return -1;
  }
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    execv(path.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    *error = std::string("fork: ") + std::strerror(errno);
    return -1;
  }
  *out_fd = fds[0];
  return pid;
}

// Reads what is available within `timeout`; false at end of file.
bool ReadSome(int fd, std::string* into, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  int ready = poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return true;  // nothing yet
  char buffer[4096];
  ssize_t n = read(fd, buffer, sizeof buffer);
  if (n <= 0) return false;
  into->append(buffer, static_cast<size_t>(n));
  return true;
}

std::string DescribeWait(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return std::string("killed by SIG") + sigabbrev_np(WTERMSIG(status));
  }
  return "status " + std::to_string(status);
}

// Waits for `pid` at most `timeout`; true (and *status) if it exited. A pidfd becomes
// readable when the process exits, so this waits on the event itself.
bool WaitFor(pid_t pid, std::chrono::milliseconds timeout, int* status) {
  if (waitpid(pid, status, WNOHANG) == pid) return true;
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) return false;
  pollfd p{pidfd, POLLIN, 0};
  int ready = poll(&p, 1, static_cast<int>(timeout.count()));
  close(pidfd);
  return ready > 0 && waitpid(pid, status, 0) == pid;
}

}  // namespace

std::string MainPath(const std::string& role) {
  const LessonInfo& info = ThisLesson();
  return std::string(info.bin_dir) + "/" + info.bin_prefix + "_" + role;
}

ServerProcess::ServerProcess(std::string path, std::vector<std::string> args)
    : path_(std::move(path)) {
  args.push_back("--port");
  args.push_back("0");
  pid_ = Spawn(path_, args, &out_fd_, &error_);
}

ServerProcess::~ServerProcess() { Stop(); }

bool ServerProcess::WaitUntilListening(std::chrono::milliseconds timeout) {
  if (pid_ < 0) return false;
  static const std::regex kListening(R"(listening on 127\.0\.0\.1:([0-9]+)\n)");
  const auto until = Clock::now() + timeout;
  while (Clock::now() < until) {
    std::smatch m;
    if (std::regex_search(output_, m, kListening)) {
      port_ = std::stoi(m[1]);
      return port_ > 0;
    }
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (!ReadSome(out_fd_, &output_, std::max(left, std::chrono::milliseconds(1)))) {
      error_ = path_ + " exited before printing 'listening on 127.0.0.1:PORT' (" +
               Stop() + "). It printed:\n" + output_;
      return false;
    }
  }
  error_ = path_ + " did not print 'listening on 127.0.0.1:PORT' within " +
           std::to_string(timeout.count()) + " ms. It printed:\n" + output_;
  return false;
}

std::string ServerProcess::address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

std::string ServerProcess::Stop(std::chrono::milliseconds grace) {
  if (pid_ < 0) return "not running";
  int status = 0;
  std::string how;
  if (WaitFor(pid_, std::chrono::milliseconds(0), &status)) {
    how = DescribeWait(status);
  } else {
    kill(pid_, SIGTERM);
    kill(pid_, SIGCONT);  // a test may have stopped it (SIGSTOP): let it see the SIGTERM
    if (WaitFor(pid_, grace, &status)) {
      how = DescribeWait(status);
    } else {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      how = "did not stop within " + std::to_string(grace.count()) + " ms of SIGTERM";
    }
  }
  while (out_fd_ >= 0 && ReadSome(out_fd_, &output_, std::chrono::milliseconds(0))) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0) break;
  }
  if (out_fd_ >= 0) close(out_fd_);
  out_fd_ = -1;
  pid_ = -1;
  return how;
}

ProcessResult RunProcess(const std::string& path, const std::vector<std::string>& args,
                         std::chrono::milliseconds timeout) {
  ProcessResult result;
  int fd = -1;
  pid_t pid = Spawn(path, args, &fd, &result.how);
  if (pid < 0) return result;
  const auto until = Clock::now() + timeout;
  bool open = true;
  while (open && Clock::now() < until) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    open = ReadSome(fd, &result.output, std::max(left, std::chrono::milliseconds(1)));
  }
  close(fd);
  int status = 0;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
  if (WaitFor(pid, std::max(left, std::chrono::milliseconds(0)), &status)) {
    result.how = DescribeWait(status);
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  } else {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    result.how = "no exit within " + std::to_string(timeout.count()) + " ms";
  }
  return result;
}

}  // namespace lab::testing
