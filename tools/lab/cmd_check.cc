// lab, lab list, lab check, lab watch.
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <iostream>

#include "app.h"
#include "watch.h"

namespace lab::runner {

namespace {

LessonState StateOf(const State& state, const Lesson& lesson) {
  auto it = state.lessons.find(lesson.nn);
  return it == state.lessons.end() ? LessonState{} : it->second;
}

LessonState LoadLessonState(App& app, const Lesson& lesson) {
  return StateOf(app.store.Load(), lesson);
}

const Lesson* NextLesson(const App& app, const Lesson& lesson) {
  for (size_t i = 0; i + 1 < app.lessons.size(); ++i) {
    if (app.lessons[i].nn == lesson.nn) return &app.lessons[i + 1];
  }
  return nullptr;
}

std::atomic<Watcher*> g_watcher{nullptr};
std::atomic<bool> g_stop{false};

void OnInterrupt(int) {
  g_stop = true;
  if (Watcher* w = g_watcher.load()) w->Interrupt();
}

}  // namespace

int CmdList(App& app) {
  const Style& s = app.style;
  State state = app.store.Load();
  PrintStatusLine(app, state);
  if (app.lessons.empty()) {
    fmt::print("No lessons found under {}/lessons (folders named NN-topic).\n",
               app.ctx.root.string());
    return 0;
  }
  const Lesson* current = CurrentLesson(app, state);
  // The status column: a mark (1 column with Unicode, 6 without), a space, then the
  // longest status text ("edited: re-check", 16 columns).
  const int status_width = (s.unicode ? 1 : 6) + 1 + 16;
  fmt::print("\n  {:<3} {:<44} {:<{}} {:>7} {:>6} {:>9}\n", "#", "Lesson", "Status",
             status_width, "Time", "Hints", "Attempts");
  for (const Lesson& l : app.lessons) {
    LessonState ls = StateOf(state, l);
    std::string mark, text;
    switch (ShownStatus(l, ls)) {
      case Shown::kPassed:
        mark = s.PassMark();
        text = "passed";
        break;
      case Shown::kFailing:
        mark = s.FailMark();
        text = "failing";
        break;
      case Shown::kChanged:
        mark = s.StaleMark();
        text = "edited: re-check";
        break;
      case Shown::kNotStarted:
        mark = s.TodoMark();
        text = "not started";
        break;
    }
    std::string title = StripLessonNumber(l.title);
    if (title.size() > 44) title = title.substr(0, 41) + "...";
    std::string minutes = l.minutes ? fmt::format("{} min", l.minutes) : "";
    std::string hints = fmt::format("{}/{}", ls.hints_revealed, l.hints.size());
    std::string here = current == &l ? s.Cyan(" " + s.Arrow() + " current") : "";
    // Pad by hand around the coloured mark: its escape codes have no width.
    fmt::print("  {:<3} {:<44} {} {:<16} {:>7} {:>6} {:>9}{}\n", l.nn, title, mark, text,
               minutes, hints, ls.attempts, here);
  }
  if (!current) fmt::print("\nEvery lesson passes. Well done.\n");
  return 0;
}

int CmdCheck(App& app, const std::string& nn, bool all) {
  std::vector<const Lesson*> todo;
  if (all) {
    for (const Lesson& l : app.lessons) todo.push_back(&l);
  } else if (!nn.empty()) {
    const Lesson* l = LessonOrComplain(app, nn);
    if (!l) return kExitUsage;
    todo.push_back(l);
  } else {
    const Lesson* l = CurrentLesson(app, app.store.Load());
    if (!l) {
      fmt::print(
          "Every lesson passes (as last checked). `lab check --all` re-checks them "
          "all.\n");
      return 0;
    }
    todo.push_back(l);
  }
  if (todo.empty()) {
    fmt::print(stderr, "lab: no lessons found under {}/lessons\n", app.ctx.root.string());
    return kExitUsage;
  }
  bool all_pass = true, setup_error = false;
  for (const Lesson* l : todo) {
    CheckResult r = RunCheck(app, *l);
    if (app.verbose) PrintTestOutput(app, r);
    PrintVerdict(app, *l, r, LoadLessonState(app, *l));
    if (todo.size() > 1) fmt::print("\n");
    all_pass = all_pass && r.passed();
    setup_error = setup_error || r.verdict == Verdict::kSetupError;
  }
  if (setup_error) return kExitUsage;
  return all_pass ? 0 : kExitFail;
}

int CmdDefault(App& app) {
  const Style& s = app.style;
  State state = app.store.Load();
  PrintStatusLine(app, state);
  if (app.lessons.empty()) {
    fmt::print("No lessons found under {}/lessons.\n", app.ctx.root.string());
    return kExitUsage;
  }
  // Check the current lesson; when it passes now, go on to the next one, so that the
  // verdict shown is always one seen just now.
  const Lesson* lesson = CurrentLesson(app, state);
  if (!lesson) {
    fmt::print(
        "\n{} Every lesson passes. Well done. (`lab check --all` re-checks them; "
        "`lab report` writes a report.)\n",
        s.PassMark());
    return 0;
  }
  while (lesson) {
    fmt::print("\nYour current lesson: {}\n", s.Bold(lesson->title));
    CheckResult r = RunCheck(app, *lesson);
    if (app.verbose) PrintTestOutput(app, r);
    PrintVerdict(app, *lesson, r, LoadLessonState(app, *lesson));
    if (r.verdict == Verdict::kSetupError) return kExitUsage;
    if (!r.passed()) break;
    const Lesson* next = CurrentLesson(app, app.store.Load());
    if (next == lesson && r.fingerprint.empty()) {
      fmt::print("Lesson {}'s files kept changing while it was checked: check again.\n",
                 lesson->nn);
      return kExitFail;
    }
    if (next == lesson) {  // the pass could not be recorded: do not loop on it
      fmt::print(stderr, "lab: could not record progress in {}\n",
                 app.store.file().string());
      return kExitUsage;
    }
    lesson = next;
  }
  if (!lesson) {
    fmt::print("\n{} Every lesson passes. Well done.\n", s.PassMark());
    return 0;
  }
  if (StdoutIsTty() && StdinIsTty()) return CmdWatch(app, lesson->nn, false);
  fmt::print(
      "\nCheck again with `make lab` or `build/bin/lab check {}`; on a terminal, "
      "`lab watch` re-checks on every save.\n",
      lesson->nn);
  return kExitFail;
}

int CmdWatch(App& app, const std::string& nn, bool check_first) {
  const Style& s = app.style;
  const Lesson* lesson = nullptr;
  if (!nn.empty()) {
    lesson = LessonOrComplain(app, nn);
    if (!lesson) return kExitUsage;
  } else {
    lesson = CurrentLesson(app, app.store.Load());
    if (!lesson && !app.lessons.empty()) lesson = &app.lessons.back();
    if (!lesson) {
      fmt::print(stderr, "lab: no lessons found under {}/lessons\n",
                 app.ctx.root.string());
      return kExitUsage;
    }
  }
  bool interactive = StdinIsTty();
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  while (lesson && !g_stop) {
    std::vector<fs::path> dirs = {lesson->dir};
    if (fs::is_directory(lesson->test_dir)) dirs.push_back(lesson->test_dir);
    Watcher watcher(dirs);
    g_watcher = &watcher;
    bool switch_lesson = false;
    bool check_now = check_first;
    check_first = true;  // a lesson moved on to is always checked first
    std::string why = "";
    if (!check_now) {
      fmt::print("\n{}\n",
                 s.Dim(fmt::format("Watching lessons/{}/ ({}). Save to re-check{}.",
                                   lesson->folder, watcher.mode_note(),
                                   interactive ? "; Enter re-checks, h a hint, "
                                                 "n the next lesson, q quits"
                                               : "; Ctrl-C quits")));
      std::fflush(stdout);
    }
    while (!g_stop && !switch_lesson) {
      if (check_now) {
        if (StdoutIsTty()) fmt::print("\033[2J\033[H");  // a fresh screen per verdict
        if (!why.empty()) fmt::print("{}\n", s.Dim(why));
        CheckResult r = RunCheck(app, *lesson);
        if (app.verbose) PrintTestOutput(app, r);
        PrintVerdict(app, *lesson, r, LoadLessonState(app, *lesson));
        fmt::print("\n");
        const Lesson* next = NextLesson(app, *lesson);
        if (r.passed()) {
          if (next) {
            fmt::print("{} Lesson {} passes. Next: {}{}\n", s.PassMark(), lesson->nn,
                       s.Bold(next->title),
                       interactive ? ": press n and Enter to go on to it" : "");
          } else {
            fmt::print("{} Lesson {} passes, and it is the last one. Well done.\n",
                       s.PassMark(), lesson->nn);
          }
        }
        fmt::print("{}\n", s.Dim(fmt::format(
                               "Watching lessons/{}/ ({}). Save to re-check{}.",
                               lesson->folder, watcher.mode_note(),
                               interactive ? "; Enter re-checks, h a hint, n the next "
                                             "lesson, q quits"
                                           : "; Ctrl-C quits")));
        std::fflush(stdout);
        check_now = false;
      }
      WatchEvent ev = watcher.Wait(std::chrono::hours(24), interactive ? 0 : -1);
      if (ev.interrupted) break;
      if (ev.input_ready) {
        std::string line;
        if (!std::getline(std::cin, line)) {
          interactive = false;  // stdin closed: keep watching files only
          continue;
        }
        line = Trim(line);
        if (line == "q") {
          g_stop = true;
        } else if (line == "h") {
          CmdHint(app, lesson->nn, false);
        } else if (line == "n") {
          if (const Lesson* next = NextLesson(app, *lesson)) {
            lesson = next;
            switch_lesson = true;
          }
        } else {
          why = "re-checking (Enter)";
          check_now = true;
        }
        continue;
      }
      if (!ev.changed.empty()) {
        std::string names;
        for (const std::string& c : ev.changed) names += (names.empty() ? "" : ", ") + c;
        why = "changed: " + names;
        check_now = true;
      }
    }
    g_watcher = nullptr;
    if (!switch_lesson) break;
  }
  fmt::print("Stopped watching.\n");
  return 0;
}

}  // namespace lab::runner
