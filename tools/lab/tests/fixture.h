// A throw-away lab repository for the runner's tests: two lessons laid out by the
// repository's conventions, optionally a git checkout.
#ifndef LAB_RUNNER_TESTS_FIXTURE_H_
#define LAB_RUNNER_TESTS_FIXTURE_H_

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

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

// Sets a file's modification time to `seconds` since the epoch (what `cp -p`, `mv`
// and tar leave: the time of the older copy).
inline void SetMtime(const fs::path& path, int64_t seconds) {
  timespec times[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

inline int64_t MtimeNs(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

// A lesson that really builds, in the repository's shape but tiny: lesson 01's folder
// becomes a CMake project whose target lab-01 builds bin/test_lesson01, a GoogleTest
// program (GoogleTest found as the repository finds it: find_package(GTest CONFIG))
// testing alpha.cc's Answer(). Its one test stands in for the harness's watchdog: an
// Answer() that does not return within 2 s is reported as "[  HUNG    ]".
inline void WriteBuildableLesson(const fs::path& root) {
  Write(root / "CMakeLists.txt",
        "cmake_minimum_required(VERSION 3.25)\n"
        "project(lab_fixture LANGUAGES CXX)\n"
        "set(CMAKE_CXX_STANDARD 17)\n"
        "set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)\n"
        "find_package(GTest CONFIG REQUIRED)\n"
        "find_program(LAB_LLD ld.lld)\n"
        "if(LAB_LLD)\n  add_link_options(-fuse-ld=lld)\nendif()\n"
        "add_subdirectory(lessons/01-alpha)\n");
  Write(root / "lessons/01-alpha/CMakeLists.txt",
        "add_library(lesson01 STATIC alpha.cc)\n"
        "add_executable(test_lesson01 ${CMAKE_SOURCE_DIR}/tests/01-alpha/alpha_test.cc)\n"
        "target_link_libraries(test_lesson01 PRIVATE lesson01 GTest::gtest_main)\n"
        "add_custom_target(lab-01 DEPENDS test_lesson01)\n");
  Write(
      root / "tests/01-alpha/alpha_test.cc",
      "#include <gtest/gtest.h>\n\n#include <chrono>\n#include <cstdio>\n"
      "#include <cstdlib>\n#include <future>\n\nint Answer();\n\n"
      "// 1.1 Answer returns 42.\n"
      "TEST(Lesson01Alpha, AnswerIsRight) {\n"
      "  auto answer = std::async(std::launch::async, Answer);\n"
      "  if (answer.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {\n"
      "    std::printf(\"\\n[  HUNG    ] Lesson01Alpha.AnswerIsRight did not finish \"\n"
      "                \"within 2 s. Look at lessons/01-alpha/alpha.cc.\\n\");\n"
      "    std::fflush(stdout);\n"
      "    std::_Exit(3);\n"
      "  }\n"
      "  int got = answer.get();\n"
      "  std::printf(\"answer table: %d\\n\", got);\n"
      "  EXPECT_EQ(got, 42) << \"Answer() must return the answer, 42\";\n"
      "}\n");
}

class FixtureRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = MakeTempDir();
    WriteLessons(root_);
  }

 public:
  // Two lessons (01-alpha with hints, 02-beta without) and a folder that is none.
  static void WriteLessons(const fs::path& root) {
    Write(root / "CMakeLists.txt", "# fixture\n");
    Write(root / "lessons/01-alpha/README.md",
          "# 01 — Alpha things\n\nTime: about 25 minutes.\n\nText.\n");
    Write(root / "lessons/01-alpha/HINTS.md",
          "# Hints for lesson 01\n\n## Hint 1\n\nFirst nudge.\n\n## Hint 2\n\nSecond, "
          "closer.\n\n## Hint 3\n\nAlmost the answer.\n");
    Write(root / "lessons/01-alpha/alpha.cc", kStarter);
    Write(root / "lessons/01-alpha/alpha.h", "int Answer();\n");
    Write(root / "solutions/01-alpha/alpha.cc", "int Answer() { return 42; }\n");
    Write(root / "tests/01-alpha/alpha_test.cc",
          "// 1.1 Answer returns 42.\nTEST(Lesson01Alpha, AnswerIsRight) {}\n");
    Write(root / "lessons/02-beta/README.md", "# 02 — Beta\n");
    Write(root / "lessons/02-beta/beta.cc", "// TODO(lesson02): x\n");
    Write(root / "solutions/02-beta/beta.cc", "// done\n");
    Write(root / "tests/02-beta/beta_test.cc", "TEST(Lesson02Beta, DoesAThing) {}\n");
    Write(root / "lessons/notes/README.md", "# not a lesson\n");
  }

 protected:
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
