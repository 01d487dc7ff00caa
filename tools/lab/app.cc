#include "app.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace lab::runner {

namespace {

bool LooksLikeRoot(const fs::path& dir) {
  return fs::is_directory(dir / "lessons") && fs::exists(dir / "CMakeLists.txt");
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// "03 — Unary RPCs" -> "Unary RPCs" (the number is shown in its own column).
std::string ShortTitle(const Lesson& lesson) { return StripLessonNumber(lesson.title); }

std::string Indent(const std::string& text, const std::string& pad, size_t max_lines) {
  std::string out;
  size_t n = 0;
  for (const std::string& line : SplitLines(text)) {
    if (n++ == max_lines) {
      out += pad + "...\n";
      break;
    }
    out += pad + line + "\n";
  }
  return out;
}

}  // namespace

bool MakeApp(const std::string& root_flag, const std::string& build_flag,
             const std::string& argv0, App* app, std::string* error) {
  fs::path root;
  std::error_code ec;
  if (!root_flag.empty()) {
    root = fs::absolute(root_flag, ec);
  } else if (!Env("LAB_ROOT").empty()) {
    root = fs::absolute(Env("LAB_ROOT"), ec);
  } else {
    for (fs::path dir = fs::current_path(ec); !dir.empty(); dir = dir.parent_path()) {
      if (LooksLikeRoot(dir)) {
        root = dir;
        break;
      }
      if (dir == dir.root_path()) break;
    }
#ifdef LAB_SOURCE_DIR
    if (root.empty() && LooksLikeRoot(LAB_SOURCE_DIR)) root = LAB_SOURCE_DIR;
#endif
  }
  if (root.empty() || !LooksLikeRoot(root)) {
    *error =
        "no gRPC C++ Lab here: run lab inside the repository (a folder with "
        "lessons/ and CMakeLists.txt), or pass --root DIR";
    return false;
  }
  root = fs::weakly_canonical(root, ec);
  fs::path build;
  if (!build_flag.empty()) {
    build = fs::absolute(build_flag, ec);
  } else if (!Env("LAB_BUILD").empty()) {
    build = fs::absolute(Env("LAB_BUILD"), ec);
  } else {
    // build/bin/lab -> build, when that build belongs to this repository.
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    fs::path exe = n > 0 ? fs::path(std::string(self, static_cast<size_t>(n)))
                         : fs::absolute(argv0, ec);
    fs::path candidate = exe.parent_path().parent_path();
    auto cache = ReadFile(candidate / "CMakeCache.txt");
    if (cache && cache->find("CMAKE_HOME_DIRECTORY:INTERNAL=" + root.string() + "\n") !=
                     std::string::npos) {
      build = candidate;
    } else {
      build = root / "build";
    }
  }
  app->ctx.root = root;
  app->ctx.build = build;
  int timeout = std::atoi(Env("LAB_CHECK_TIMEOUT").c_str());
  if (timeout > 0) app->ctx.test_timeout_seconds = timeout;
  app->lessons = DiscoverLessons(root);
  app->store = StateStore(app->ctx.lab_dir());
  app->style = DetectStyle();
  return true;
}

Shown ShownStatus(const Lesson& lesson, const LessonState& state) {
  switch (state.status) {
    case Status::kPassed:
      return state.fingerprint == LessonFingerprint(lesson) ? Shown::kPassed
                                                            : Shown::kChanged;
    case Status::kFailing:
      return Shown::kFailing;
    case Status::kNotStarted:
      break;
  }
  return Shown::kNotStarted;
}

const Lesson* CurrentLesson(const App& app, const State& state) {
  for (const Lesson& l : app.lessons) {
    auto it = state.lessons.find(l.nn);
    LessonState s = it == state.lessons.end() ? LessonState{} : it->second;
    if (ShownStatus(l, s) != Shown::kPassed) return &l;
  }
  return nullptr;
}

const Lesson* LessonOrComplain(const App& app, const std::string& nn) {
  const Lesson* l = FindLesson(app.lessons, nn);
  if (!l) {
    std::string have;
    for (const Lesson& x : app.lessons) have += (have.empty() ? "" : " ") + x.nn;
    fmt::print(stderr,
               "lab: there is no lesson {} (lessons here: {}). `lab list` shows them.\n",
               nn, have.empty() ? "none" : have);
  }
  return l;
}

void RecordCheck(App& app, const Lesson& lesson, const CheckResult& result,
                 bool count_attempt) {
  // A set-up problem says nothing about the learner's code: record nothing.
  if (result.verdict == Verdict::kSetupError) return;
  std::string warning;
  app.store.Update(
      [&](State& state) {
        LessonState& s = state.lessons[lesson.nn];
        int64_t now = NowSeconds();
        if (count_attempt) ++s.attempts;
        if (!s.first_check) s.first_check = now;
        s.last_check = now;
        s.fingerprint = result.fingerprint;
        if (result.passed()) {
          s.status = Status::kPassed;
          if (!s.passed_at) s.passed_at = now;
        } else if (result.verdict == Verdict::kNotStarted) {
          s.status = Status::kNotStarted;
        } else {
          s.status = Status::kFailing;
        }
        for (const TestOutcome& t : result.tests) {
          TestState& ts = s.tests[t.id];
          ts.passed = t.status == TestStatus::kPassed;
          ts.seconds = t.seconds;
          if (ts.passed && !ts.first_passed_attempt) {
            ts.first_passed_attempt = std::max(s.attempts, 1);
          }
        }
      },
      &warning);
  if (!warning.empty()) fmt::print(stderr, "{}\n", warning);
}

void PrintStatusLine(const App& app, const State& state) {
  int passed = 0;
  for (const Lesson& l : app.lessons) {
    auto it = state.lessons.find(l.nn);
    if (it != state.lessons.end() && ShownStatus(l, it->second) == Shown::kPassed) {
      ++passed;
    }
  }
  const Style& s = app.style;
  fmt::print("{} {} {} of {} lessons pass  {}\n", s.Bold("gRPC C++ Lab"),
             s.unicode ? "·" : "-", passed, app.lessons.size(),
             s.ProgressBar(passed, static_cast<int>(app.lessons.size())));
}

CheckResult RunCheck(App& app, const Lesson& lesson, bool count_attempt) {
  const Style& s = app.style;
  bool tty = StdoutIsTty();
  auto progress = [&](const std::string& what) {
    std::string line = fmt::format("  {} lesson {}...", what, lesson.nn);
    if (tty) {
      fmt::print("\r\033[K{}", s.Dim(line));
    } else {
      fmt::print("{}\n", line);
    }
    std::fflush(stdout);
  };
  CheckResult result = CheckLesson(app.ctx, lesson, progress);
  if (tty) fmt::print("\r\033[K");
  RecordCheck(app, lesson, result, count_attempt);
  return result;
}

void PrintVerdict(const App& app, const Lesson& lesson, const CheckResult& result,
                  const LessonState& state) {
  const Style& s = app.style;
  std::string head = fmt::format("{} {}", lesson.nn, ShortTitle(lesson));
  std::string edit;
  for (const std::string& p : lesson.EditPaths()) edit += (edit.empty() ? "" : " ") + p;

  if (result.passed()) {
    fmt::print("{} {}: all {} checks pass {}\n", s.PassMark(), s.Bold(head),
               result.tests.size(),
               s.Dim(fmt::format("(build {:.1f} s, tests {:.1f} s)", result.build_seconds,
                                 result.test_seconds)));
    return;
  }
  if (result.verdict == Verdict::kSetupError) {
    fmt::print("{} {}: cannot check it: {}\n", s.FailMark(), s.Bold(head), result.error);
    return;
  }
  if (result.verdict == Verdict::kCompileError) {
    fmt::print("{} {}  {}\n\n", s.FailMark(), s.Bold(head), s.Red("does not compile"));
    fmt::print("{}", Indent(result.error, "  ", 14));
    fmt::print(
        "\nFix this first error (later ones often follow from it), save, and check "
        "again.\n");
    fmt::print("{}  {}\n", s.Bold("Edit "), edit);
    return;
  }

  int passed = 0;
  for (const TestOutcome& t : result.tests) passed += t.status == TestStatus::kPassed;
  std::string why;
  switch (result.verdict) {
    case Verdict::kNotStarted:
      why = "not started";
      break;
    case Verdict::kHung:
      why = "a test did not finish";
      break;
    case Verdict::kCrashed:
      why = "your code crashed the tests";
      break;
    case Verdict::kTimedOut:
      why = "the tests did not finish in time";
      break;
    default:
      why = "failing";
  }
  fmt::print("{} {}  {}  {}\n\n", s.FailMark(), s.Bold(head), s.Red(why),
             s.Dim(fmt::format("{} of {} checks pass", passed, result.tests.size())));
  for (const TestOutcome& t : result.tests) {
    std::string mark = t.status == TestStatus::kPassed   ? s.PassMark()
                       : t.status == TestStatus::kNotRun ? s.TodoMark()
                                                         : s.FailMark();
    std::string note;
    if (t.status == TestStatus::kHung) note = s.Red("  (did not finish)");
    if (t.status == TestStatus::kCrashed) note = s.Red("  (crashed)");
    if (t.status == TestStatus::kNotRun) note = s.Dim("  (not run)");
    fmt::print("  {} {}{}\n", mark, t.label, note);
  }
  const TestOutcome* first = result.FirstFailure();
  fmt::print("\n");
  if (result.verdict == Verdict::kHung || result.verdict == Verdict::kCrashed ||
      result.verdict == Verdict::kTimedOut) {
    fmt::print("{}\n{}", s.Bold("What happened:"), Indent(result.error, "  ", 6));
    if (result.verdict == Verdict::kTimedOut) {
      fmt::print(
          "  (limit {} s, LAB_CHECK_TIMEOUT): something in your code blocks "
          "forever.\n",
          app.ctx.test_timeout_seconds);
    }
  } else if (first) {
    fmt::print("{} {}\n{}", s.Bold("First failure:"), first->label,
               Indent(first->message, "  ", 20));
  } else if (!result.error.empty()) {
    fmt::print("{} {}\n", s.Bold("Problem:"), result.error);
  }
  fmt::print("\n{}  lessons/{}/README.md\n", s.Bold("Read "), lesson.folder);
  fmt::print("{}  {}\n", s.Bold("Edit "), edit);
  if (!lesson.hints.empty()) {
    fmt::print("{}  lab hint {}  ({} of {} seen)\n", s.Bold("Hints"), lesson.nn,
               std::min<size_t>(state.hints_revealed, lesson.hints.size()),
               lesson.hints.size());
  }
}

}  // namespace lab::runner
