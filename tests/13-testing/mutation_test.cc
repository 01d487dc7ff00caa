// Lesson 13 graded tests: your tests are graded by mutants. The build links your tests
// (lessons/13-testing/client_test.cc and service_test.cc) once against the given code
// and once against each mutant: a copy of that code with one bug in it
// (tests/13-testing/mutants/). Your tests must pass on the given code and fail on every
// mutant. These tests run those programs and say which mutants survived.
#include "lab/mutation.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "lab/lesson_info.h"
#include "lab/process.h"

namespace lab::testing {
namespace {

using namespace std::chrono_literals;

// How one program of your tests ended.
struct TestRun {
  ProcessResult process;
  std::vector<std::string> failed;  // the names of the tests that failed
  std::vector<std::string> todos;   // what a starter's placeholder test printed
  bool passed() const { return process.exit_code == 0; }
};

TestRun Run(const std::string& program) {
  TestRun run;
  // Each program finishes in well under a second; the limit is for a test that hangs.
  run.process = RunProcess(program, {"--gtest_color=no"}, 15s);
  std::istringstream lines(run.process.output);
  std::set<std::string> seen;
  for (std::string line; std::getline(lines, line);) {
    const std::string failed = "[  FAILED  ] ";
    if (line.rfind(failed, 0) == 0) {
      std::string name = line.substr(failed.size());
      name = name.substr(0, name.find_first_of(" ,"));
      if (name.find('.') != std::string::npos && seen.insert(name).second) {
        run.failed.push_back(name);
      }
    }
    if (line.find("TODO(lesson13)") != std::string::npos) run.todos.push_back(line);
  }
  return run;
}

// The runs, started together in the background (the environment below) and waited for
// by the tests that need them.
std::map<std::string, std::shared_future<TestRun>>& Runs() {
  static std::map<std::string, std::shared_future<TestRun>> runs;
  return runs;
}

const TestRun& RunOf(const std::string& program) {
  auto it = Runs().find(program);
  if (it == Runs().end()) {
    it = Runs()
             .emplace(program, std::async(std::launch::async, Run, program).share())
             .first;
  }
  return it->second.get();
}

// "KillsClientIgnoresDeadline" for client-ignores-deadline.
std::string TestName(const Mutant& mutant) {
  std::string name = "Kills";
  bool upper = true;
  for (char c : mutant.slug) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

// The last lines a program printed, for a message.
std::string Tail(const std::string& output, int lines = 15) {
  size_t pos = output.size();
  for (int i = 0; i <= lines && pos != std::string::npos && pos > 0; ++i) {
    pos = output.rfind('\n', pos - 1);
  }
  return pos == std::string::npos ? output : output.substr(pos + 1);
}

std::string Joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

// Starts every run the selected tests need before the first test waits for one.
class StartRuns : public ::testing::Environment {
 public:
  void SetUp() override {
    const MutationBuilds& builds = TheMutationBuilds();
    RunStarted(builds.reference);
    const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
    for (const Mutant& mutant : builds.mutants) {
      for (int s = 0; s < unit.total_test_suite_count(); ++s) {
        const ::testing::TestSuite& suite = *unit.GetTestSuite(s);
        for (int t = 0; t < suite.total_test_count(); ++t) {
          const ::testing::TestInfo& info = *suite.GetTestInfo(t);
          if (info.should_run() && info.name() == TestName(mutant)) {
            RunStarted(mutant.program);
          }
        }
      }
    }
  }

 private:
  static void RunStarted(const std::string& program) {
    Runs().emplace(program, std::async(std::launch::async, Run, program).share());
  }
};

// A starter's placeholder test still says it does not test the mutant's file: "TODO(
// lesson13): client_test.cc does not test order_client.cc yet".
bool NotStarted(const TestRun& reference, const Mutant& mutant) {
  for (const std::string& line : reference.todos) {
    std::istringstream files(mutant.files);
    for (std::string file; std::getline(files >> std::ws, file, ',');) {
      if (line.find(file) != std::string::npos) return true;
    }
  }
  return false;
}

// Your tests fail on mutant `mutant`: at least one of them catches its bug.
void ExpectKilled(const Mutant& mutant) {
  const TestRun& reference = RunOf(TheMutationBuilds().reference);
  ASSERT_TRUE(reference.passed())
      << "first make your tests pass on the given code (step 1): a test that fails "
         "there fails on every mutant too, and catches nothing";
  const TestRun& run = RunOf(mutant.program);
  if (!run.passed()) return;  // killed
  // Its words, never its code: what it breaks, and what a test that catches it does.
  ADD_FAILURE() << (NotStarted(reference, mutant) ? "not started yet: " : "")
                << "mutant survived (" << mutant.files << "): " << mutant.what
                << " No test of yours fails on it.\nAdd a test that " << mutant.untested
                << " (edit " << EditFilesHint() << ").";
}

// Step 1: your tests pass on the given, correct code.
TEST(Lesson13Testing, YourTestsPassOnTheGivenCode) {
  const TestRun& run = RunOf(TheMutationBuilds().reference);
  EXPECT_TRUE(run.passed())
      << "your tests fail on the given code, which is correct: "
      << (run.failed.empty() ? run.process.how : Joined(run.failed))
      << ".\nA test that fails on correct code catches nothing. Run them by hand: "
      << TheMutationBuilds().reference << "\nIts last lines:\n"
      << Tail(run.process.output);
}

// Steps 2 and 3: one test per mutant in tests/13-testing/mutants/, named after it.
[[maybe_unused]] const bool registered = [] {
  ::testing::AddGlobalTestEnvironment(new StartRuns);
  for (const Mutant& mutant : TheMutationBuilds().mutants) {
    ::testing::RegisterTest("Lesson13Testing", TestName(mutant).c_str(), nullptr, nullptr,
                            __FILE__, __LINE__, [mutant]() -> ::testing::Test* {
                              class Kill : public ::testing::Test {
                               public:
                                explicit Kill(Mutant m) : mutant_(std::move(m)) {}
                                void TestBody() override { ExpectKilled(mutant_); }

                               private:
                                Mutant mutant_;
                              };
                              return new Kill(mutant);
                            });
  }
  return true;
}();

}  // namespace
}  // namespace lab::testing
