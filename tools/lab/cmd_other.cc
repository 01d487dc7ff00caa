// lab hint, lab reset, lab solution, lab report, lab doctor.
#include <fmt/format.h>

#include <algorithm>

#include "app.h"
#include "doctor.h"
#include "report.h"
#include "starter.h"

namespace lab::runner {

namespace {

const Lesson* LessonOrCurrent(App& app, const std::string& nn) {
  if (!nn.empty()) return LessonOrComplain(app, nn);
  const Lesson* l = CurrentLesson(app, app.store.Load());
  if (!l && !app.lessons.empty()) l = &app.lessons.back();
  if (!l)
    fmt::print(stderr, "lab: no lessons found under {}/lessons\n", app.ctx.root.string());
  return l;
}

}  // namespace

int CmdHint(App& app, const std::string& nn, bool show_all) {
  const Style& s = app.style;
  const Lesson* lesson = LessonOrCurrent(app, nn);
  if (!lesson) return kExitUsage;
  int total = static_cast<int>(lesson->hints.size());
  if (total == 0) {
    fmt::print("Lesson {} has no hints (lessons/{}/HINTS.md has no \"## Hint 1\").\n",
               lesson->nn, lesson->folder);
    return 0;
  }
  int shown = 0;
  std::string warning;
  app.store.Update(
      [&](State& state) {
        LessonState& ls = state.lessons[lesson->nn];
        int seen = std::clamp(ls.hints_revealed, 0, total);
        if (show_all) {
          shown = seen;  // repeat what was revealed, reveal nothing new
        } else {
          shown = std::min(seen + 1, total);
          ls.hints_revealed = shown;
        }
      },
      &warning);
  if (!warning.empty()) fmt::print(stderr, "{}\n", warning);
  if (shown == 0) {
    fmt::print("No hints seen yet for lesson {}: `lab hint {}` shows the first.\n",
               lesson->nn, lesson->nn);
    return 0;
  }
  int from = show_all ? 1 : shown;
  for (int i = from; i <= shown; ++i) {
    fmt::print("{}\n\n{}\n\n",
               s.Bold(fmt::format("Lesson {}, hint {} of {}", lesson->nn, i, total)),
               lesson->hints[static_cast<size_t>(i - 1)]);
  }
  if (!show_all) {
    if (shown < total) {
      fmt::print("{}\n", s.Dim(fmt::format("`lab hint {}` again for the next one "
                                           "({} more).",
                                           lesson->nn, total - shown)));
    } else {
      fmt::print("{}\n",
                 s.Dim(fmt::format("That was the last hint. `lab solution {}` shows the "
                                   "reference, as a diff from the starter.",
                                   lesson->nn)));
    }
  }
  return 0;
}

int CmdReset(App& app, const std::string& nn, bool yes) {
  const Lesson* lesson = LessonOrComplain(app, nn);
  if (!lesson) return kExitUsage;
  std::string files;
  for (const std::string& p : lesson->EditPaths()) files += "  " + p + "\n";
  if (!yes) {
    if (!StdinIsTty()) {
      fmt::print(stderr,
                 "lab: reset would overwrite your files in lessons/{}/ with the starter; "
                 "run `lab reset {} --yes` to confirm (your versions are backed up in "
                 ".lab/backup/ first).\n",
                 lesson->folder, lesson->nn);
      return kExitUsage;
    }
    fmt::print(
        "This puts the starter back in:\n{}Your versions are copied to "
        ".lab/backup/ first.\n",
        files);
    if (!AskYesNo("Reset lesson " + lesson->nn + "?")) {
      fmt::print("Nothing changed.\n");
      return 0;
    }
  }
  ResetResult r = ResetLesson(app.ctx.root, *lesson);
  if (!r.ok) {
    fmt::print(stderr, "lab: {}\n", r.error);
    return kExitFail;
  }
  app.store.Update([&](State& state) { ++state.lessons[lesson->nn].resets; });
  std::error_code ec;
  fmt::print("Lesson {} is back to its starter ({} file{}). Your versions are in {}\n",
             lesson->nn, r.restored.size(), r.restored.size() == 1 ? "" : "s",
             fs::relative(r.backup_dir, app.ctx.root, ec).string());
  return 0;
}

int CmdSolution(App& app, const std::string& nn, bool yes) {
  const Style& s = app.style;
  const Lesson* lesson = LessonOrComplain(app, nn);
  if (!lesson) return kExitUsage;
  State state = app.store.Load();
  auto it = state.lessons.find(lesson->nn);
  LessonState ls = it == state.lessons.end() ? LessonState{} : it->second;
  bool passed = ShownStatus(*lesson, ls) == Shown::kPassed;
  if (!passed && !yes) {
    if (!StdinIsTty()) {
      fmt::print(stderr,
                 "lab: you have not passed lesson {} yet; `lab hint {}` may be enough. "
                 "Add --yes to see the solution anyway.\n",
                 lesson->nn, lesson->nn);
      return kExitUsage;
    }
    if (!AskYesNo("You have not passed lesson " + lesson->nn +
                  " yet (a hint may be enough: lab hint " + lesson->nn +
                  "). Show the solution anyway?")) {
      return 0;
    }
  }
  std::string note;
  std::string diff = SolutionDiff(app.ctx.root, *lesson, &note);
  if (!note.empty()) fmt::print("{}\n", s.Dim(note));
  for (const std::string& line : SplitLines(diff)) {
    if (StartsWith(line, "+++") || StartsWith(line, "---")) {
      fmt::print("{}\n", s.Bold(line));
    } else if (StartsWith(line, "+")) {
      fmt::print("{}\n", s.Green(line));
    } else if (StartsWith(line, "-")) {
      fmt::print("{}\n", s.Red(line));
    } else if (StartsWith(line, "@@")) {
      fmt::print("{}\n", s.Cyan(line));
    } else {
      fmt::print("{}\n", line);
    }
  }
  if (!passed) {
    app.store.Update([&](State& st) { st.lessons[lesson->nn].solution_viewed = true; });
  }
  return 0;
}

int CmdReport(App& app, const std::string& json_path, const std::string& junit_path) {
  const Style& s = app.style;
  std::vector<LessonReport> reports;
  for (const Lesson& l : app.lessons) {
    LessonReport r;
    r.lesson = &l;
    r.result = RunCheck(app, l, /*count_attempt=*/false);
    reports.push_back(std::move(r));
  }
  State state = app.store.Load();
  int passed = 0;
  fmt::print("{}\n\n  {:<3} {:<14} {:>7} {:>6} {:>9}  {}\n",
             s.Bold("gRPC C++ Lab report"), "#", "Verdict", "Tests", "Hints", "Attempts",
             "Lesson");
  for (LessonReport& r : reports) {
    auto it = state.lessons.find(r.lesson->nn);
    if (it != state.lessons.end()) r.state = it->second;
    int ok = 0;
    for (const TestOutcome& t : r.result.tests) ok += t.status == TestStatus::kPassed;
    passed += r.result.passed();
    std::string verdict = VerdictName(r.result.verdict);
    fmt::print("  {:<3} {:<14} {:>7} {:>6} {:>9}  {}\n", r.lesson->nn, verdict,
               fmt::format("{}/{}", ok, r.result.tests.size()),
               fmt::format("{}/{}", r.state.hints_revealed, r.lesson->hints.size()),
               r.state.attempts, r.lesson->title);
  }
  fmt::print("\n{} of {} lessons pass.\n", passed, reports.size());
  int64_t now = NowSeconds();
  int rc = 0;
  if (!json_path.empty()) {
    std::string error;
    if (WriteFileAtomic(json_path, ReportJson(reports, now), &error)) {
      fmt::print("JSON report: {}\n", json_path);
    } else {
      fmt::print(stderr, "lab: {}\n", error);
      rc = kExitFail;
    }
  }
  if (!junit_path.empty()) {
    std::string error;
    if (WriteFileAtomic(junit_path, ReportJunit(reports, now), &error)) {
      fmt::print("JUnit report: {}\n", junit_path);
    } else {
      fmt::print(stderr, "lab: {}\n", error);
      rc = kExitFail;
    }
  }
  return rc;
}

int CmdDoctor(App& app) {
  const Style& s = app.style;
  fmt::print("{} {}\n\n", s.Bold("lab doctor"),
             s.Dim("(is this machine ready for the lab?)"));
  int bad = 0;
  for (const DoctorCheck& c : RunDoctor(app.ctx)) {
    std::string mark = c.ok ? s.PassMark() : c.warning ? s.StaleMark() : s.FailMark();
    fmt::print("  {} {:<16} {}\n", mark, c.name, c.detail);
    if (!c.ok && !c.fix.empty()) fmt::print("      {} {}\n", s.Bold("fix:"), c.fix);
    if (!c.ok && !c.warning) ++bad;
  }
  if (bad) {
    fmt::print(
        "\n{} problem{} found. `scripts/install-deps.sh` installs every package "
        "the lab needs.\n",
        bad, bad == 1 ? "" : "s");
    return kExitFail;
  }
  fmt::print("\nEverything the lab needs is here.\n");
  return 0;
}

}  // namespace lab::runner
