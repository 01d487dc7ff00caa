// Checking one lesson: build only what it needs (target lab-NN), run its graded tests
// against the learner's code, and turn the output into a verdict and a checklist.
#ifndef LAB_RUNNER_CHECK_H_
#define LAB_RUNNER_CHECK_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "context.h"
#include "lessons.h"

namespace lab::runner {

enum class TestStatus { kPassed, kFailed, kHung, kCrashed, kNotRun };

struct TestOutcome {
  std::string id;     // "Suite.Name"
  std::string label;  // from the checklist
  TestStatus status = TestStatus::kNotRun;
  double seconds = 0;
  std::string message;  // the first failure message, paths relative to the root
};

enum class Verdict {
  kPassed,        // every graded test passed, just now
  kNotStarted,    // failing, and every failure is a starter's "not started yet",
                  // or every edit file is still the shipped starter
  kFailing,       // at least one graded test fails
  kCompileError,  // the lesson does not build
  kHung,          // a test did not finish (the harness's watchdog)
  kCrashed,       // the test program crashed
  kTimedOut,      // the whole run exceeded the runner's time limit
  kSetupError,    // no build folder / cmake failed / test binary missing
};
const char* VerdictName(Verdict v);  // "passed", "not_started", "failing", ...

struct CheckResult {
  Verdict verdict = Verdict::kSetupError;
  std::vector<TestOutcome> tests;  // in checklist order
  std::string error;               // compile error excerpt, or what went wrong
  // A crash: the last lines the program printed before it (see LastWordsBeforeCrash).
  std::vector<std::string> last_words;
  double build_seconds = 0;
  double test_seconds = 0;
  // LessonFingerprint() of the files the tests were built from; "" when they kept
  // changing during the build (then no pass is recorded as one).
  std::string fingerprint;
  std::string command;            // the test program as run, relative to the root
  std::string output;             // what it printed, every run (for --verbose)
  std::vector<fs::path> touched;  // files whose time was set so the build follows them
  double content_check_ms = 0;    // time spent comparing the files with the record
  bool passed() const { return verdict == Verdict::kPassed; }
  const TestOutcome* FirstFailure() const;
};

// True when every edit file of `lesson` is byte for byte its shipped starter (see
// ShippedStarter): the learner has not begun.
bool EditFilesAreStarter(const fs::path& root, const Lesson& lesson);

// Configures ctx.build when it has no CMakeCache.txt. False with *error on failure.
bool EnsureConfigured(const Context& ctx, std::string* error, bool quiet = false);

// Builds lab-NN so that it follows the files' content (content.h), runs
// test_lessonNN and classifies the result. `progress` (may be empty) is told what is
// happening ("building", "testing").
CheckResult CheckLesson(const Context& ctx, const Lesson& lesson,
                        const std::function<void(const std::string&)>& progress = {});

// Pure parts (exposed for tests) -------------------------------------------------

// The compiler's (or protoc's, the linker's, CMake's) first error from a build log:
// the error line with its file and line, and the few lines of context after it. A
// protoc error names the .proto by its path from the root and shows its line.
std::string FirstBuildError(const std::string& log, const fs::path& root);

// "SIGSEGV (Segmentation fault)".
std::string SignalName(int signal);

// Combines the checklist with GoogleTest's JSON report (may be empty when the program
// died before writing it) and its console output.
CheckResult ClassifyRun(const std::vector<ChecklistItem>& checklist,
                        const std::string& gtest_json, const ProcessResult& run,
                        const fs::path& root);

}  // namespace lab::runner

#endif  // LAB_RUNNER_CHECK_H_
