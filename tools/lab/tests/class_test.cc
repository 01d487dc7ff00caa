// lab class on generated reports, and lab bench / lab up. The reports are written by
// the runner's own ReportJson (what `lab report --json` writes), from made-up lessons
// and learners whose numbers the expectations below follow.
#include "class.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "app.h"
#include "fixture.h"
#include "report.h"

namespace lab::runner {
namespace {

using testing::FixtureRepo;
using testing::Read;
using testing::Write;

constexpr int64_t kT0 = 1780000000;

Lesson MakeLesson(const std::string& nn, const std::string& name, int minutes) {
  Lesson l;
  l.nn = nn;
  l.folder = nn + "-" + name;
  l.title = nn + " — " + name;
  l.minutes = minutes;
  l.hints = {"one", "two", "three"};
  return l;
}

// One graded test of a learner: passed or not, and the attempt it first passed on.
void AddTest(LessonReport* r, const std::string& id, const std::string& label, bool ok,
             int first) {
  r->result.tests.push_back({id, label, ok ? TestStatus::kPassed : TestStatus::kFailed,
                             0.01, ok ? "" : "expected <x>"});
  if (ok) r->state.tests[id].first_passed_attempt = first;
}

void Finish(LessonReport* r, int minutes) {
  bool all = true;
  for (const TestOutcome& t : r->result.tests) all &= t.status == TestStatus::kPassed;
  r->result.verdict = r->state.attempts == 0 ? Verdict::kNotStarted
                      : all                  ? Verdict::kPassed
                                             : Verdict::kFailing;
  r->state.first_check = r->state.attempts ? kT0 : 0;
  if (all && r->state.attempts) r->state.passed_at = kT0 + minutes * 60;
}

// Learner i of a class: lesson 01 everyone passes (2, 3 or 4 attempts; 10, 15 or 20
// minutes); lesson 02 is not started by i % 5 == 4, its Hard test fails for even i and
// its Medium test for i % 4 == 0, even learners used 2 hints; lesson 03 is started by
// the first half of the class, and learners 0..2 pass neither of its tests.
std::string GeneratedReport(int i, int n, const std::vector<Lesson>& lessons) {
  std::vector<LessonReport> rs(3);
  for (int k = 0; k < 3; ++k) rs[k].lesson = &lessons[k];
  rs[0].state.attempts = 2 + i % 3;
  AddTest(&rs[0], "Lesson01Alpha.A", "1.1 A", true, 1);
  AddTest(&rs[0], "Lesson01Alpha.B", "1.2 B", true, rs[0].state.attempts);
  Finish(&rs[0], 10 + i % 3 * 5);
  bool started2 = i % 5 != 4;
  rs[1].state.attempts = started2 ? 5 : 0;
  rs[1].state.hints_revealed = started2 && i % 2 == 0 ? 2 : 0;
  AddTest(&rs[1], "Lesson02Beta.Easy", "2.1 Easy", started2, 1);
  AddTest(&rs[1], "Lesson02Beta.Hard", "2.2 Hard", started2 && i % 2, 3);
  AddTest(&rs[1], "Lesson02Beta.Medium", "2.3 Medium", started2 && i % 4, 2);
  Finish(&rs[1], 30);
  bool started3 = i < n / 2;
  rs[2].state.attempts = started3 ? 6 : 0;
  AddTest(&rs[2], "Lesson03Gamma.Other", "3.2 Other", started3 && i >= 3, 2);
  AddTest(&rs[2], "Lesson03Gamma.SaysHello", "3.1 SayHello answers \"Hello, <name>!\".",
          started3 && i >= 3, 4);
  Finish(&rs[2], 45);
  return ReportJson(rs, kT0 + 3600);
}

std::vector<Lesson> ClassLessons() {
  return {MakeLesson("01", "alpha", 40), MakeLesson("02", "beta", 60),
          MakeLesson("03", "gamma", 90)};
}

// The file name of learner i; learner 0's tries to inject a script into the page.
std::string LearnerFile(int i) {
  return i == 0 ? "<script>alert(1)<script>.json" : fmt::format("learner-{:02}.json", i);
}

void WriteClass(const fs::path& dir, int n) {
  std::vector<Lesson> lessons = ClassLessons();
  for (int i = 0; i < n; ++i) Write(dir / LearnerFile(i), GeneratedReport(i, n, lessons));
}

std::vector<LearnerReport> ParsedClass(int n) {
  std::vector<Lesson> lessons = ClassLessons();
  std::vector<LearnerReport> out(n);
  for (int i = 0; i < n; ++i) {
    std::string why;
    EXPECT_TRUE(ParseLearnerReport(GeneratedReport(i, n, lessons), &out[i], &why)) << why;
    out[i].learner = LearnerFile(i);
  }
  return out;
}

TEST(ClassView, CountsAndMediansPerLesson) {
  ClassView v = BuildClassView(ParsedClass(24));
  ASSERT_EQ(v.learners.size(), 24u);
  ASSERT_EQ(v.lessons.size(), 3u);
  const LessonSummary &a = v.lessons[0], &b = v.lessons[1], &c = v.lessons[2];
  EXPECT_EQ(a.nn, "01");
  EXPECT_EQ(a.title, "alpha");
  EXPECT_EQ(a.minutes_estimated, 40);
  EXPECT_EQ(a.started, 24);
  EXPECT_EQ(a.passed, 24);
  EXPECT_EQ(a.median_attempts, 3);
  EXPECT_EQ(a.median_minutes, 15);
  EXPECT_EQ(b.learners, 24);
  EXPECT_EQ(b.started, 20);  // i % 5 == 4 never checked it
  EXPECT_EQ(b.passed, 10);   // the odd learners who started it
  EXPECT_EQ(b.median_attempts, 5);
  EXPECT_EQ(b.median_minutes, 30);
  EXPECT_EQ(b.hints_used, 20);
  EXPECT_EQ(b.learners_with_hints, 10);
  EXPECT_EQ(b.hints_available, 3);
  EXPECT_EQ(c.started, 12);
  EXPECT_EQ(c.passed, 9);
  EXPECT_EQ(c.median_minutes, 45);
}

TEST(ClassView, StuckTestsRankByLearnersNotPassingThenByLateFirstPass) {
  ClassView v = BuildClassView(ParsedClass(24));
  ASSERT_EQ(v.stuck.size(), 4u);  // no one who started is stuck on 01 or on Easy
  EXPECT_EQ(v.stuck[0].id, "Lesson02Beta.Hard");
  EXPECT_EQ(v.stuck[0].not_passed, 10);
  EXPECT_EQ(v.stuck[0].started, 20);
  EXPECT_EQ(v.stuck[0].median_first_passed_attempt, 3);
  EXPECT_EQ(v.stuck[1].id, "Lesson02Beta.Medium");
  EXPECT_EQ(v.stuck[1].not_passed, 5);
  // 3 of 12 each: the one first passed later (attempt 4) is the harder.
  EXPECT_EQ(v.stuck[2].id, "Lesson03Gamma.SaysHello");
  EXPECT_EQ(v.stuck[2].not_passed, 3);
  EXPECT_EQ(v.stuck[3].id, "Lesson03Gamma.Other");
}

TEST(ClassView, MedianOfAnEvenCountIsTheMeanOfTheMiddleTwo) {
  EXPECT_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(Median({7}), 7);
  EXPECT_FALSE(Median({}).has_value());
}

TEST(ClassView, ForeignAndMalformedJsonAreRefusedWithAReason) {
  LearnerReport r;
  std::string why;
  EXPECT_FALSE(ParseLearnerReport("{\"schema\": \"grpc-cpp-lab/report/v1\", ", &r, &why));
  EXPECT_EQ(why, "not JSON");
  EXPECT_FALSE(ParseLearnerReport("{\"name\": \"pkg\", \"version\": \"1.0\"}", &r, &why));
  EXPECT_NE(why.find("not a lab report"), std::string::npos) << why;
  EXPECT_FALSE(ParseLearnerReport("[1, 2]", &r, &why));
  EXPECT_NE(why.find("not a lab report"), std::string::npos) << why;
  EXPECT_FALSE(ParseLearnerReport(
      R"({"schema": "grpc-cpp-lab/report/v1", "lessons": [{"number": 3}]})", &r, &why));
  EXPECT_NE(why.find("missing or wrong fields"), std::string::npos) << why;
}

TEST(ClassView, TheTableListsLessonsThenStuckTests) {
  std::string t = ClassTable(BuildClassView(ParsedClass(24)), Style{});
  EXPECT_NE(t.find("Class view: 24 learners"), std::string::npos) << t;
  EXPECT_NE(t.find("  02  beta"), std::string::npos) << t;
  EXPECT_LT(t.find("2.2 Hard"), t.find("2.3 Medium")) << t;
  EXPECT_NE(t.find("10/20"), std::string::npos) << t;
}

// Runs the lab program built beside this test (LAB_RUNNER_BIN, set by CMake).
ProcessResult RunLab(std::vector<std::string> args) {
  const char* lab = std::getenv("LAB_RUNNER_BIN");
  args.insert(args.begin(), lab ? lab : "lab");
  return RunProcess(args, {}, 300);
}

#define REQUIRE_LAB_BINARY() \
  if (!std::getenv("LAB_RUNNER_BIN")) GTEST_SKIP() << "LAB_RUNNER_BIN is not set"

class ClassCommand : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_F(ClassCommand, ReadsAFolderSkipsWhatIsNotAReportAndWritesOnePage) {
  REQUIRE_LAB_BINARY();
  fs::path reports = dir_ / "reports";
  WriteClass(reports, 24);
  Write(reports / "broken.json", "{\"schema\": \"grpc-cpp-lab/report/v1\", \"less");
  Write(reports / "package.json", "{\"name\": \"not-a-report\"}");
  Write(reports / "notes.txt", "not json, not read");
  fs::path html = dir_ / "class.html";
  ProcessResult r = RunLab({"class", reports.string(), "--html", html.string()});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Class view: 24 learners"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("skipped " + (reports / "broken.json").string() + ": not JSON"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("skipped " + (reports / "package.json").string() +
                          ": not a lab report"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("notes.txt"), std::string::npos) << r.output;
  std::string page = Read(html);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("</html>"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("<td class=\"l\">beta</td>"), std::string::npos);
  EXPECT_NE(page.find("Lesson02Beta.Hard"), std::string::npos);
  // Self-contained and escaped: no URL to fetch, no script from a name or a label.
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;script&gt;"), std::string::npos);
  EXPECT_NE(page.find("Hello, &lt;name&gt;!"), std::string::npos);
  size_t open = 0, close = 0;
  for (size_t p = 0; (p = page.find("<table", p)) != std::string::npos; ++p) ++open;
  for (size_t p = 0; (p = page.find("</table>", p)) != std::string::npos; ++p) ++close;
  EXPECT_EQ(open, 2u);
  EXPECT_EQ(open, close);
}

TEST_F(ClassCommand, NamedFilesWorkAndNothingReadableIsAUsageError) {
  REQUIRE_LAB_BINARY();
  WriteClass(dir_ / "c", 20);
  ProcessResult two = RunLab({"class", (dir_ / "c/learner-01.json").string(),
                              (dir_ / "c/learner-02.json").string()});
  EXPECT_EQ(two.exit_code, 0) << two.output;
  EXPECT_NE(two.output.find("Class view: 2 learners"), std::string::npos) << two.output;
  fs::create_directories(dir_ / "empty");
  ProcessResult empty = RunLab({"class", (dir_ / "empty").string()});
  EXPECT_EQ(empty.exit_code, kExitUsage) << empty.output;
  EXPECT_NE(empty.output.find("no report to read"), std::string::npos) << empty.output;
  ProcessResult missing = RunLab({"class", (dir_ / "nope.json").string()});
  EXPECT_EQ(missing.exit_code, kExitUsage);
  EXPECT_NE(missing.output.find("nope.json: no such file"), std::string::npos);
}

// LAB_CLASS_DEMO=DIR:N writes N generated reports into DIR, to try `lab class` by
// hand (skipped otherwise): test_lab_runner --gtest_filter=ClassCommand.Demo*
TEST_F(ClassCommand, DemoReportsOnRequest) {
  const char* demo = std::getenv("LAB_CLASS_DEMO");
  if (!demo) GTEST_SKIP() << "LAB_CLASS_DEMO=DIR:N is not set";
  std::string spec = demo;
  size_t colon = spec.rfind(':');
  ASSERT_NE(colon, std::string::npos) << spec;
  WriteClass(spec.substr(0, colon), std::stoi(spec.substr(colon + 1)));
}

// --- lab bench / lab up -------------------------------------------------------------

TEST_F(FixtureRepo, ALessonWithoutTheProgramIsAClearError) {
  App app;
  std::string error;
  ASSERT_TRUE(MakeApp(root_.string(), (root_ / "build").string(), "lab", &app, &error));
  fs::path binary;
  EXPECT_FALSE(BuildLessonProgram(app, "01", "bench", false, &binary, &error));
  EXPECT_NE(error.find("lesson 01 has no bench program"), std::string::npos) << error;
  EXPECT_NE(error.find("lessons/01-alpha/bench_main.cc"), std::string::npos) << error;
  EXPECT_FALSE(BuildLessonProgram(app, "07", "up", false, &binary, &error));
  EXPECT_NE(error.find("no lesson 07"), std::string::npos) << error;
}

// A real build: lesson 01 of the buildable fixture gets bench and up programs that
// print their arguments and exit with a code of their own, which lab passes through.
TEST(ProgramBuild, BenchAndUpRunTheLessonsProgramWithItsArguments) {
  REQUIRE_LAB_BINARY();
  fs::path root = testing::MakeTempDir();
  testing::FixtureRepo::WriteLessons(root);
  testing::WriteBuildableLesson(root);
  std::string cml = Read(root / "lessons/01-alpha/CMakeLists.txt");
  for (const char* role : {"bench", "up"}) {
    Write(root / "lessons/01-alpha" / (std::string(role) + "_main.cc"),
          "#include <cstdio>\nint main(int argc, char** argv) {\n"
          "  std::printf(\"" +
              std::string(role) +
              " %s\", SOLUTION ? \"solution\" : \"lesson\");\n"
              "  for (int i = 1; i < argc; ++i) std::printf(\" [%s]\", argv[i]);\n"
              "  std::printf(\"\\n\");\n  return 7;\n}\n");
    for (const char* who : {"lesson", "solution"}) {
      cml += fmt::format(
          "add_executable({0}01_{1} {1}_main.cc)\n"
          "target_compile_definitions({0}01_{1} PRIVATE SOLUTION={2})\n",
          who, role, std::string(who) == "solution");
    }
  }
  Write(root / "lessons/01-alpha/CMakeLists.txt", cml);
  std::vector<std::string> base = {"--root", root.string(), "--build",
                                   (root / "build").string()};
  auto lab = [&](std::vector<std::string> args) {
    args.insert(args.begin(), base.begin(), base.end());
    return RunLab(args);
  };
  ProcessResult bench = lab({"bench", "01", "-v", "--port", "0"});
  EXPECT_EQ(bench.exit_code, 7) << bench.output;
  EXPECT_NE(bench.output.find("bench lesson [-v] [--port] [0]"), std::string::npos)
      << bench.output;
  ProcessResult up = lab({"up", "--solution", "1", "--", "--help"});
  EXPECT_EQ(up.exit_code, 7) << up.output;
  EXPECT_NE(up.output.find("up solution [--help]"), std::string::npos) << up.output;
  std::error_code ec;
  fs::remove_all(root, ec);
}

// End to end on the buildable fixture: what `lab report --json` writes, `lab class`
// reads (lesson 01 builds and is not started; lesson 02 has no target: setup_error).
TEST(ProgramBuild, LabClassReadsWhatLabReportWrote) {
  REQUIRE_LAB_BINARY();
  fs::path root = testing::MakeTempDir();
  testing::FixtureRepo::WriteLessons(root);
  testing::WriteBuildableLesson(root);
  std::vector<std::string> base = {"--root", root.string(), "--build",
                                   (root / "build").string()};
  std::vector<std::string> report = base;
  report.insert(report.end(), {"report", "--json", (root / "ada.json").string()});
  ProcessResult wrote = RunLab(report);
  ASSERT_TRUE(wrote.started) << wrote.output;
  ASSERT_TRUE(fs::exists(root / "ada.json")) << wrote.output;
  ProcessResult r = RunLab(
      {"class", (root / "ada.json").string(), "--html", (root / "class.html").string()});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Class view: 1 learner\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("  01  Alpha things"), std::string::npos) << r.output;
  EXPECT_NE(Read(root / "class.html").find("ada"), std::string::npos);
  std::error_code ec;
  fs::remove_all(root, ec);
}

}  // namespace
}  // namespace lab::runner
