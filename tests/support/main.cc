// main() for every graded test binary. Beyond GoogleTest's own main it turns the two
// ways a learner's code can fail without an assertion into clear messages:
//   - a hang: a watchdog names the test that has not finished after a time limit;
//   - a crash: a signal handler names the test that was running.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

#include "lab/lesson_info.h"
#include "lab/testing.h"

namespace {

// Seconds one test may take before the watchdog calls it hung (LAB_TEST_SECONDS).
int TestLimitSeconds() {
  const char* env = std::getenv("LAB_TEST_SECONDS");
  int seconds = env ? std::atoi(env) : 0;
  return seconds > 0 ? seconds : 20;
}

// Written before the crash handler can run; read only from it.
char g_current_test[512] = "(outside any test)";
char g_where[1024] = "";

std::string WhereToLook() {
  const lab::testing::LessonInfo& info = lab::testing::ThisLesson();
  if (std::string(info.kind) == "lesson") {
    return "Look at your code in " + lab::testing::EditFilesHint() + ".";
  }
  return std::string("This is the ") + info.kind + " build of " + info.dir + ".";
}

class Watchdog : public ::testing::EmptyTestEventListener {
 public:
  Watchdog() : thread_([this] { Run(); }) {}
  ~Watchdog() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  void OnTestStart(const ::testing::TestInfo& test) override {
    std::string name = std::string(test.test_suite_name()) + "." + test.name();
    std::snprintf(g_current_test, sizeof g_current_test, "%s", name.c_str());
    std::lock_guard<std::mutex> lock(mu_);
    name_ = name;
    deadline_ =
        std::chrono::steady_clock::now() + std::chrono::seconds(TestLimitSeconds());
    running_ = true;
    cv_.notify_all();
  }
  void OnTestEnd(const ::testing::TestInfo&) override {
    std::lock_guard<std::mutex> lock(mu_);
    running_ = false;
    cv_.notify_all();
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!done_) {
      if (!running_) {
        cv_.wait(lock);
        continue;
      }
      auto deadline = deadline_;
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && running_ &&
          deadline_ == deadline) {
        std::fprintf(stderr,
                     "\n[  HUNG    ] %s did not finish within %d s. Something blocks "
                     "forever: a handler that never returns, a stream never finished, a "
                     "lock never released. %s\n",
                     name_.c_str(), TestLimitSeconds(), WhereToLook().c_str());
        std::fflush(stderr);
        std::_Exit(3);
      }
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::string name_;
  std::chrono::steady_clock::time_point deadline_;
  bool running_ = false;
  bool done_ = false;
  std::thread thread_;
};

void Say(const char* text) {
  if (!text) return;
  [[maybe_unused]] ssize_t n = write(STDERR_FILENO, text, std::strlen(text));
}

// Names the running test; the lines the program printed just before (gRPC's own
// "assertion failed: ...", an exception's what()) stay above it for `lab` to show.
void OnCrash(int sig) {
  // Only async-signal-safe calls here.
  Say("\n[  CRASH   ] ");
  Say(g_current_test);
  Say(" crashed the test program: signal ");
  Say(sigabbrev_np(sig));
  Say(" (");
  Say(sigdescr_np(sig));
  Say("). ");
  Say(g_where);
  Say("\n");
  raise(sig);  // SA_RESETHAND put the default action back: the program ends by `sig`
}

// The crash handler runs on a stack of its own, so that a stack overflow (endless
// recursion) in the main thread is reported like any other crash.
void InstallCrashHandler() {
  static char alt_stack[64 * 1024];
  stack_t stack{};
  stack.ss_sp = alt_stack;
  stack.ss_size = sizeof alt_stack;
  sigaltstack(&stack, nullptr);
  struct sigaction action {};
  action.sa_handler = OnCrash;
  action.sa_flags = SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) {
    sigaction(sig, &action, nullptr);
  }
}

bool UnderSanitizer() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return true;
#else
  return false;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  std::snprintf(g_where, sizeof g_where, "%s", WhereToLook().c_str());
  if (!UnderSanitizer()) InstallCrashHandler();  // sanitizers report crashes better
  ::testing::UnitTest::GetInstance()->listeners().Append(new Watchdog);
  const int rc = RUN_ALL_TESTS();  // the results are written by now
  if (lab::testing::EndsWithoutTeardown()) {
    std::fflush(nullptr);
    std::_Exit(rc);
  }
  return rc;
}
