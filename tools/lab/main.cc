// lab: the gRPC C++ Lab's runner. Parses the command line and hands over to app.h.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "app.h"

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

  CLI11_PARSE(cli, argc, argv);

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
  return CmdDefault(app);
}
