// A throw-away lab repository for the runner's tests: two lessons laid out by the
// repository's conventions, optionally a git checkout.
#ifndef LAB_RUNNER_TESTS_FIXTURE_H_
#define LAB_RUNNER_TESTS_FIXTURE_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "util.h"

namespace lab::runner::testing {

inline fs::path MakeTempDir() {
  std::string tmpl = (fs::temp_directory_path() / "lab-runner-test-XXXXXX").string();
  char* dir = mkdtemp(tmpl.data());
  EXPECT_NE(dir, nullptr);
  return dir ? fs::path(dir) : fs::path();
}

inline void Write(const fs::path& path, const std::string& text) {
  ASSERT_TRUE(WriteFileAtomic(path, text)) << path;
}

inline std::string Read(const fs::path& path) {
  return ReadFile(path).value_or("<none>");
}

class FixtureRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = MakeTempDir();
    Write(root_ / "CMakeLists.txt", "# fixture\n");
    Write(root_ / "lessons/01-alpha/README.md",
          "# 01 — Alpha things\n\nTime: about 25 minutes.\n\nText.\n");
    Write(root_ / "lessons/01-alpha/HINTS.md",
          "# Hints for lesson 01\n\n## Hint 1\n\nFirst nudge.\n\n## Hint 2\n\nSecond, "
          "closer.\n\n## Hint 3\n\nAlmost the answer.\n");
    Write(root_ / "lessons/01-alpha/alpha.cc", kStarter);
    Write(root_ / "lessons/01-alpha/alpha.h", "int Answer();\n");
    Write(root_ / "solutions/01-alpha/alpha.cc", "int Answer() { return 42; }\n");
    Write(root_ / "tests/01-alpha/alpha_test.cc",
          "// 1.1 Answer returns 42.\nTEST(Lesson01Alpha, AnswerIsRight) {}\n");
    Write(root_ / "lessons/02-beta/README.md", "# 02 — Beta\n");
    Write(root_ / "lessons/02-beta/beta.cc", "// TODO(lesson02): x\n");
    Write(root_ / "solutions/02-beta/beta.cc", "// done\n");
    Write(root_ / "tests/02-beta/beta_test.cc", "TEST(Lesson02Beta, DoesAThing) {}\n");
    Write(root_ / "lessons/notes/README.md", "# not a lesson\n");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // Makes the fixture a git checkout with everything committed.
  void GitInit() {
    Git({"init", "-q"});
    Git({"add", "-A"});
    Git({"commit", "-q", "-m", "starters"});
  }
  void Git(std::vector<std::string> args) {
    std::vector<std::string> argv = {"git",
                                     "-C",
                                     root_.string(),
                                     "-c",
                                     "user.name=Lab Test",
                                     "-c",
                                     "user.email=lab@example.invalid"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult r = RunProcess(argv);
    ASSERT_TRUE(r.ok()) << r.output;
  }

  static constexpr const char* kStarter =
      "// TODO(lesson01): return the answer.\nint Answer() { return 0; }\n";
  fs::path root_;
};

}  // namespace lab::runner::testing

#endif  // LAB_RUNNER_TESTS_FIXTURE_H_
