// The commands of `lab`, and what they share. main.cc only parses the command line.
#ifndef LAB_RUNNER_APP_H_
#define LAB_RUNNER_APP_H_

#include <string>
#include <vector>

#include "check.h"
#include "context.h"
#include "lessons.h"
#include "state.h"
#include "ui.h"

namespace lab::runner {

// Exit codes: 0 success / everything passes, 1 a lesson does not pass, 2 a usage or
// set-up error (unknown lesson, no repository, refused without --yes).
inline constexpr int kExitFail = 1;
inline constexpr int kExitUsage = 2;

struct App {
  Context ctx;
  std::vector<Lesson> lessons;
  StateStore store{fs::path()};
  Style style;
  bool verbose = false;  // --verbose: also show what the test program printed
};

// Finds the repository (--root, LAB_ROOT, the current folder and its parents, where
// the runner was built from) and the build folder (--build, LAB_BUILD, the folder the
// binary sits in, ROOT/build). False with *error when there is no repository.
bool MakeApp(const std::string& root_flag, const std::string& build_flag,
             const std::string& argv0, App* app, std::string* error);

// How a lesson stands for `list` and for choosing the current lesson: a recorded
// pass counts only while the lesson's files are those it was seen on.
enum class Shown { kNotStarted, kFailing, kPassed, kChanged };
Shown ShownStatus(const Lesson& lesson, const LessonState& state);

// The first lesson that does not pass (nullptr: every lesson passes).
const Lesson* CurrentLesson(const App& app, const State& state);

// Looks up NN, printing a one-line error when there is no such lesson.
const Lesson* LessonOrComplain(const App& app, const std::string& nn);

// Records what a check saw. `count_attempt`: false for report runs.
void RecordCheck(App& app, const Lesson& lesson, const CheckResult& result,
                 bool count_attempt);

// Prints the verdict, checklist (a reason under each failing step), first failure
// and files to edit; for a crash or a hang, what happened comes first.
void PrintVerdict(const App& app, const Lesson& lesson, const CheckResult& result,
                  const LessonState& state);
// --verbose: what the test program printed, test by test, and the content check.
void PrintTestOutput(const App& app, const CheckResult& result);
// "gRPC C++ Lab · 1 of 3 lessons pass [###.....] 33%"
void PrintStatusLine(const App& app, const State& state);
// A check with a progress line; records it.
CheckResult RunCheck(App& app, const Lesson& lesson, bool count_attempt = true);

int CmdDefault(App& app);
int CmdList(App& app);
int CmdCheck(App& app, const std::string& nn, bool all);
// check_first: false when the caller has just checked and printed the verdict.
int CmdWatch(App& app, const std::string& nn, bool check_first = true);
int CmdHint(App& app, const std::string& nn, bool show_all);
int CmdReset(App& app, const std::string& nn, bool yes);
int CmdSolution(App& app, const std::string& nn, bool yes);
int CmdReport(App& app, const std::string& json_path, const std::string& junit_path);
int CmdDoctor(App& app);

// lab bench / lab up: builds build/bin/lessonNN_ROLE (solutionNN_ROLE with `solution`)
// from lessons/NN-x/ROLE_main.cc. False with *error when the lesson has no such
// program or it does not build.
bool BuildLessonProgram(const App& app, const std::string& nn, const std::string& role,
                        bool solution, fs::path* binary, std::string* error);
// Builds it, then execs it with `args`: its exit code and signals are the command's.
int CmdProgram(App& app, const std::string& role, const std::string& nn, bool solution,
               const std::vector<std::string>& args);

// lab class: needs no repository. Exit 2 when no report could be read.
int CmdClass(const std::vector<std::string>& inputs, const std::string& html_path);

}  // namespace lab::runner

#endif  // LAB_RUNNER_APP_H_
