// The runner's own tests, on a throw-away fixture repository (tests/fixture.h).
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "app.h"
#include "check.h"
#include "content.h"
#include "fixture.h"
#include "lessons.h"
#include "report.h"
#include "starter.h"
#include "state.h"

namespace lab::runner {
namespace {

using testing::FixtureRepo;
using testing::Read;
using testing::Write;

App MakeFixtureApp(const fs::path& root) {
  App app;
  std::string error;
  EXPECT_TRUE(MakeApp(root.string(), (root / "build").string(), "lab", &app, &error))
      << error;
  return app;
}

// --- Discovery ---------------------------------------------------------------------

TEST_F(FixtureRepo, DiscoversLessonsByConvention) {
  std::vector<Lesson> lessons = DiscoverLessons(root_);
  ASSERT_EQ(lessons.size(), 2u) << "lessons/notes is not NN-topic and must be skipped";
  EXPECT_EQ(lessons[0].nn, "01");
  EXPECT_EQ(lessons[0].title, "01 — Alpha things");
  EXPECT_EQ(lessons[0].minutes, 25);
  EXPECT_EQ(lessons[0].hints.size(), 3u);
  EXPECT_EQ(lessons[0].hints[1], "Second, closer.");
  EXPECT_EQ(lessons[0].edit_files, std::vector<std::string>{"alpha.cc"});
  EXPECT_EQ(lessons[1].nn, "02");
  EXPECT_EQ(lessons[1].minutes, 0) << "no Time: line";
  EXPECT_TRUE(lessons[1].hints.empty()) << "no HINTS.md";
  EXPECT_EQ(FindLesson(lessons, "2"), &lessons[1]);
  EXPECT_EQ(FindLesson(lessons, "02-beta"), &lessons[1]);
  EXPECT_EQ(FindLesson(lessons, "07"), nullptr);
}

TEST_F(FixtureRepo, AnUnknownLessonIsAOneLineError) {
  App app = MakeFixtureApp(root_);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(CmdCheck(app, "07", false), kExitUsage);
  EXPECT_EQ(CmdHint(app, "7", false), kExitUsage);
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("there is no lesson 07 (lessons here: 01 02)"), std::string::npos)
      << err;
  EXPECT_FALSE(fs::exists(root_ / ".lab/state.json")) << "nothing recorded";
}

TEST(Checklist, LabelsComeFromTheCommentAboveEachTest) {
  std::string source =
      "// ------------------\n"
      "// Part 1: the service.\n"
      "\n"
      "// 1.1 SayHello answers \"Hello, <name>!\".\n"
      "TEST_F(Lesson03Unary, SayHelloGreetsByName) {\n}\n"
      "// 3.3 The client hands back the server's error, code and message, instead of\n"
      "//     swallowing it.\n"
      "TEST(Lesson03UnaryClient, ClientReturnsTheServersStatus) {}\n"
      "TEST(Lesson03UnaryClient, ClientSetsADeadline) {}\n";
  std::vector<ChecklistItem> items = ParseChecklist(source);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].id, "Lesson03Unary.SayHelloGreetsByName");
  EXPECT_EQ(items[0].label, "1.1 SayHello answers \"Hello, <name>!\".");
  EXPECT_EQ(items[1].label,
            "3.3 The client hands back the server's error, code and message, instead of "
            "swallowing it.");
  EXPECT_EQ(items[2].label, "Client sets A deadline") << "no comment: the name, split";
  EXPECT_EQ(SplitCamelCase("GetProductStockReturnsStock"),
            "Get product stock returns stock");
}

TEST_F(FixtureRepo, FingerprintFollowsTheLessonsCode) {
  Lesson lesson = DiscoverLessons(root_)[0];
  std::string before = LessonFingerprint(lesson);
  Write(root_ / "lessons/01-alpha/HINTS.md", "## Hint 1\n\nchanged\n");
  EXPECT_EQ(LessonFingerprint(lesson), before) << "hints do not change a verdict";
  Write(root_ / "lessons/01-alpha/alpha.cc", "int Answer() { return 42; }\n");
  EXPECT_NE(LessonFingerprint(lesson), before);

  LessonState passed;
  passed.status = Status::kPassed;
  passed.fingerprint = before;
  EXPECT_EQ(ShownStatus(lesson, passed), Shown::kChanged)
      << "a pass seen on other code is not a pass now";
  passed.fingerprint = LessonFingerprint(lesson);
  EXPECT_EQ(ShownStatus(lesson, passed), Shown::kPassed);
}

// Fingerprints stored before the content check existed stay valid: the same formula.
TEST_F(FixtureRepo, FingerprintIsTheStoredFormula) {
  Lesson lesson = DiscoverLessons(root_)[0];
  uint64_t h = Fnv1a("lab-fingerprint-1");
  for (const char* f : {"lessons/01-alpha/alpha.cc", "lessons/01-alpha/alpha.h",
                        "tests/01-alpha/alpha_test.cc"}) {
    h = Fnv1a(fs::path(f).filename().string() + '\0', h);
    h = Fnv1a(Read(root_ / f) + '\0', h);
  }
  LessonSnapshot snapshot = SnapshotLesson(lesson);
  EXPECT_EQ(snapshot.fingerprint, Hex64(h));
  EXPECT_EQ(LessonFingerprint(lesson), Hex64(h));
  ASSERT_EQ(snapshot.files.size(), 3u) << "README.md and HINTS.md are left out";
  EXPECT_EQ(snapshot.files[0].hash, Fnv1a(Read(root_ / "lessons/01-alpha/alpha.cc")));
}

// --- Builds that follow the content ------------------------------------------------

TEST(ContentRecord, RoundTripsAndRefusesWhatIsNotOne) {
  ContentRecord record;
  record.binary = "1700000000123456789 4096";
  record.hashes["lessons/01-alpha/alpha.cc"] = 0x0123456789abcdefULL;
  record.hashes["tests/01-alpha/a test.cc"] = 7;
  std::optional<ContentRecord> back = RecordFromText(RecordToText(record));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->binary, record.binary);
  EXPECT_EQ(back->hashes, record.hashes);
  EXPECT_FALSE(RecordFromText("").has_value());
  EXPECT_FALSE(RecordFromText("lab-content-record 1\nbinary -\nxyz lessons/a.cc\n"));
}

TEST_F(FixtureRepo, StaleFilesAreThoseWhoseContentDiffers) {
  Lesson lesson = DiscoverLessons(root_)[0];
  LessonSnapshot built = SnapshotLesson(lesson);
  ContentRecord record = MakeRecord(built, root_, "1 2");
  fs::path alpha = root_ / "lessons/01-alpha/alpha.cc";
  EXPECT_TRUE(StaleFiles(built, record, "1 2", true, root_, lesson).empty())
      << "nothing changed";
  Write(alpha, "int Answer() { return 41; }\n");
  LessonSnapshot now = SnapshotLesson(lesson);
  EXPECT_EQ(StaleFiles(now, record, "1 2", true, root_, lesson),
            std::vector<fs::path>{alpha});
  EXPECT_EQ(StaleFiles(now, record, "3 4", true, root_, lesson),
            std::vector<fs::path>{alpha})
      << "the test binary was rebuilt by someone else: the record says nothing now, so "
         "the files a learner edits are rebuilt";
  EXPECT_EQ(StaleFiles(now, std::nullopt, "-", true, root_, lesson),
            std::vector<fs::path>{alpha})
      << "no record, but things were built here: the files a learner edits";
  EXPECT_TRUE(StaleFiles(now, std::nullopt, "-", false, root_, lesson).empty())
      << "nothing was ever built here: the first build follows the content anyway";
}

TEST_F(FixtureRepo, SyncTouchesOnlyWhatChangedSinceTheLastBuild) {
  App app = MakeFixtureApp(root_);
  const Lesson& lesson = app.lessons[0];
  fs::path alpha = lesson.dir / "alpha.cc", header = lesson.dir / "alpha.h";
  EXPECT_FALSE(LessonBuiltBefore(app.ctx, lesson));
  EXPECT_TRUE(
      SyncTimesWithContent(app.ctx, lesson, SnapshotLesson(lesson)).touched.empty());
  Write(app.ctx.build / "lessons/01-alpha/CMakeFiles/lesson01.dir/alpha.cc.o", "obj");
  EXPECT_TRUE(LessonBuiltBefore(app.ctx, lesson));
  EXPECT_EQ(SyncTimesWithContent(app.ctx, lesson, SnapshotLesson(lesson)).touched,
            std::vector<fs::path>{alpha})
      << "built before, but no record of what from: the files a learner edits";

  ASSERT_EQ(SaveContentRecord(app.ctx, lesson, SnapshotLesson(lesson)), "");
  testing::SetMtime(alpha, 1600000000);
  testing::SetMtime(header, 1600000000);
  Write(alpha.string() + ".new", "int Answer() { return 7; }\n");
  testing::SetMtime(alpha.string() + ".new", 1600000000);
  fs::rename(alpha.string() + ".new", alpha);  // an old file moved over the new one
  ContentSync sync = SyncTimesWithContent(app.ctx, lesson, SnapshotLesson(lesson));
  EXPECT_EQ(sync.error, "");
  EXPECT_EQ(sync.touched, std::vector<fs::path>{alpha});
  EXPECT_GT(testing::MtimeNs(alpha), int64_t{1600000000} * 1000000000);
  EXPECT_EQ(testing::MtimeNs(header), int64_t{1600000000} * 1000000000)
      << "an unchanged file keeps its time";
}

// The check reads every file of a lesson twice (before and after its build): it must
// cost milliseconds, even for a lesson much larger than the real ones.
TEST_F(FixtureRepo, TheContentCheckCostsMilliseconds) {
  App app = MakeFixtureApp(root_);
  const Lesson& lesson = app.lessons[0];
  std::string text(20000, 'x');
  for (int i = 0; i < 40; ++i)
    Write(lesson.dir / ("f" + std::to_string(i) + ".cc"), text);
  ASSERT_EQ(SaveContentRecord(app.ctx, lesson, SnapshotLesson(lesson)), "");
  auto t0 = std::chrono::steady_clock::now();
  ContentSync sync = SyncTimesWithContent(app.ctx, lesson, SnapshotLesson(lesson));
  bool same = SnapshotLesson(lesson).fingerprint.size() == 16;
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
          .count();
  EXPECT_TRUE(same && sync.touched.empty());
  // A guard against a check that grows out of hand (about 15 ms measured), not a
  // benchmark: the bound is generous so that a loaded machine never trips it.
  EXPECT_LT(ms, 1000) << "43 files, 800 KB";
  std::printf("content check of 43 files (800 KB): %.2f ms\n", ms);
}

// --- Hints -------------------------------------------------------------------------

TEST_F(FixtureRepo, HintsAreRevealedOneAtATimeAndRemembered) {
  App app = MakeFixtureApp(root_);
  auto revealed = [&] { return app.store.Load().lessons["01"].hints_revealed; };
  EXPECT_EQ(revealed(), 0);
  EXPECT_EQ(CmdHint(app, "01", /*show_all=*/true), 0);
  EXPECT_EQ(revealed(), 0) << "--all repeats what was seen, reveals nothing";
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(CmdHint(app, "01", false), 0);
  std::string first = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(first.find("First nudge."), std::string::npos) << first;
  EXPECT_EQ(first.find("Second, closer."), std::string::npos) << first;
  EXPECT_EQ(revealed(), 1);
  CmdHint(app, "01", false);
  EXPECT_EQ(revealed(), 2);
  CmdHint(app, "01", false);
  ::testing::internal::CaptureStdout();
  CmdHint(app, "01", false);
  std::string after_last = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(revealed(), 3) << "never more than the hints there are";
  EXPECT_NE(after_last.find("last hint"), std::string::npos) << after_last;
  EXPECT_EQ(app.store.Load().lessons["02"].hints_revealed, 0) << "per lesson";
}

// --- Reset -------------------------------------------------------------------------

TEST_F(FixtureRepo, ResetBacksUpThenRestoresTheStarter) {
  GitInit();
  App app = MakeFixtureApp(root_);
  fs::path file = root_ / "lessons/01-alpha/alpha.cc";
  Write(file, "int Answer() { return 41; }  // my attempt\n");
  Write(root_ / "lessons/01-alpha/alpha.h", "int Answer();  // untouched by reset\n");
  ASSERT_EQ(CmdReset(app, "01", /*yes=*/true), 0);
  EXPECT_EQ(Read(file), kStarter);
  EXPECT_EQ(Read(root_ / "lessons/01-alpha/alpha.h"),
            "int Answer();  // untouched by reset\n")
      << "only edit files are reset";
  std::vector<fs::path> backups;
  for (const auto& e : fs::directory_iterator(root_ / ".lab/backup")) {
    backups.push_back(e.path());
  }
  ASSERT_EQ(backups.size(), 1u);
  EXPECT_EQ(Read(backups[0] / "lessons/01-alpha/alpha.cc"),
            "int Answer() { return 41; }  // my attempt\n");
  EXPECT_EQ(app.store.Load().lessons["01"].resets, 1);
}

TEST_F(FixtureRepo, ResetFindsTheStarterBehindCommittedWork) {
  GitInit();
  fs::path file = root_ / "lessons/01-alpha/alpha.cc";
  Write(file, "int Answer() { return 42; }  // committed work, no TODO\n");
  Git({"commit", "-q", "-am", "my work"});
  Write(file, "int Answer() { return 43; }  // later edits\n");
  App app = MakeFixtureApp(root_);
  ASSERT_EQ(CmdReset(app, "01", true), 0);
  EXPECT_EQ(Read(file), kStarter) << "HEAD has no TODO: the newest version that has it";
}

// A failing lesson counts as "not started" while every edit file is still the shipped
// starter, and as soon as one is edited it does not.
TEST_F(FixtureRepo, EditFilesAreStarterOnlyWhileUntouched) {
  GitInit();
  Lesson lesson = DiscoverLessons(root_)[0];
  EXPECT_TRUE(EditFilesAreStarter(root_, lesson)) << "a fresh clone is the starter";
  Write(root_ / "lessons/01-alpha/alpha.cc", "int Answer() { return 41; }\n");
  EXPECT_FALSE(EditFilesAreStarter(root_, lesson)) << "an edited file is started";
}

TEST_F(FixtureRepo, ResetRefusesOutsideGitAndChangesNothing) {
  App app = MakeFixtureApp(root_);
  fs::path file = root_ / "lessons/01-alpha/alpha.cc";
  Write(file, "mine\n");
  ::testing::internal::CaptureStderr();
  EXPECT_NE(CmdReset(app, "01", true), 0);
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("not a git checkout"), std::string::npos) << err;
  EXPECT_EQ(Read(file), "mine\n");
  EXPECT_FALSE(fs::exists(root_ / ".lab/backup"));
}

TEST_F(FixtureRepo, SolutionDiffGoesFromStarterToSolution) {
  GitInit();
  Write(root_ / "lessons/01-alpha/alpha.cc", "whatever the learner has\n");
  std::string note;
  std::string diff = SolutionDiff(root_, DiscoverLessons(root_)[0], &note);
  EXPECT_NE(diff.find("-int Answer() { return 0; }"), std::string::npos) << diff;
  EXPECT_NE(diff.find("+int Answer() { return 42; }"), std::string::npos) << diff;
  EXPECT_EQ(diff.find("whatever"), std::string::npos) << diff;
}

// --- State -------------------------------------------------------------------------

TEST_F(FixtureRepo, CorruptStateIsRebuiltNotFatal) {
  StateStore store(root_ / ".lab");
  Write(store.file(), "{\"lessons\": {\"01\": {\"attempts\": 3, \"hints_re");
  std::string warning;
  State state = store.Load(&warning);
  EXPECT_TRUE(state.lessons.empty());
  EXPECT_NE(warning.find("unreadable"), std::string::npos) << warning;
  bool kept = false;
  for (const auto& e : fs::directory_iterator(root_ / ".lab")) {
    kept |= e.path().filename().string().find("state.json.corrupt-") == 0;
  }
  EXPECT_TRUE(kept) << "the corrupt file is kept aside";
  ASSERT_TRUE(store.Update([](State& s) { s.lessons["01"].hints_revealed = 2; }));
  warning.clear();
  EXPECT_EQ(store.Load(&warning).lessons["01"].hints_revealed, 2);
  EXPECT_TRUE(warning.empty()) << warning;
}

TEST_F(FixtureRepo, StateWithWrongTypesKeepsWhatItCan) {
  StateStore store(root_ / ".lab");
  Write(store.file(),
        R"({"lessons": {"01": {"attempts": "many", "hints_revealed": 2, "status": 7},
                        "02": "garbage"}})");
  State state = store.Load();
  EXPECT_EQ(state.lessons["01"].attempts, 0);
  EXPECT_EQ(state.lessons["01"].hints_revealed, 2);
  EXPECT_EQ(state.lessons["01"].status, Status::kNotStarted);
  EXPECT_EQ(state.lessons.count("02"), 0u);
  State missing = StateStore(root_ / "nowhere").Load();
  EXPECT_TRUE(missing.lessons.empty());
}

TEST_F(FixtureRepo, ARecordedPassNeedsAPassSeen) {
  App app = MakeFixtureApp(root_);
  const Lesson& lesson = app.lessons[0];
  CheckResult failing;
  failing.verdict = Verdict::kFailing;
  failing.fingerprint = LessonFingerprint(lesson);
  RecordCheck(app, lesson, failing, true);
  CheckResult setup;
  setup.verdict = Verdict::kSetupError;
  RecordCheck(app, lesson, setup, true);
  LessonState s = app.store.Load().lessons["01"];
  EXPECT_EQ(s.status, Status::kFailing);
  EXPECT_EQ(s.attempts, 1) << "a set-up error is not an attempt";
  EXPECT_EQ(CurrentLesson(app, app.store.Load()), &app.lessons[0]);
}

// --- Reading a test run ------------------------------------------------------------

const char* kGtestJson = R"json({
  "tests": 2, "failures": 1,
  "testsuites": [{"name": "Lesson01Alpha", "testsuite": [
    {"name": "AnswerIsRight", "status": "RUN", "result": "COMPLETED", "time": "0.012s",
     "failures": [{"type": "",
                   "failure": "/ROOT/tests/01-alpha/alpha.cc:3\nnot started yet: TODO(lesson01)"}]},
    {"name": "Other", "status": "RUN", "result": "COMPLETED", "time": "0s"}]}]})json";

std::vector<ChecklistItem> AlphaChecklist() {
  return {{"Lesson01Alpha.AnswerIsRight", "1.1 Answer returns 42."}};
}

TEST(ClassifyRun, StarterFailuresAreNotStarted) {
  ProcessResult run;
  run.started = true;
  run.exit_code = 1;
  CheckResult r = ClassifyRun(AlphaChecklist(), kGtestJson, run, "/ROOT");
  EXPECT_EQ(r.verdict, Verdict::kNotStarted);
  ASSERT_EQ(r.tests.size(), 2u);
  EXPECT_EQ(r.tests[0].label, "1.1 Answer returns 42.");
  EXPECT_EQ(r.tests[0].status, TestStatus::kFailed);
  EXPECT_EQ(r.tests[0].message.find("/ROOT/"), std::string::npos) << "paths are relative";
  EXPECT_EQ(r.tests[1].status, TestStatus::kPassed);
  EXPECT_EQ(r.FirstFailure(), &r.tests[0]);
}

TEST(ClassifyRun, HungAndCrashedRunsComeFromTheConsole) {
  ProcessResult run;
  run.started = true;
  run.exit_code = 3;
  run.output =
      "[ RUN      ] Lesson01Alpha.AnswerIsRight\n"
      "[  HUNG    ] Lesson01Alpha.AnswerIsRight did not finish within 20 s. Look at "
      "lessons/01-alpha/alpha.cc.\n";
  CheckResult hung = ClassifyRun(AlphaChecklist(), "", run, "/ROOT");
  EXPECT_EQ(hung.verdict, Verdict::kHung);
  EXPECT_EQ(hung.tests[0].status, TestStatus::kHung);
  EXPECT_NE(hung.error.find("alpha.cc"), std::string::npos);

  run.exit_code = -1;
  run.signal = 11;
  run.output =
      "[ RUN      ] Lesson01Alpha.AnswerIsRight\n[  CRASH   ] "
      "Lesson01Alpha.AnswerIsRight "
      "crashed the test program: signal SEGV.\n";
  CheckResult crashed = ClassifyRun(AlphaChecklist(), "", run, "/ROOT");
  EXPECT_EQ(crashed.verdict, Verdict::kCrashed);

  ProcessResult late;
  late.started = true;
  late.timed_out = true;
  late.output = "[ RUN      ] Lesson01Alpha.AnswerIsRight\n";
  CheckResult timed_out = ClassifyRun(AlphaChecklist(), "", late, "/ROOT");
  EXPECT_EQ(timed_out.verdict, Verdict::kTimedOut);
  EXPECT_EQ(timed_out.tests[0].status, TestStatus::kHung) << "the test that was running";
}

TEST(ClassifyRun, ACrashKeepsWhatTheProgramPrintedJustBefore) {
  ProcessResult run;
  run.started = true;
  run.signal = 6;
  run.output =
      "[ RUN      ] Lesson01Alpha.AnswerIsRight\n"
      "E0115 10:11:12.123456789   1234 call.cc:1] API misuse of type "
      "GRPC_CALL_ERROR_TOO_MANY_OPERATIONS\n"
      "\n[  CRASH   ] Lesson01Alpha.AnswerIsRight crashed the test program: signal ABRT "
      "(Aborted). Look at your code in lessons/01-alpha/alpha.cc.\n";
  CheckResult r = ClassifyRun(AlphaChecklist(), "", run, "/ROOT");
  EXPECT_EQ(r.verdict, Verdict::kCrashed);
  EXPECT_EQ(r.last_words,
            std::vector<std::string>{
                "gRPC: API misuse of type GRPC_CALL_ERROR_TOO_MANY_OPERATIONS"});
  EXPECT_EQ(r.error.find("[  CRASH   ] Lesson01Alpha.AnswerIsRight crashed"), 0u);

  // Killed by a signal with no harness line (a stack overflow off the main thread):
  // the test that was running is the one that crashed.
  run.signal = 11;
  run.output = "[ RUN      ] Lesson01Alpha.AnswerIsRight\nterminate called\n";
  CheckResult killed = ClassifyRun(AlphaChecklist(), "", run, "/ROOT");
  EXPECT_EQ(killed.verdict, Verdict::kCrashed);
  EXPECT_EQ(killed.tests[0].status, TestStatus::kCrashed);
  EXPECT_NE(killed.error.find("SIGSEGV"), std::string::npos) << killed.error;
  EXPECT_NE(killed.error.find("Lesson01Alpha.AnswerIsRight"), std::string::npos);
  EXPECT_EQ(killed.last_words, std::vector<std::string>{"terminate called"});
}

TEST(ClassifyRun, APassNeedsAllTestsAndExitCodeZero) {
  ProcessResult run;
  run.started = true;
  run.exit_code = 0;
  run.output = "[       OK ] Lesson01Alpha.AnswerIsRight (3 ms)\n";
  EXPECT_EQ(ClassifyRun(AlphaChecklist(), "", run, "/ROOT").verdict, Verdict::kPassed);
  run.exit_code = 1;
  EXPECT_NE(ClassifyRun(AlphaChecklist(), "", run, "/ROOT").verdict, Verdict::kPassed);
  run.exit_code = 0;
  run.output = "";
  EXPECT_EQ(ClassifyRun(AlphaChecklist(), "", run, "/ROOT").verdict, Verdict::kFailing)
      << "no test seen passing is not a pass";
}

TEST(FirstBuildError, ShowsTheFirstCompilerErrorWithFileAndLine) {
  std::string log =
      "[1/3] Building CXX object x.o\n"
      "FAILED: lessons/01-alpha/CMakeFiles/lesson01.dir/alpha.cc.o\n"
      "/usr/bin/c++ -I/ROOT/lessons ... -c /ROOT/lessons/01-alpha/alpha.cc\n"
      "/ROOT/lessons/01-alpha/alpha.cc: In function 'int Answer()':\n"
      "/ROOT/lessons/01-alpha/alpha.cc:2:22: error: expected ';' before '}' token\n"
      "    2 | int Answer() { return 0 }\n"
      "      |                      ^\n"
      "/ROOT/lessons/01-alpha/alpha.cc:3:1: error: second error\n"
      "ninja: build stopped: subcommand failed.\n";
  std::string e = FirstBuildError(log, "/ROOT");
  EXPECT_EQ(e.find("lessons/01-alpha/alpha.cc:2:22: error: expected ';'"), 0u) << e;
  EXPECT_NE(e.find("return 0 }"), std::string::npos) << e;
  EXPECT_EQ(e.find("second error"), std::string::npos) << e;
  EXPECT_NE(FirstBuildError("x.o: undefined reference to `Answer()'\n", "/R")
                .find("undefined reference"),
            std::string::npos);
}

// --- The verdict as printed ---------------------------------------------------------

std::string PrintedVerdict(const App& app, const CheckResult& result) {
  ::testing::internal::CaptureStdout();
  PrintVerdict(app, app.lessons[0], result, LessonState{});
  return ::testing::internal::GetCapturedStdout();
}

// The line after `label`'s in the printed checklist.
std::string LineAfter(const std::string& out, const std::string& label) {
  size_t at = out.find(label);
  if (at == std::string::npos) return "<no " + label + ">";
  size_t next = out.find('\n', at) + 1;
  return out.substr(next, out.find('\n', next) - next);
}

std::string LineOf(const std::string& out, const std::string& label) {
  size_t at = out.find(label);
  if (at == std::string::npos) return "<no " + label + ">";
  size_t start = out.rfind('\n', at) + 1;
  return out.substr(start, out.find('\n', at) - start);
}

TEST_F(FixtureRepo, EveryFailingStepSaysWhy) {
  App app = MakeFixtureApp(root_);
  CheckResult r;
  r.verdict = Verdict::kFailing;
  r.tests = {
      {"S.A", "1.1 passes", TestStatus::kPassed, 0, ""},
      {"S.B", "1.2 fails", TestStatus::kFailed, 0,
       "tests/01-alpha/alpha_test.cc:9\nExpected equality of these values:\n  got\n"
       "    Which is: 41\n  42\nAnswer() must return the answer, 42"},
      {"S.C", "1.3 untouched", TestStatus::kFailed, 0,
       "t.cc:1\nFailed\nnot started yet: TODO(lesson01) in lessons/01-alpha/alpha.cc"},
      {"S.D", "1.4 silent", TestStatus::kFailed, 0, ""},
  };
  std::string out = PrintedVerdict(app, r);
  EXPECT_EQ(Trim(LineAfter(out, "1.2 fails")), "Answer() must return the answer, 42")
      << out;
  EXPECT_NE(LineOf(out, "1.3 untouched").find("(not started yet)"), std::string::npos)
      << out;
  EXPECT_EQ(Trim(LineAfter(out, "1.4 silent")), "failed without a message") << out;
  // The first failure: the teaching message, then GoogleTest's values.
  size_t teaching = out.find("  Answer() must return the answer, 42", out.find("First"));
  size_t raw = out.find("Expected equality of these values:");
  EXPECT_LT(teaching, raw) << out;
  EXPECT_NE(out.find("GoogleTest (tests/01-alpha/alpha_test.cc:9):"), std::string::npos)
      << out;
}

// Lesson 01's tests read the starter's .proto and say what to add, not "not started
// yet": while every edit file is the starter, its steps say both.
TEST_F(FixtureRepo, StepsOfALessonNotBegunSayNotStartedAndWhat) {
  App app = MakeFixtureApp(root_);
  CheckResult r;
  r.verdict = Verdict::kNotStarted;
  r.tests = {
      {"S.A", "1.1 has email", TestStatus::kFailed, 0,
       "t.cc:3\nValue of: HasField(person, kEmail)\n  Actual: false (person.proto: "
       "no field 'email'. Add it: `string email = 3;`)\nExpected: true"}};
  std::string out = PrintedVerdict(app, r);
  EXPECT_NE(LineOf(out, "1.1 has email").find("(not started yet)"), std::string::npos)
      << out;
  EXPECT_EQ(Trim(LineAfter(out, "1.1 has email")),
            "person.proto: no field 'email'. Add it: `string email = 3;`")
      << out;
}

TEST_F(FixtureRepo, StepsACrashKeptFromRunningSaySo) {
  App app = MakeFixtureApp(root_);
  CheckResult r;
  r.verdict = Verdict::kCrashed;
  r.error =
      "[  CRASH   ] S.B crashed the test program: signal SEGV (Segmentation fault).";
  r.last_words = {"gRPC: assertion failed: root_cert_name.has_value()"};
  r.tests = {{"S.A", "1.1 passes", TestStatus::kPassed, 0, ""},
             {"S.B", "1.2 crashes", TestStatus::kCrashed, 0, r.error},
             {"S.C", "1.3 after", TestStatus::kNotRun, 0, ""}};
  std::string out = PrintedVerdict(app, r);
  EXPECT_NE(LineAfter(out, "1.2 crashes").find("crashed"), std::string::npos) << out;
  EXPECT_NE(LineOf(out, "1.3 after").find("not run: the program crashed before it"),
            std::string::npos)
      << out;
  size_t words = out.find("gRPC: assertion failed: root_cert_name.has_value()");
  EXPECT_LT(out.find("What happened:"), words) << out;
  EXPECT_LT(words, out.find("1.1 passes")) << out;
  EXPECT_NE(out.find("Look at your code in lessons/01-alpha/alpha.cc."),
            std::string::npos)
      << "no harness line named the files: the runner does" << out;
}

// --- Report ------------------------------------------------------------------------

TEST_F(FixtureRepo, ReportJsonFollowsTheDocumentedSchema) {
  std::vector<Lesson> lessons = DiscoverLessons(root_);
  std::vector<LessonReport> reports(2);
  reports[0].lesson = &lessons[0];
  reports[0].result.verdict = Verdict::kFailing;
  reports[0].result.tests = {{"Lesson01Alpha.AnswerIsRight", "1.1 <Answer> & \"42\"",
                              TestStatus::kFailed, 0.5, "expected 42\n\xff bad byte"}};
  reports[0].state.hints_revealed = 2;
  reports[0].state.attempts = 4;
  reports[0].state.tests["Lesson01Alpha.AnswerIsRight"].first_passed_attempt = 0;
  reports[1].lesson = &lessons[1];
  reports[1].result.verdict = Verdict::kCompileError;
  reports[1].result.error = "beta.cc:1:1: error: <oops>";

  nlohmann::json j = nlohmann::json::parse(ReportJson(reports, 1700000000));
  EXPECT_EQ(j["schema"], kReportSchema);
  EXPECT_EQ(j["generated_at"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(j["summary"]["lessons"], 2);
  EXPECT_EQ(j["summary"]["lessons_passed"], 0);
  ASSERT_EQ(j["lessons"].size(), 2u);
  const auto& l = j["lessons"][0];
  for (const char* key :
       {"number", "folder", "title", "verdict", "passed", "minutes_estimated",
        "hints_used", "hints_available", "attempts", "resets", "solution_viewed",
        "first_check", "passed_at", "build_seconds", "test_seconds", "error", "tests"}) {
    EXPECT_TRUE(l.contains(key)) << key;
  }
  EXPECT_EQ(l["number"], "01");
  EXPECT_EQ(l["verdict"], "failing");
  EXPECT_EQ(l["hints_used"], 2);
  EXPECT_EQ(l["attempts"], 4);
  EXPECT_TRUE(l["first_check"].is_null());
  const auto& t = l["tests"][0];
  EXPECT_EQ(t["id"], "Lesson01Alpha.AnswerIsRight");
  EXPECT_EQ(t["status"], "failed");
  EXPECT_EQ(t["passed"], false);
  EXPECT_DOUBLE_EQ(t["seconds"].get<double>(), 0.5);
  EXPECT_TRUE(t["first_passed_attempt"].is_null());
  EXPECT_EQ(j["lessons"][1]["verdict"], "compile_error");
}

TEST_F(FixtureRepo, ReportJunitIsWellFormedXml) {
  std::vector<Lesson> lessons = DiscoverLessons(root_);
  std::vector<LessonReport> reports(2);
  reports[0].lesson = &lessons[0];
  reports[0].result.verdict = Verdict::kFailing;
  reports[0].result.tests = {{"Lesson01Alpha.AnswerIsRight", "1.1 <Answer> & \"42\"",
                              TestStatus::kFailed, 0.5, "expected 42 \x01\xff <&>"}};
  reports[1].lesson = &lessons[1];
  reports[1].result.verdict = Verdict::kCompileError;
  reports[1].result.error = "beta.cc:1:1: error: <oops>";
  std::string xml = ReportJunit(reports, 1700000000);
  EXPECT_NE(xml.find("<failure message=\"1.1 &lt;Answer&gt; &amp; &quot;42&quot;\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("&lt;oops&gt;"), std::string::npos) << xml;
  if (FindProgram("python3")) {
    fs::path file = root_ / "r.xml";
    Write(file, xml);
    ProcessResult r = RunProcess({"python3", "-c",
                                  "import xml.dom.minidom,sys; "
                                  "xml.dom.minidom.parse(sys.argv[1])",
                                  file.string()});
    EXPECT_TRUE(r.ok()) << r.output << xml;
  }
}

}  // namespace
}  // namespace lab::runner

namespace lab::runner {
namespace {

// --- Running the test programs -----------------------------------------------------

TEST(RunProcess, DoesNotWaitForWhatTheProgramLeftBehind) {
  auto t0 = std::chrono::steady_clock::now();
  // The shell exits at once but leaves a process holding its output pipe open.
  ProcessResult r = RunProcess({"sh", "-c", "tail -f /dev/null & echo done"}, {}, 30);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(r.ok()) << r.output;
  EXPECT_EQ(r.output, "done\n");
  EXPECT_LT(seconds, 10) << "the leftover process must not hold the runner up";
}

TEST(RunProcess, KillsAProgramThatRunsPastItsTimeLimit) {
  ProcessResult r = RunProcess({"tail", "-f", "/dev/null"}, {}, 1);
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.ok());
  ProcessResult missing = RunProcess({"no-such-program-for-lab-tests"});
  EXPECT_FALSE(missing.ok());
}

}  // namespace
}  // namespace lab::runner
