// lab: the gRPC C++ Lab's runner. Parses the command line and hands over to app.h.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "app.h"

namespace {

// `lab bench NN ARGS...` / `lab up NN ARGS...`: everything after the lesson number
// belongs to the program, whatever it looks like (CLI11 would claim `-v` or reject
// `--port`). Returns the argc CLI11 is to see; the rest goes to *program_args.
int SplitProgramArgs(int argc, char** argv, std::vector<std::string>* program_args) {
  bool in_program_command = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--root" || a == "--build") {
      ++i;  // and its value
    } else if (!a.empty() && a[0] == '-') {
      continue;
    } else if (!in_program_command) {
      if (a != "bench" && a != "up") return argc;
      in_program_command = true;
    } else {
      int end = i + 1;  // the lesson number
      if (end < argc && std::string(argv[end]) == "--") ++end;
      program_args->assign(argv + end, argv + argc);
      return i + 1;
    }
  }
  return argc;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lab::runner;
  CLI::App cli{
      "lab: check your gRPC C++ Lab lessons. Without a command: the status line, then "
      "your current lesson checked (and watched, on a terminal)."};
  cli.require_subcommand(0, 1);
  cli.fallthrough();
  std::string root, build, nn, json_path, junit_path;
  bool all = false, yes = false;
  cli.add_option("--root", root,
                 "the repository (default: found from the current folder)");
  cli.add_option("--build", build, "the CMake build folder (default: ROOT/build)");
  bool verbose = false;
  cli.add_flag("--verbose,-v", verbose,
               "also show what the test program printed (tables, logs), test by test");

  CLI::App* list = cli.add_subcommand("list", "every lesson: status, time, hints used");
  CLI::App* check = cli.add_subcommand(
      "check", "build one lesson and run its graded tests against your code");
  check->add_option("lesson", nn, "lesson number (default: your current lesson)");
  check->add_flag("--all", all, "check every lesson");
  CLI::App* watch = cli.add_subcommand("watch", "re-check a lesson on every save");
  watch->add_option("lesson", nn, "lesson number (default: your current lesson)");
  CLI::App* hint = cli.add_subcommand("hint", "show the next hint for a lesson");
  hint->add_option("lesson", nn, "lesson number (default: your current lesson)");
  hint->add_flag("--all", all, "show again every hint revealed so far");
  CLI::App* reset =
      cli.add_subcommand("reset", "put the starter back (your files are backed up)");
  reset->add_option("lesson", nn, "lesson number")->required();
  reset->add_flag("--yes,-y", yes, "do not ask");
  CLI::App* solution = cli.add_subcommand(
      "solution", "the diff from the starter to the reference solution");
  solution->add_option("lesson", nn, "lesson number")->required();
  solution->add_flag("--yes,-y", yes, "do not ask, even before you have passed it");
  CLI::App* report = cli.add_subcommand("report", "grade every lesson; JSON / JUnit XML");
  report->add_option("--json", json_path, "write the JSON report here");
  report->add_option("--junit", junit_path, "write JUnit XML here");
  CLI::App* doctor = cli.add_subcommand(
      "doctor", "check the compiler, tools and libraries the lab needs");

  std::vector<std::string> program_args;
  bool solution_program = false;
  CLI::App* bench = cli.add_subcommand(
      "bench", "build and run lesson NN's benchmark program (lessonNN_bench)");
  CLI::App* up = cli.add_subcommand("up",
                                    "build and run lesson NN's system in the foreground "
                                    "(lessonNN_up; Ctrl-C stops it)");
  for (CLI::App* sub : {bench, up}) {
    sub->add_option("lesson", nn, "lesson number")->required();
    sub->add_flag("--solution", solution_program,
                  "run the reference solution's program instead (for instructors)");
    sub->footer("Everything after the lesson number is passed to the program.\n");
  }
  std::vector<std::string> class_inputs;
  std::string html_path;
  CLI::App* klass = cli.add_subcommand(
      "class",
      "for instructors: many learners' `lab report --json` files as one class view");
  klass->add_option("reports", class_inputs, "report files, or folders of *.json")
      ->required();
  klass->add_option("--html", html_path, "also write the class view as one HTML page");

  argc = SplitProgramArgs(argc, argv, &program_args);
  CLI11_PARSE(cli, argc, argv);
  // The class view reads files only: it needs no repository.
  if (*klass) return CmdClass(class_inputs, html_path);

  App app;
  std::string error;
  if (!MakeApp(root, build, argv[0], &app, &error)) {
    std::fprintf(stderr, "lab: %s\n", error.c_str());
    return kExitUsage;
  }
  app.verbose = verbose;
  if (*list) return CmdList(app);
  if (*check) return CmdCheck(app, nn, all);
  if (*watch) return CmdWatch(app, nn);
  if (*hint) return CmdHint(app, nn, all);
  if (*reset) return CmdReset(app, nn, yes);
  if (*solution) return CmdSolution(app, nn, yes);
  if (*report) return CmdReport(app, json_path, junit_path);
  if (*doctor) return CmdDoctor(app);
  if (*bench) return CmdProgram(app, "bench", nn, solution_program, program_args);
  if (*up) return CmdProgram(app, "up", nn, solution_program, program_args);
  return CmdDefault(app);
}
