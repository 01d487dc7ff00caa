#include "check.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "starter.h"

namespace lab::runner {

using nlohmann::json;

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPassed:
      return "passed";
    case Verdict::kNotStarted:
      return "not_started";
    case Verdict::kFailing:
      return "failing";
    case Verdict::kCompileError:
      return "compile_error";
    case Verdict::kHung:
      return "hung";
    case Verdict::kCrashed:
      return "crashed";
    case Verdict::kTimedOut:
      return "timed_out";
    case Verdict::kSetupError:
      break;
  }
  return "setup_error";
}

const TestOutcome* CheckResult::FirstFailure() const {
  for (const TestOutcome& t : tests) {
    if (t.status == TestStatus::kFailed || t.status == TestStatus::kHung ||
        t.status == TestStatus::kCrashed) {
      return &t;
    }
  }
  return nullptr;
}

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// "/abs/root/lessons/x.cc" and "../lessons/x.cc" -> "lessons/x.cc".
std::string RelativeToRoot(std::string text, const fs::path& root) {
  std::string prefix = root.string();
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  for (size_t pos; !prefix.empty() && (pos = text.find(prefix)) != std::string::npos;) {
    text.erase(pos, prefix.size());
  }
  for (const char* dots : {"../lessons/", "../solutions/", "../tests/"}) {
    for (size_t pos; (pos = text.find(dots)) != std::string::npos;) text.erase(pos, 3);
  }
  return text;
}

}  // namespace

namespace {

// "path:12:5: error: ..." (or "path:12: ..."): the diagnostic's kind, else "".
std::string DiagnosticKind(const std::string& line) {
  size_t space = line.find(' ');
  if (space == std::string::npos || space < 2 || line[space - 1] != ':') return "";
  // Before the space: FILE:LINE: or FILE:LINE:COL:, with no space in FILE.
  std::string head = line.substr(0, space - 1);
  int numbers = 0;
  while (numbers < 2) {
    size_t colon = head.rfind(':');
    if (colon == std::string::npos || colon + 1 == head.size()) break;
    std::string digits = head.substr(colon + 1);
    if (digits.find_first_not_of("0123456789") != std::string::npos) break;
    head.resize(colon);
    ++numbers;
  }
  if (numbers == 0 || head.empty()) return "";
  std::string rest = line.substr(space + 1);
  if (StartsWith(rest, "fatal error: ")) return "error";
  for (const char* kind : {"error", "warning", "note"}) {
    if (StartsWith(rest, std::string(kind) + ": ")) return kind;
  }
  return "";
}

bool StartsADiagnostic(const std::string& line) {
  if (!DiagnosticKind(line).empty()) return true;
  for (const char* p : {"In file included from ", "FAILED: ", "ninja: "}) {
    if (StartsWith(line, p)) return true;
  }
  // "path/file.cc: In function 'int f()':"
  size_t in = line.find(": In ");
  return in != std::string::npos && line.find(' ') == in + 1;
}

}  // namespace

std::string FirstBuildError(const std::string& log, const fs::path& root) {
  std::vector<std::string> lines = SplitLines(log);
  size_t first = lines.size();
  // A compiler error first; else a linker error; else whatever the build tool said.
  for (size_t i = 0; i < lines.size() && first == lines.size(); ++i) {
    if (DiagnosticKind(lines[i]) == "error") first = i;
  }
  for (size_t i = 0; i < lines.size() && first == lines.size(); ++i) {
    if (lines[i].find("undefined reference") != std::string::npos ||
        lines[i].find("ld.lld: error") != std::string::npos ||
        lines[i].find("multiple definition") != std::string::npos) {
      first = i;
    }
  }
  for (size_t i = 0; i < lines.size() && first == lines.size(); ++i) {
    if (lines[i].find("CMake Error") != std::string::npos ||
        lines[i].find("error:") != std::string::npos ||
        StartsWith(lines[i], "ninja: error")) {
      first = i;
    }
  }
  if (first == lines.size()) {
    // Nothing recognisable: the last lines are the most useful.
    size_t from = lines.size() > 15 ? lines.size() - 15 : 0;
    std::string out;
    for (size_t i = from; i < lines.size(); ++i) out += lines[i] + "\n";
    return RelativeToRoot(out, root);
  }
  std::string out = lines[first] + "\n";
  // The source excerpt and caret that follow, up to the next diagnostic.
  for (size_t i = first + 1, n = 0; i < lines.size() && n < 8; ++i, ++n) {
    if (StartsADiagnostic(lines[i])) break;
    out += lines[i] + "\n";
  }
  return RelativeToRoot(out, root);
}

CheckResult ClassifyRun(const std::vector<ChecklistItem>& checklist,
                        const std::string& gtest_json, const ProcessResult& run,
                        const fs::path& root) {
  CheckResult result;
  std::map<std::string, TestOutcome> seen;
  std::vector<std::string> order;
  for (const ChecklistItem& item : checklist) {
    order.push_back(item.id);
    seen[item.id] = TestOutcome{item.id, item.label, TestStatus::kNotRun, 0, ""};
  }
  auto touch = [&](const std::string& id) -> TestOutcome& {
    auto it = seen.find(id);
    if (it == seen.end()) {
      order.push_back(id);
      std::string name = id.substr(id.find('.') + 1);
      it = seen.emplace(id,
                        TestOutcome{id, SplitCamelCase(name), TestStatus::kNotRun, 0, ""})
               .first;
    }
    return it->second;
  };

  // GoogleTest's JSON report: the reliable source, when the program got to write it.
  json report = json::parse(gtest_json, nullptr, false);
  bool have_json = false;
  if (report.is_object() && report.contains("testsuites") &&
      report["testsuites"].is_array()) {
    have_json = true;
    for (const json& suite : report["testsuites"]) {
      std::string suite_name = suite.value("name", "");
      if (!suite.contains("testsuite") || !suite["testsuite"].is_array()) continue;
      for (const json& test : suite["testsuite"]) {
        TestOutcome& t = touch(suite_name + "." + test.value("name", ""));
        if (test.value("status", "RUN") != "RUN" ||
            test.value("result", "COMPLETED") == "SKIPPED") {
          continue;
        }
        std::string time = test.value("time", "0s");
        t.seconds = std::atof(time.c_str());
        t.status = TestStatus::kPassed;
        if (test.contains("failures") && test["failures"].is_array() &&
            !test["failures"].empty()) {
          t.status = TestStatus::kFailed;
          t.message = RelativeToRoot(test["failures"][0].value("failure", ""), root);
        }
      }
    }
  }

  // The console output: what happened to tests the JSON report does not cover (the
  // program hung or crashed before writing it), and the harness's HUNG / CRASH lines.
  // "[  TAG     ] Suite.Name (12 ms)": the test id and, with `ms`, its time.
  auto tagged = [](const std::string& line, const char* tag, std::string* id,
                   double* ms) {
    if (!StartsWith(line, tag)) return false;
    std::string rest = line.substr(std::string(tag).size());
    size_t space = rest.find(' ');
    *id = rest.substr(0, space);
    if (id->empty() || id->find('.') == std::string::npos) return false;
    if (!ms) return space != std::string::npos;
    // Only a per-test line has "(N ms)" right after the id.
    if (space == std::string::npos || rest.compare(space, 2, " (") != 0) return false;
    std::string after = rest.substr(space + 2);
    size_t end = after.find(" ms)");
    if (end == std::string::npos) return false;
    *ms = std::atof(after.substr(0, end).c_str());
    return true;
  };
  std::string special;
  bool hung = false, crashed = false;
  std::string pending_failure;  // "file:line: Failure" text of the running test
  for (const std::string& line : SplitLines(run.output)) {
    std::string id;
    double ms = 0;
    if (StartsWith(line, "[ RUN      ]")) {
      pending_failure.clear();
    } else if (tagged(line, "[       OK ] ", &id, &ms)) {
      TestOutcome& t = touch(id);
      if (!have_json) {
        t.status = TestStatus::kPassed;
        t.seconds = ms / 1000;
      }
    } else if (tagged(line, "[  FAILED  ] ", &id, &ms)) {
      TestOutcome& t = touch(id);
      if (!have_json) {
        t.status = TestStatus::kFailed;
        t.seconds = ms / 1000;
        t.message = RelativeToRoot(pending_failure, root);
      }
    } else if (tagged(line, "[  HUNG    ] ", &id, nullptr)) {
      TestOutcome& t = touch(id);
      t.status = TestStatus::kHung;
      t.message = Trim(line);
      special = t.message;
      hung = true;
    } else if (tagged(line, "[  CRASH   ] ", &id, nullptr)) {
      TestOutcome& t = touch(id);
      t.status = TestStatus::kCrashed;
      t.message = Trim(line);
      special = t.message;
      crashed = true;
    } else if (!line.empty() && !StartsWith(line, "[")) {
      if (pending_failure.size() < 4000) pending_failure += line + "\n";
    }
  }

  for (const std::string& id : order) result.tests.push_back(seen[id]);
  bool any_failed = false, all_not_started = true;
  int passed = 0;
  for (const TestOutcome& t : result.tests) {
    if (t.status == TestStatus::kPassed) {
      ++passed;
    } else {
      any_failed = true;
      if (t.status != TestStatus::kFailed ||
          t.message.find("not started yet") == std::string::npos) {
        all_not_started = false;
      }
    }
  }
  if (run.timed_out) {
    result.verdict = Verdict::kTimedOut;
    result.error = "the graded tests did not finish in time";
  } else if (hung) {
    result.verdict = Verdict::kHung;
    result.error = special;
  } else if (crashed || run.signal != 0) {
    result.verdict = Verdict::kCrashed;
    result.error = special.empty() ? "the test program was killed by signal " +
                                         std::to_string(run.signal)
                                   : special;
  } else if (run.exit_code == 0 && !any_failed && passed > 0) {
    result.verdict = Verdict::kPassed;
  } else if (passed == 0 && !any_failed) {
    result.verdict = Verdict::kFailing;
    result.error = "no graded test ran (exit code " + std::to_string(run.exit_code) + ")";
  } else if (any_failed && all_not_started) {
    result.verdict = Verdict::kNotStarted;
  } else {
    result.verdict = Verdict::kFailing;
    if (!any_failed) result.error = "the test program failed without a failed test";
  }
  // A test run that exited non-zero can never be a pass, whatever the output said.
  if (result.verdict == Verdict::kPassed && !run.ok()) result.verdict = Verdict::kFailing;
  return result;
}

bool EditFilesAreStarter(const fs::path& root, const Lesson& lesson) {
  if (lesson.edit_files.empty()) return false;
  for (const std::string& file : lesson.edit_files) {
    std::string why;
    std::optional<std::string> starter = ShippedStarter(root, lesson, file, &why);
    if (!starter || ReadFile(lesson.dir / file) != starter) return false;
  }
  return true;
}

bool EnsureConfigured(const Context& ctx, std::string* error, bool quiet) {
  if (fs::exists(ctx.build / "CMakeCache.txt")) return true;
  if (!FindProgram("cmake")) {
    *error =
        "cmake is not installed: sudo apt-get install cmake (or run "
        "scripts/install-deps.sh; "
        "`lab doctor` checks everything)";
    return false;
  }
  std::vector<std::string> cmd = {"cmake", "-S", ctx.root.string(), "-B",
                                  ctx.build.string()};
  if (FindProgram("ninja")) {
    cmd.push_back("-G");
    cmd.push_back("Ninja");
  }
  if (!quiet) {
    std::printf("The build folder %s is not configured yet: configuring it...\n",
                ctx.build.c_str());
    std::fflush(stdout);
  }
  ProcessResult r = RunProcess(cmd, ctx.root, 600);
  if (!r.ok()) {
    *error = "configuring " + ctx.build.string() + " failed:\n" +
             FirstBuildError(r.output, ctx.root) +
             "Run `lab doctor` to see what is missing and how to install it.";
    return false;
  }
  return true;
}

CheckResult CheckLesson(const Context& ctx, const Lesson& lesson,
                        const std::function<void(const std::string&)>& progress) {
  CheckResult result;
  result.fingerprint = LessonFingerprint(lesson);
  std::string error;
  if (!EnsureConfigured(ctx, &error)) {
    result.verdict = Verdict::kSetupError;
    result.error = error;
    return result;
  }
  if (progress) progress("building");
  auto t0 = std::chrono::steady_clock::now();
  ProcessResult build =
      RunProcess({"cmake", "--build", ctx.build.string(), "--target", "lab-" + lesson.nn},
                 ctx.root, 1800);
  result.build_seconds = Seconds(t0);
  if (!build.ok()) {
    // Every graded test is "not run": reports list them all, as errors.
    for (const ChecklistItem& item : LessonChecklist(lesson)) {
      result.tests.push_back(
          TestOutcome{item.id, item.label, TestStatus::kNotRun, 0, ""});
    }
    result.verdict = Verdict::kCompileError;
    result.error = build.timed_out ? "the build did not finish in 30 minutes"
                                   : FirstBuildError(build.output, ctx.root);
    if (build.output.find("unknown target 'lab-" + lesson.nn) != std::string::npos) {
      result.verdict = Verdict::kSetupError;
      result.error = "the build has no target lab-" + lesson.nn + ": does lessons/" +
                     lesson.folder +
                     "/CMakeLists.txt call lab_lesson()? (re-run cmake -S . -B " +
                     ctx.build.string() + " after adding a lesson)";
    }
    return result;
  }
  fs::path binary = ctx.build / "bin" / ("test_lesson" + lesson.nn);
  if (!fs::exists(binary)) {
    result.verdict = Verdict::kSetupError;
    result.error = "the build did not produce " + binary.string();
    return result;
  }
  fs::path json_out = ctx.lab_dir() / "runs" / ("lesson" + lesson.nn + ".json");
  std::error_code ec;
  fs::create_directories(json_out.parent_path(), ec);
  fs::remove(json_out, ec);
  if (progress) progress("testing");
  t0 = std::chrono::steady_clock::now();
  ProcessResult run = RunProcess(
      {binary.string(), "--gtest_color=no", "--gtest_output=json:" + json_out.string()},
      ctx.build, ctx.test_timeout_seconds);
  double test_seconds = Seconds(t0);
  std::string fingerprint = result.fingerprint;
  double build_seconds = result.build_seconds;
  result = ClassifyRun(LessonChecklist(lesson), ReadFile(json_out).value_or(""), run,
                       ctx.root);
  result.fingerprint = fingerprint;
  result.build_seconds = build_seconds;
  result.test_seconds = test_seconds;
  if (!run.started) {
    result.verdict = Verdict::kSetupError;
    result.error = "could not run " + binary.string();
    return result;
  }
  // A crash or a hang ends the test program, and the tests after it never ran. Run
  // them without the culprits (a few times at most), so that the checklist shows how
  // far the rest of the lesson has come. The verdict stays the crash or the hang.
  std::vector<std::string> culprits;
  for (int rerun = 0; rerun < 3; ++rerun) {
    if (result.verdict != Verdict::kHung && result.verdict != Verdict::kCrashed) break;
    bool any_not_run = false;
    for (const TestOutcome& t : result.tests) {
      if (t.status == TestStatus::kHung || t.status == TestStatus::kCrashed) {
        if (std::find(culprits.begin(), culprits.end(), t.id) == culprits.end()) {
          culprits.push_back(t.id);
        }
      }
      any_not_run = any_not_run || t.status == TestStatus::kNotRun;
    }
    if (!any_not_run) break;
    std::string filter = "--gtest_filter=-";
    for (size_t i = 0; i < culprits.size(); ++i) filter += (i ? ":" : "") + culprits[i];
    fs::remove(json_out, ec);
    auto t1 = std::chrono::steady_clock::now();
    ProcessResult again = RunProcess({binary.string(), "--gtest_color=no", filter,
                                      "--gtest_output=json:" + json_out.string()},
                                     ctx.build, ctx.test_timeout_seconds);
    result.test_seconds += Seconds(t1);
    CheckResult more = ClassifyRun(LessonChecklist(lesson),
                                   ReadFile(json_out).value_or(""), again, ctx.root);
    bool progress = false;
    for (TestOutcome& t : result.tests) {
      if (t.status != TestStatus::kNotRun) continue;
      for (const TestOutcome& m : more.tests) {
        if (m.id == t.id && m.status != TestStatus::kNotRun) {
          t = m;
          progress = true;
        }
      }
    }
    if (!progress || again.timed_out) break;
  }
  // A lesson whose edit files are all still the shipped starter is not started, even
  // when its tests fail on something other than a starter's UNIMPLEMENTED (lesson 01's
  // tests read the .proto's descriptor, for instance).
  if (result.verdict == Verdict::kFailing && EditFilesAreStarter(ctx.root, lesson)) {
    result.verdict = Verdict::kNotStarted;
  }
  return result;
}

}  // namespace lab::runner
