// lab bench NN / lab up NN: build a lesson's ROLE_main.cc program and run it in the
// runner's place (exec: its output, its signals, its exit code).
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "app.h"

namespace lab::runner {

bool BuildLessonProgram(const App& app, const std::string& nn, const std::string& role,
                        bool solution, fs::path* binary, std::string* error) {
  const Lesson* lesson = FindLesson(app.lessons, nn);
  if (!lesson) {
    *error = fmt::format("there is no lesson {} (lab list shows them)", nn);
    return false;
  }
  fs::path main = lesson->dir / (role + "_main.cc");
  if (!fs::exists(main)) {
    *error = fmt::format(
        "lesson {} has no {} program: lessons/{}/{}_main.cc does not exist (`lab {}` "
        "runs the lessons that ship one)",
        lesson->nn, role, lesson->folder, role, role);
    return false;
  }
  std::string target =
      fmt::format("{}{}_{}", solution ? "solution" : "lesson", lesson->nn, role);
  if (!EnsureConfigured(app.ctx, error)) return false;
  fmt::print(stderr, "lab: building {}...\n", target);
  ProcessResult r = RunProcess(
      {"cmake", "--build", app.ctx.build.string(), "--target", target}, app.ctx.root);
  if (!r.ok()) {
    std::string first = FirstBuildError(r.output, app.ctx.root);
    *error =
        fmt::format("{} does not build:\n{}", target, first.empty() ? r.output : first);
    return false;
  }
  *binary = app.ctx.build / "bin" / target;
  return true;
}

int CmdProgram(App& app, const std::string& role, const std::string& nn, bool solution,
               const std::vector<std::string>& args) {
  fs::path binary;
  std::string error;
  if (!BuildLessonProgram(app, nn, role, solution, &binary, &error)) {
    fmt::print(stderr, "lab: {}\n", error);
    return kExitUsage;
  }
  std::vector<std::string> strings = {binary.string()};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  execv(argv[0], argv.data());  // returns only on failure
  fmt::print(stderr, "lab: cannot run {}: {}\n", binary.string(), std::strerror(errno));
  return kExitUsage;
}

}  // namespace lab::runner
