// The runner on a lesson that really builds (tests/fixture.h, WriteBuildableLesson):
// verdicts follow the files' content, whatever their modification times say; a crash
// shows the program's last words; --verbose shows what the tests printed. The suite
// shares one fixture repository and build folder (configured and built once), as a
// learner's checks do; every test first writes the files it starts from.
#include <gtest/gtest.h>

#include "app.h"
#include "check.h"
#include "content.h"
#include "fixture.h"

namespace lab::runner {
namespace {

using testing::MtimeNs;
using testing::SetMtime;
using testing::Write;

constexpr const char* kPassing = "int Answer() { return 42; }\n";
constexpr const char* kFailing = "int Answer() { return 41; }  // off by one\n";
constexpr const char* kHanging =
    "#include <chrono>\n#include <thread>\n\n"
    "int Answer() {\n  for (;;) "
    "std::this_thread::sleep_for(std::chrono::seconds(1));\n}\n";
constexpr const char* kCrashing =
    "#include <cstdio>\n#include <cstdlib>\n\n"
    "int Answer() {\n"
    "  std::fprintf(stderr, \"E0101 12:00:00.000000000   4242 call.cc:1] API misuse of "
    "type GRPC_CALL_ERROR_TOO_MANY_OPERATIONS\\n\");\n"
    "  std::abort();\n}\n";
constexpr int64_t kLastYear = 1700000000;  // an older copy's time: before any build

class RealBuild : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(testing::MakeTempDir());
    testing::FixtureRepo::WriteLessons(*root_);
    testing::WriteBuildableLesson(*root_);
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*root_, ec);
    delete root_;
  }
  void SetUp() override {
    app_ = std::make_unique<App>();
    std::string error;
    ASSERT_TRUE(
        MakeApp(root_->string(), (*root_ / "build").string(), "lab", app_.get(), &error))
        << error;
    lesson_ = &app_->lessons[0];
  }

  fs::path Alpha() const { return lesson_->dir / "alpha.cc"; }
  // Writes alpha.cc with a fresh time, and checks it as `lab check 01` does.
  CheckResult CheckWith(const std::string& source) {
    Write(Alpha(), source);
    return Check();
  }
  CheckResult Check() { return RunCheck(*app_, *lesson_); }
  LessonState Recorded() { return app_->store.Load().lessons["01"]; }
  std::string ListOutput() {
    ::testing::internal::CaptureStdout();
    CmdList(*app_);
    return ::testing::internal::GetCapturedStdout();
  }
  static std::string Explain(const CheckResult& r) {
    return std::string(VerdictName(r.verdict)) + ": " + r.error +
           (r.tests.empty() ? "" : " / " + r.tests[0].message);
  }

  static fs::path* root_;
  std::unique_ptr<App> app_;
  const Lesson* lesson_ = nullptr;
};
fs::path* RealBuild::root_ = nullptr;

// `cp -p` of an older, failing version over a passing one: the old time makes the file
// look older than the build, yet the verdict (and what `lab list` shows) is the new
// content's.
TEST_F(RealBuild, CopyKeepingAnOlderTimeIsRebuilt) {
  CheckResult pass = CheckWith(kPassing);
  ASSERT_EQ(pass.verdict, Verdict::kPassed) << Explain(pass);
  fs::path old = *root_ / "backup/alpha.cc";
  Write(old, kFailing);
  SetMtime(old, kLastYear);
  ProcessResult cp = RunProcess({"cp", "-p", old.string(), Alpha().string()});
  ASSERT_TRUE(cp.ok()) << cp.output;
  ASSERT_LT(MtimeNs(Alpha()), MtimeNs(TestBinaryPath(app_->ctx, *lesson_)));

  CheckResult after = Check();
  EXPECT_EQ(after.verdict, Verdict::kFailing) << Explain(after);
  EXPECT_EQ(after.touched, std::vector<fs::path>{Alpha()});
  EXPECT_EQ(Recorded().status, Status::kFailing);
  EXPECT_NE(ShownStatus(*lesson_, Recorded()), Shown::kPassed);
  std::string list = ListOutput();
  std::string row = list.substr(list.find("  01 "));
  row = row.substr(0, row.find('\n'));
  EXPECT_EQ(row.find("passed"), std::string::npos) << list;
  EXPECT_NE(row.find("failing"), std::string::npos) << list;
}

// `mv` of a fixed file (written before the last build) over one that hangs.
TEST_F(RealBuild, MovingAFixedFileOverAHangingOneIsNotHung) {
  fs::path fixed = *root_ / "stash/alpha.cc";
  Write(fixed, kPassing);
  SetMtime(fixed, kLastYear);
  CheckResult hung = CheckWith(kHanging);
  ASSERT_EQ(hung.verdict, Verdict::kHung) << Explain(hung);

  fs::rename(fixed, Alpha());
  CheckResult after = Check();
  EXPECT_EQ(after.verdict, Verdict::kPassed) << Explain(after);
  EXPECT_EQ(Recorded().fingerprint, LessonFingerprint(*lesson_));
  EXPECT_EQ(ShownStatus(*lesson_, Recorded()), Shown::kPassed);
}

// A tar archive of an older, passing version, extracted over a failing one: tar
// restores the archived (old) time.
TEST_F(RealBuild, ExtractingAnOlderVersionFromTarGetsItsVerdict) {
  Write(Alpha(), kPassing);
  SetMtime(Alpha(), kLastYear);
  fs::path tarball = *root_ / "alpha-v1.tar";
  ProcessResult tar = RunProcess({"tar", "-cf", tarball.string(), "-C", root_->string(),
                                  "lessons/01-alpha/alpha.cc"});
  ASSERT_TRUE(tar.ok()) << tar.output;
  CheckResult failing = CheckWith(kFailing);
  ASSERT_EQ(failing.verdict, Verdict::kFailing) << Explain(failing);

  ProcessResult untar =
      RunProcess({"tar", "-xf", tarball.string(), "-C", root_->string()});
  ASSERT_TRUE(untar.ok()) << untar.output;
  ASSERT_EQ(testing::Read(Alpha()), kPassing);
  CheckResult after = Check();
  EXPECT_EQ(after.verdict, Verdict::kPassed) << Explain(after);
  EXPECT_EQ(ShownStatus(*lesson_, Recorded()), Shown::kPassed);
}

// Checking again without a change neither touches nor rebuilds anything.
TEST_F(RealBuild, AnUnchangedLessonIsNotTouched) {
  ASSERT_EQ(CheckWith(kPassing).verdict, Verdict::kPassed);
  int64_t before = MtimeNs(Alpha());
  CheckResult again = Check();
  EXPECT_EQ(again.verdict, Verdict::kPassed);
  EXPECT_TRUE(again.touched.empty());
  EXPECT_EQ(MtimeNs(Alpha()), before);
  EXPECT_LT(again.content_check_ms, 200) << "the content check must cost milliseconds";
}

// A program that dies of a signal (here without the harness's CRASH line) shows what
// it printed just before, and where to look.
TEST_F(RealBuild, ACrashShowsTheProgramsLastWords) {
  CheckResult crashed = CheckWith(kCrashing);
  ASSERT_EQ(crashed.verdict, Verdict::kCrashed) << Explain(crashed);
  EXPECT_EQ(crashed.tests[0].status, TestStatus::kCrashed);
  EXPECT_EQ(crashed.last_words,
            std::vector<std::string>{"gRPC: API misuse of type "
                                     "GRPC_CALL_ERROR_TOO_MANY_OPERATIONS"});
  ::testing::internal::CaptureStdout();
  PrintVerdict(*app_, *lesson_, crashed, Recorded());
  std::string out = ::testing::internal::GetCapturedStdout();
  size_t what = out.find("What happened:");
  size_t words = out.find("GRPC_CALL_ERROR_TOO_MANY_OPERATIONS");
  size_t step = out.find("1.1 Answer returns 42.");
  EXPECT_LT(what, words) << out;
  EXPECT_LT(words, step) << "what happened comes under the verdict\n" << out;
  EXPECT_NE(out.find("SIGABRT"), std::string::npos) << out;
  EXPECT_NE(out.find("Look at your code in lessons/01-alpha/alpha.cc"), std::string::npos)
      << out;
}

// --verbose shows what each test printed (lesson 02's size table, here a line).
TEST_F(RealBuild, VerboseShowsWhatTheTestsPrinted) {
  CheckResult r = CheckWith(kFailing);
  ASSERT_EQ(r.verdict, Verdict::kFailing) << Explain(r);
  ::testing::internal::CaptureStdout();
  PrintTestOutput(*app_, r);
  std::string out = ::testing::internal::GetCapturedStdout();
  size_t label = out.find("1.1 Answer returns 42.");
  EXPECT_NE(label, std::string::npos) << out;
  EXPECT_NE(out.find("answer table: 41", label), std::string::npos) << out;
  EXPECT_EQ(out.find("[ RUN      ]"), std::string::npos) << out;
}

}  // namespace
}  // namespace lab::runner
