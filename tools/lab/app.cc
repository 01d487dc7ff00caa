#include "app.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "failure.h"

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

namespace {

std::string Why(Verdict verdict) {
  switch (verdict) {
    case Verdict::kNotStarted:
      return "not started";
    case Verdict::kHung:
      return "a test did not finish";
    case Verdict::kCrashed:
      return "your code crashed the tests";
    case Verdict::kTimedOut:
      return "the tests did not finish in time";
    default:
      return "failing";
  }
}

bool StoppedEarly(Verdict v) {
  return v == Verdict::kHung || v == Verdict::kCrashed || v == Verdict::kTimedOut;
}

std::string JoinedEditPaths(const Lesson& lesson, const std::string& sep) {
  std::string out;
  for (const std::string& p : lesson.EditPaths()) out += (out.empty() ? "" : sep) + p;
  return out;
}

bool NotStarted(const TestOutcome& t) {
  return t.status == TestStatus::kFailed &&
         t.message.find("not started yet") != std::string::npos;
}

// A crash, a hang or a timeout: what happened, right under the verdict, with the
// program's last words and the files to look at.
void PrintWhatHappened(const App& app, const Lesson& lesson, const CheckResult& result) {
  const Style& s = app.style;
  std::string what = result.error;
  for (const char* tag : {"[  CRASH   ] ", "[  HUNG    ] "}) {
    if (StartsWith(what, tag)) what = what.substr(std::string(tag).size());
  }
  fmt::print("{}\n{}", s.Bold("What happened:"), Indent(what, "  ", 6));
  if (result.verdict == Verdict::kTimedOut) {
    fmt::print(
        "  (limit {} s, LAB_CHECK_TIMEOUT): something in your code blocks forever.\n",
        app.ctx.test_timeout_seconds);
  }
  if (!result.last_words.empty()) {
    fmt::print("  {}\n", s.Bold("Printed just before the crash:"));
    for (const std::string& line : result.last_words) fmt::print("    {}\n", line);
  }
  if (what.find("Look at") == std::string::npos) {
    fmt::print("  Look at your code in {}.\n", JoinedEditPaths(lesson, ", "));
  }
  fmt::print("\n");
}

// Why a step shows no verdict of its own.
std::string NotRunNote(Verdict verdict) {
  switch (verdict) {
    case Verdict::kCrashed:
      return "not run: the program crashed before it";
    case Verdict::kHung:
      return "not run: the program was stopped at a test that hung";
    case Verdict::kTimedOut:
      return "not run: the tests ran out of time";
    default:
      return "not run";
  }
}

// The reason under a failing step: a line or two, never nothing.
std::vector<std::string> StepReason(const TestOutcome& t, size_t width) {
  if (t.status == TestStatus::kHung) return {"did not finish (see What happened above)"};
  if (t.status == TestStatus::kCrashed) return {"crashed (see What happened above)"};
  std::vector<std::string> reason = ShortReason(t.message, width);
  if (reason.empty()) reason = {"failed without a message"};
  return reason;
}

// One step of the checklist: its mark and label, then, for a failing step, why.
void PrintStep(const App& app, const TestOutcome& t, Verdict verdict) {
  const Style& s = app.style;
  if (t.status == TestStatus::kPassed) {
    fmt::print("  {} {}\n", s.PassMark(), t.label);
    return;
  }
  // A step whose test says so, or any failing step while every edit file is still
  // the starter (lesson 01's tests read the .proto, and say what to add instead).
  bool not_started = NotStarted(t) ||
                     (verdict == Verdict::kNotStarted && t.status == TestStatus::kFailed);
  if (t.status == TestStatus::kNotRun || not_started) {
    std::string note = not_started ? "not started yet" : NotRunNote(verdict);
    fmt::print("  {} {}  {}\n", s.TodoMark(), t.label, s.Dim("(" + note + ")"));
    if (NotStarted(t) || t.status == TestStatus::kNotRun) return;
  } else {
    fmt::print("  {} {}\n", s.FailMark(), t.label);
  }
  std::string pad(s.unicode ? 6 : 11, ' ');
  size_t width = std::max<size_t>(TerminalColumns(), 60) - pad.size();
  for (const std::string& line : StepReason(t, width)) {
    fmt::print("{}{}\n", pad, not_started ? s.Dim(line) : s.Red(line));
  }
}

// The first failed step in full: the test's teaching message first, then what
// GoogleTest compared (values shortened) and where.
void PrintFirstFailure(const App& app, const TestOutcome& t) {
  const Style& s = app.style;
  FailureParts parts = SplitFailure(t.message);
  fmt::print("{} {}\n", s.Bold("First failure:"), t.label);
  if (!parts.teaching.empty()) fmt::print("{}", Indent(parts.teaching, "  ", 20));
  std::string where = parts.location.empty() ? "" : " (" + parts.location + ")";
  if (!parts.raw.empty()) {
    fmt::print("  {}\n", s.Dim("GoogleTest" + where + ":"));
    fmt::print("{}", s.Dim(Indent(ShortenRaw(parts.raw), "    ", 12)));
  } else if (!where.empty()) {
    fmt::print("  {}\n", s.Dim("at " + parts.location));
  }
}

void PrintPointers(const App& app, const Lesson& lesson, const LessonState& state) {
  const Style& s = app.style;
  fmt::print("\n{}  lessons/{}/README.md\n", s.Bold("Read "), lesson.folder);
  fmt::print("{}  {}\n", s.Bold("Edit "), JoinedEditPaths(lesson, " "));
  if (!lesson.hints.empty()) {
    fmt::print("{}  lab hint {}  ({} of {} seen)\n", s.Bold("Hints"), lesson.nn,
               std::min<size_t>(state.hints_revealed, lesson.hints.size()),
               lesson.hints.size());
  }
}

void PrintCompileError(const App& app, const std::string& head, const Lesson& lesson,
                       const CheckResult& result) {
  const Style& s = app.style;
  fmt::print("{} {}  {}\n\n", s.FailMark(), s.Bold(head), s.Red("does not compile"));
  fmt::print("{}", Indent(result.error, "  ", 14));
  fmt::print(
      "\nFix this first error (later ones often follow from it), save, and check "
      "again.\n");
  fmt::print("{}  {}\n", s.Bold("Edit "), JoinedEditPaths(lesson, " "));
}

}  // namespace

void PrintVerdict(const App& app, const Lesson& lesson, const CheckResult& result,
                  const LessonState& state) {
  const Style& s = app.style;
  std::string head = fmt::format("{} {}", lesson.nn, ShortTitle(lesson));
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
    return PrintCompileError(app, head, lesson, result);
  }
  int passed = 0;
  for (const TestOutcome& t : result.tests) passed += t.status == TestStatus::kPassed;
  fmt::print("{} {}  {}  {}\n\n", s.FailMark(), s.Bold(head), s.Red(Why(result.verdict)),
             s.Dim(fmt::format("{} of {} checks pass", passed, result.tests.size())));
  if (StoppedEarly(result.verdict)) PrintWhatHappened(app, lesson, result);
  for (const TestOutcome& t : result.tests) PrintStep(app, t, result.verdict);
  auto first = std::find_if(result.tests.begin(), result.tests.end(), [](const auto& t) {
    return t.status == TestStatus::kFailed;
  });
  if (first != result.tests.end()) {
    fmt::print("\n");
    PrintFirstFailure(app, *first);
  } else if (!StoppedEarly(result.verdict) && !result.error.empty()) {
    fmt::print("\n{} {}\n", s.Bold("Problem:"), result.error);
  }
  PrintPointers(app, lesson, state);
}

void PrintTestOutput(const App& app, const CheckResult& result) {
  const Style& s = app.style;
  if (!result.command.empty()) {
    std::vector<PrintedOutput> printed = OutputByTest(result.output);
    fmt::print("{}\n", s.Bold("What " + result.command + " printed, test by test:"));
    if (printed.empty()) fmt::print("  (nothing besides GoogleTest's own lines)\n");
    for (const PrintedOutput& p : printed) {
      std::string label = p.id.empty() ? "(outside any test)" : p.id;
      for (const TestOutcome& t : result.tests) {
        if (t.id == p.id) label = t.label + "  " + s.Dim(p.id);
      }
      fmt::print("  {}\n", s.Cyan(label));
      for (const std::string& line : p.lines) fmt::print("    {}\n", line);
    }
  }
  std::string touched;
  for (const fs::path& f : result.touched) {
    touched += " " + fs::relative(f, app.ctx.root).generic_string();
  }
  fmt::print("{}\n\n", s.Dim(fmt::format(
                           "(content check: {:.1f} ms; {}{})", result.content_check_ms,
                           touched.empty() ? "no file needed a new time"
                                           : "given a new time so they rebuild:",
                           touched)));
}

}  // namespace lab::runner
