#include "check.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "content.h"
#include "failure.h"
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

// ninja's "[12/40] Building CXX object ...".
bool IsProgressLine(const std::string& line) {
  size_t slash = line.find('/'), close = line.find("] ");
  return StartsWith(line, "[") && slash != std::string::npos &&
         close != std::string::npos && slash < close &&
         line.find_first_not_of("0123456789/", 1) == close;
}

// protoc's errors say no "error:": "person.proto:31:1: Expected \";\"." or
// "google/protobuf/x.proto: File not found.". Its warnings say "warning:".
bool IsProtocError(const std::string& line) {
  size_t sep = line.find(": ");
  if (sep == std::string::npos) return false;
  std::string head = line.substr(0, sep);
  size_t dot = head.find(".proto");
  if (dot == std::string::npos || head.find(' ') != std::string::npos) return false;
  std::string pos = head.substr(dot + 6);  // "", ":31" or ":31:1"
  if (pos.find_first_not_of("0123456789:") != std::string::npos) return false;
  return !StartsWith(line.substr(sep + 2), "warning:");
}

bool StartsADiagnostic(const std::string& line) {
  if (!DiagnosticKind(line).empty() || IsProtocError(line) || IsProgressLine(line)) {
    return true;
  }
  for (const char* p : {"In file included from ", "FAILED: ", "ninja: "}) {
    if (StartsWith(line, p)) return true;
  }
  // "path/file.cc: In function 'int f()':"
  size_t in = line.find(": In ");
  return in != std::string::npos && line.find(' ') == in + 1;
}

// protoc names a file as it was found on its import path ("person.proto"): the real
// file, through the -I folders of the protoc command above line `at`.
fs::path FindProtoFile(const std::vector<std::string>& lines, size_t at,
                       const std::string& file) {
  for (size_t k = at; k-- > 0;) {
    if (lines[k].find("protoc") == std::string::npos) continue;
    std::vector<std::string> words;
    for (size_t b = 0, e; b < lines[k].size(); b = e + 1) {
      e = lines[k].find(' ', b);
      if (e == std::string::npos) e = lines[k].size();
      words.push_back(lines[k].substr(b, e - b));
    }
    for (size_t w = 0; w < words.size(); ++w) {
      std::string dir = words[w] == "-I" && w + 1 < words.size() ? words[w + 1]
                        : StartsWith(words[w], "-I")             ? words[w].substr(2)
                                                                 : "";
      std::error_code ec;
      if (!dir.empty() && fs::is_regular_file(fs::path(dir) / file, ec)) {
        return fs::path(dir) / file;
      }
    }
    break;  // the nearest protoc command is the one that printed it
  }
  return {};
}

// "   31 | }" and a caret under column `col`, like the compiler's excerpts. protoc
// reports a missing token where the next one starts, often lines below: with
// `with_previous`, the last line of code before it comes first.
std::string SourceExcerpt(const fs::path& file, int line_no, int col,
                          bool with_previous) {
  std::vector<std::string> lines = SplitLines(ReadFile(file).value_or(""));
  if (line_no < 1 || static_cast<size_t>(line_no) > lines.size()) return "";
  auto numbered = [&](size_t n) {  // n: 1-based
    std::string number = std::to_string(n);
    return std::string(number.size() < 5 ? 5 - number.size() : 0, ' ') + number + " | " +
           lines[n - 1] + "\n";
  };
  size_t at = static_cast<size_t>(line_no);
  std::string out;
  size_t before = at - 1;
  while (with_previous && before > 0 &&
         (Trim(lines[before - 1]).empty() || StartsWith(Trim(lines[before - 1]), "//"))) {
    --before;
  }
  if (with_previous && before > 0) {
    out += numbered(before) + (before + 1 < at ? "  ... |\n" : "");
  }
  out += numbered(at);
  if (col >= 1) {
    out += "      | " + std::string(static_cast<size_t>(col - 1), ' ') + "^\n";
  }
  return out;
}

// protoc's error at line `at`, with the file's path and the line it names.
std::string ProtocError(const std::vector<std::string>& lines, size_t at) {
  const std::string& line = lines[at];
  size_t sep = line.find(": ");
  std::string head = line.substr(0, sep);
  std::string file = head.substr(0, head.find(".proto") + 6);
  fs::path found = FindProtoFile(lines, at, file);
  int line_no = 0, col = 0;
  std::sscanf(head.c_str() + file.size(), ":%d:%d", &line_no, &col);
  std::string out = (found.empty() ? file : found.string()) + head.substr(file.size()) +
                    ": error: " + line.substr(sep + 2) + "\n";
  bool expected = StartsWith(line.substr(sep + 2), "Expected ");
  return out + (found.empty() ? "" : SourceExcerpt(found, line_no, col, expected));
}

// The index of the first error in a build log, or lines.size().
size_t FirstErrorLine(const std::vector<std::string>& lines) {
  // A compiler's or protoc's error first; else a linker's; else the build tool's.
  for (size_t i = 0; i < lines.size(); ++i) {
    if (DiagnosticKind(lines[i]) == "error" || IsProtocError(lines[i])) return i;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("undefined reference") != std::string::npos ||
        lines[i].find("ld.lld: error") != std::string::npos ||
        lines[i].find("multiple definition") != std::string::npos) {
      return i;
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("CMake Error") != std::string::npos ||
        lines[i].find("error:") != std::string::npos ||
        StartsWith(lines[i], "ninja: error")) {
      return i;
    }
  }
  return lines.size();
}

// Nothing recognisable: the last lines are the most useful, without the build
// tool's progress and command lines (their paths are in the build folder).
std::string LastBuildLines(const std::vector<std::string>& lines) {
  std::vector<std::string> kept;
  for (const std::string& line : lines) {
    if (IsProgressLine(line) || StartsWith(line, "FAILED: ") || line.size() > 300) {
      continue;
    }
    kept.push_back(line);
  }
  size_t from = kept.size() > 15 ? kept.size() - 15 : 0;
  std::string out;
  for (size_t i = from; i < kept.size(); ++i) out += kept[i] + "\n";
  return out;
}

}  // namespace

std::string FirstBuildError(const std::string& log, const fs::path& root) {
  std::vector<std::string> lines = SplitLines(log);
  size_t first = FirstErrorLine(lines);
  if (first == lines.size()) return RelativeToRoot(LastBuildLines(lines), root);
  if (IsProtocError(lines[first])) {
    std::string out = ProtocError(lines, first);
    // "x.proto: File not found." names no line: the next error names the importer's.
    if (lines[first].find(".proto: ") != std::string::npos && first + 1 < lines.size() &&
        IsProtocError(lines[first + 1])) {
      out += ProtocError(lines, first + 1);
    }
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

namespace {

// The outcomes of one run, in checklist order; a test the checklist does not know is
// added at the end, labelled by its name.
class Outcomes {
 public:
  explicit Outcomes(const std::vector<ChecklistItem>& checklist) {
    for (const ChecklistItem& item : checklist) {
      order_.push_back(item.id);
      seen_[item.id] = TestOutcome{item.id, item.label, TestStatus::kNotRun, 0, ""};
    }
  }
  TestOutcome& Get(const std::string& id) {
    auto it = seen_.find(id);
    if (it == seen_.end()) {
      order_.push_back(id);
      std::string label = SplitCamelCase(id.substr(id.find('.') + 1));
      it = seen_.emplace(id, TestOutcome{id, label, TestStatus::kNotRun, 0, ""}).first;
    }
    return it->second;
  }
  std::vector<TestOutcome> InOrder() const {
    std::vector<TestOutcome> out;
    for (const std::string& id : order_) out.push_back(seen_.at(id));
    return out;
  }

 private:
  std::map<std::string, TestOutcome> seen_;
  std::vector<std::string> order_;
};

void ReadJsonTest(const std::string& suite, const json& test, const fs::path& root,
                  Outcomes* out) {
  TestOutcome& t = out->Get(suite + "." + test.value("name", ""));
  if (test.value("status", "RUN") != "RUN" ||
      test.value("result", "COMPLETED") == "SKIPPED") {
    return;
  }
  t.seconds = std::atof(test.value("time", "0s").c_str());
  t.status = TestStatus::kPassed;
  auto failures = test.find("failures");
  if (failures != test.end() && failures->is_array() && !failures->empty()) {
    t.status = TestStatus::kFailed;
    t.message = RelativeToRoot((*failures)[0].value("failure", ""), root);
  }
}

// GoogleTest's JSON report: the reliable source, when the program got to write it.
bool ReadJsonReport(const std::string& gtest_json, const fs::path& root, Outcomes* out) {
  json report = json::parse(gtest_json, nullptr, false);
  if (!report.is_object() || !report.contains("testsuites") ||
      !report["testsuites"].is_array()) {
    return false;
  }
  for (const json& suite : report["testsuites"]) {
    if (!suite.contains("testsuite") || !suite["testsuite"].is_array()) continue;
    for (const json& test : suite["testsuite"]) {
      ReadJsonTest(suite.value("name", ""), test, root, out);
    }
  }
  return true;
}

// "[  TAG     ] Suite.Name (12 ms)": the test id and, with `ms`, its time.
bool Tagged(const std::string& line, const char* tag, std::string* id, double* ms) {
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
}

// What the console says that the JSON report may not: the harness's HUNG / CRASH
// lines, and the results of a program that died before writing the report.
struct ConsoleFacts {
  bool hung = false;
  bool crashed = false;
  std::string special;  // the harness's HUNG or CRASH line
  std::string running;  // a test that started and has no result line
};

void ReadConsoleLine(const std::string& line, bool have_json, const fs::path& root,
                     std::string* pending_failure, ConsoleFacts* facts, Outcomes* out) {
  std::string id;
  double ms = 0;
  bool ok = Tagged(line, "[       OK ] ", &id, &ms);
  if (ok || Tagged(line, "[  FAILED  ] ", &id, &ms)) {
    TestOutcome& t = out->Get(id);
    facts->running.clear();
    if (have_json) return;
    t.status = ok ? TestStatus::kPassed : TestStatus::kFailed;
    t.seconds = ms / 1000;
    if (!ok) t.message = RelativeToRoot(*pending_failure, root);
  } else if (StartsWith(line, "[ RUN      ] ")) {
    pending_failure->clear();
    facts->running = Trim(line.substr(13));
  } else if (bool hung = Tagged(line, "[  HUNG    ] ", &id, nullptr);
             hung || Tagged(line, "[  CRASH   ] ", &id, nullptr)) {
    TestOutcome& t = out->Get(id);
    t.status = hung ? TestStatus::kHung : TestStatus::kCrashed;
    t.message = Trim(line);
    facts->special = t.message;
    (hung ? facts->hung : facts->crashed) = true;
  } else if (!line.empty() && !StartsWith(line, "[") && pending_failure->size() < 4000) {
    *pending_failure += line + "\n";
  }
}

ConsoleFacts ReadConsole(const std::string& output, bool have_json, const fs::path& root,
                         Outcomes* out) {
  ConsoleFacts facts;
  std::string pending_failure;  // "file:line: Failure" text of the running test
  for (const std::string& line : SplitLines(output)) {
    ReadConsoleLine(line, have_json, root, &pending_failure, &facts, out);
  }
  return facts;
}

// The program died of a signal without the harness's CRASH line (a stack overflow,
// a kill): the test that was running is the one that crashed.
void CrashWithoutHarnessLine(const ProcessResult& run, ConsoleFacts* facts,
                             Outcomes* out) {
  std::string what = "the test program was killed by signal " + SignalName(run.signal);
  if (!facts->running.empty()) {
    TestOutcome& t = out->Get(facts->running);
    t.status = TestStatus::kCrashed;
    t.message = what + " while this test ran";
    what += " while " + facts->running + " ran";
  }
  facts->special = what;
  facts->crashed = true;
}

void DecideVerdict(const ProcessResult& run, const ConsoleFacts& facts,
                   CheckResult* result) {
  bool any_failed = false, all_not_started = true;
  int passed = 0;
  for (const TestOutcome& t : result->tests) {
    if (t.status == TestStatus::kPassed) {
      ++passed;
      continue;
    }
    any_failed = true;
    if (t.status != TestStatus::kFailed ||
        t.message.find("not started yet") == std::string::npos) {
      all_not_started = false;
    }
  }
  Verdict& v = result->verdict;
  if (run.timed_out) {
    v = Verdict::kTimedOut;
    result->error = "the graded tests did not finish in time";
  } else if (facts.hung || facts.crashed) {
    v = facts.hung ? Verdict::kHung : Verdict::kCrashed;
    result->error = facts.special;
  } else if (run.exit_code == 0 && !any_failed && passed > 0) {
    v = Verdict::kPassed;
  } else if (passed == 0 && !any_failed) {
    v = Verdict::kFailing;
    result->error =
        "no graded test ran (exit code " + std::to_string(run.exit_code) + ")";
  } else {
    v = any_failed && all_not_started ? Verdict::kNotStarted : Verdict::kFailing;
    if (!any_failed) result->error = "the test program failed without a failed test";
  }
  // A test run that exited non-zero can never be a pass, whatever the output said.
  if (v == Verdict::kPassed && !run.ok()) v = Verdict::kFailing;
}

}  // namespace

std::string SignalName(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  const char* text = strsignal(signal);
  std::string name = abbrev ? std::string("SIG") + abbrev : std::to_string(signal);
  return text ? name + " (" + text + ")" : name;
}

CheckResult ClassifyRun(const std::vector<ChecklistItem>& checklist,
                        const std::string& gtest_json, const ProcessResult& run,
                        const fs::path& root) {
  Outcomes outcomes(checklist);
  bool have_json = ReadJsonReport(gtest_json, root, &outcomes);
  ConsoleFacts facts = ReadConsole(run.output, have_json, root, &outcomes);
  if (!facts.crashed && !facts.hung && run.signal != 0 && !run.timed_out) {
    CrashWithoutHarnessLine(run, &facts, &outcomes);
  }
  if (run.timed_out && !facts.running.empty()) {
    TestOutcome& t = outcomes.Get(facts.running);
    t.status = TestStatus::kHung;
    t.message = "still running when the time limit (LAB_CHECK_TIMEOUT) ran out";
  }
  CheckResult result;
  result.tests = outcomes.InOrder();
  if (facts.crashed) {
    result.last_words = LastWordsBeforeCrash(RelativeToRoot(run.output, root));
  }
  DecideVerdict(run, facts, &result);
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

namespace {

CheckResult SetupError(const std::string& error) {
  CheckResult result;
  result.verdict = Verdict::kSetupError;
  result.error = error;
  return result;
}

// One build of lab-NN, and what it was built from.
struct BuildOutcome {
  ProcessResult run;
  std::string fingerprint;  // "" when the files kept changing while it built
  std::vector<fs::path> touched;
  double seconds = 0;
  double content_ms = 0;
  std::string error;  // the content check could not do its part
};

// Builds lab-NN so that the build follows the files' content (content.h). When a file
// changes while it builds, it builds again (twice at most), so that the fingerprint
// returned is that of what was built.
BuildOutcome BuildFollowingContent(const Context& ctx, const Lesson& lesson) {
  BuildOutcome out;
  auto t0 = std::chrono::steady_clock::now();
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto c0 = std::chrono::steady_clock::now();
    LessonSnapshot before = SnapshotLesson(lesson);
    ContentSync sync = SyncTimesWithContent(ctx, lesson, before);
    out.content_ms += Seconds(c0) * 1000;
    out.touched.insert(out.touched.end(), sync.touched.begin(), sync.touched.end());
    if (!sync.error.empty()) {
      out.error = sync.error;
      break;
    }
    out.run = RunProcess(
        {"cmake", "--build", ctx.build.string(), "--target", "lab-" + lesson.nn},
        ctx.root, 1800);
    out.error = SaveContentRecord(ctx, lesson, before);
    out.fingerprint = before.fingerprint;
    if (!out.error.empty() || !out.run.ok()) break;
    auto c1 = std::chrono::steady_clock::now();
    bool same = SnapshotLesson(lesson).fingerprint == before.fingerprint;
    out.content_ms += Seconds(c1) * 1000;
    if (same) break;
    out.fingerprint.clear();  // changed while it built: build again
  }
  out.seconds = Seconds(t0);
  return out;
}

CheckResult BuildFailure(const Context& ctx, const Lesson& lesson,
                         const ProcessResult& build) {
  if (build.output.find("unknown target 'lab-" + lesson.nn) != std::string::npos) {
    return SetupError("the build has no target lab-" + lesson.nn + ": does lessons/" +
                      lesson.folder +
                      "/CMakeLists.txt call lab_lesson()? (re-run cmake -S . -B " +
                      ctx.build.string() + " after adding a lesson)");
  }
  CheckResult result;
  // Every graded test is "not run": reports list them all, as errors.
  for (const ChecklistItem& item : LessonChecklist(lesson)) {
    result.tests.push_back(TestOutcome{item.id, item.label, TestStatus::kNotRun, 0, ""});
  }
  result.verdict = Verdict::kCompileError;
  result.error = build.timed_out ? "the build did not finish in 30 minutes"
                                 : FirstBuildError(build.output, ctx.root);
  return result;
}

fs::path JsonReportPath(const Context& ctx, const Lesson& lesson) {
  return ctx.lab_dir() / "runs" / ("lesson" + lesson.nn + ".json");
}

// Runs the test binary (with `filter`, if any) and classifies what it did.
CheckResult RunTests(const Context& ctx, const Lesson& lesson, const std::string& filter,
                     ProcessResult* run) {
  fs::path binary = TestBinaryPath(ctx, lesson);
  fs::path json_out = JsonReportPath(ctx, lesson);
  std::error_code ec;
  fs::create_directories(json_out.parent_path(), ec);
  fs::remove(json_out, ec);
  std::vector<std::string> argv = {binary.string(), "--gtest_color=no",
                                   "--gtest_output=json:" + json_out.string()};
  if (!filter.empty()) argv.push_back(filter);
  *run = RunProcess(argv, ctx.build, ctx.test_timeout_seconds);
  return ClassifyRun(LessonChecklist(lesson), ReadFile(json_out).value_or(""), *run,
                     ctx.root);
}

// After a crash or a hang, the tests after the culprit never ran: the filter that
// runs them without every culprit so far, or "" when there is nothing left to run.
std::string FilterWithout(const CheckResult& result, std::vector<std::string>* culprits) {
  bool any_not_run = false;
  for (const TestOutcome& t : result.tests) {
    bool culprit = t.status == TestStatus::kHung || t.status == TestStatus::kCrashed;
    if (culprit &&
        std::find(culprits->begin(), culprits->end(), t.id) == culprits->end()) {
      culprits->push_back(t.id);
    }
    any_not_run = any_not_run || t.status == TestStatus::kNotRun;
  }
  if (!any_not_run || culprits->empty()) return "";
  std::string filter = "--gtest_filter=-";
  for (size_t i = 0; i < culprits->size(); ++i) {
    filter += (i ? ":" : "") + (*culprits)[i];
  }
  return filter;
}

// Runs the tests a crash or a hang kept from running (a few times at most), so that
// the checklist shows how far the rest of the lesson has come. The verdict stays.
void RerunWithoutCulprits(const Context& ctx, const Lesson& lesson, CheckResult* result) {
  std::vector<std::string> culprits;
  for (int rerun = 0; rerun < 3; ++rerun) {
    if (result->verdict != Verdict::kHung && result->verdict != Verdict::kCrashed) break;
    std::string filter = FilterWithout(*result, &culprits);
    if (filter.empty()) break;
    auto t0 = std::chrono::steady_clock::now();
    ProcessResult again;
    CheckResult more = RunTests(ctx, lesson, filter, &again);
    result->test_seconds += Seconds(t0);
    result->output += "\n" + RelativeToRoot(again.output, ctx.root);
    bool progress = false;
    for (TestOutcome& t : result->tests) {
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
}

}  // namespace

CheckResult CheckLesson(const Context& ctx, const Lesson& lesson,
                        const std::function<void(const std::string&)>& progress) {
  std::string error;
  if (!EnsureConfigured(ctx, &error)) return SetupError(error);
  if (progress) progress("building");
  BuildOutcome build = BuildFollowingContent(ctx, lesson);
  fs::path binary = TestBinaryPath(ctx, lesson);
  CheckResult tested;
  ProcessResult run;
  auto t0 = std::chrono::steady_clock::now();
  if (!build.error.empty()) {
    tested = SetupError(build.error);
  } else if (!build.run.ok()) {
    tested = BuildFailure(ctx, lesson, build.run);
  } else if (!fs::exists(binary)) {
    tested = SetupError("the build did not produce " + binary.string());
  } else {
    if (progress) progress("testing");
    tested = RunTests(ctx, lesson, "", &run);
    if (!run.started) tested = SetupError("could not run " + binary.string());
  }
  tested.fingerprint = build.fingerprint;
  tested.build_seconds = build.seconds;
  tested.touched = build.touched;
  tested.content_check_ms = build.content_ms;
  if (!run.started) return tested;
  tested.test_seconds = Seconds(t0);
  tested.command = RelativeToRoot(binary.string(), ctx.root);
  tested.output = RelativeToRoot(run.output, ctx.root);
  RerunWithoutCulprits(ctx, lesson, &tested);
  // A lesson whose edit files are all still the shipped starter is not started, even
  // when its tests fail on something other than a starter's UNIMPLEMENTED (lesson 01's
  // tests read the .proto's descriptor, for instance).
  if (tested.verdict == Verdict::kFailing && EditFilesAreStarter(ctx.root, lesson)) {
    tested.verdict = Verdict::kNotStarted;
  }
  return tested;
}

}  // namespace lab::runner
