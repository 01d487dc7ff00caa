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
  double build_seconds = 0;
  double test_seconds = 0;
  std::string fingerprint;  // LessonFingerprint() when the check started
  bool passed() const { return verdict == Verdict::kPassed; }
  const TestOutcome* FirstFailure() const;
};

// Configures ctx.build when it has no CMakeCache.txt. False with *error on failure.
// True when every edit file of `lesson` is byte for byte its shipped starter (see
// ShippedStarter): the learner has not begun.
bool EditFilesAreStarter(const fs::path& root, const Lesson& lesson);

bool EnsureConfigured(const Context& ctx, std::string* error, bool quiet = false);

// Builds lab-NN, runs test_lessonNN and classifies the result. `progress` (may be
// empty) is told what is happening ("building", "testing").
CheckResult CheckLesson(const Context& ctx, const Lesson& lesson,
                        const std::function<void(const std::string&)>& progress = {});

// Pure parts (exposed for tests) -------------------------------------------------

// The compiler's (or linker's, or CMake's) first error from a build log: the error
// line with its file and line, and the few lines of context after it.
std::string FirstBuildError(const std::string& log, const fs::path& root);

// Combines the checklist with GoogleTest's JSON report (may be empty when the program
// died before writing it) and its console output.
CheckResult ClassifyRun(const std::vector<ChecklistItem>& checklist,
                        const std::string& gtest_json, const ProcessResult& run,
                        const fs::path& root);

}  // namespace lab::runner

#endif  // LAB_RUNNER_CHECK_H_
