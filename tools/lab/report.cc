#include "report.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace lab::runner {

using nlohmann::json;

const char* TestStatusName(TestStatus s) {
  switch (s) {
    case TestStatus::kPassed:
      return "passed";
    case TestStatus::kFailed:
      return "failed";
    case TestStatus::kHung:
      return "hung";
    case TestStatus::kCrashed:
      return "crashed";
    case TestStatus::kNotRun:
      break;
  }
  return "not_run";
}

namespace {

json TimeOrNull(int64_t t) { return t ? json(IsoTime(t)) : json(nullptr); }

// Drops bytes that are not valid UTF-8, so json::dump() cannot throw on compiler output.
std::string Utf8Safe(const std::string& s) {
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string ReportJson(const std::vector<LessonReport>& reports, int64_t now) {
  json lessons = json::array();
  int passed = 0, tests = 0, tests_passed = 0, hints = 0;
  for (const LessonReport& r : reports) {
    json test_list = json::array();
    for (const TestOutcome& t : r.result.tests) {
      auto st = r.state.tests.find(t.id);
      int first = st == r.state.tests.end() ? 0 : st->second.first_passed_attempt;
      bool ok = t.status == TestStatus::kPassed;
      test_list.push_back({{"id", t.id},
                           {"label", t.label},
                           {"status", TestStatusName(t.status)},
                           {"passed", ok},
                           {"seconds", t.seconds},
                           {"first_passed_attempt", first ? json(first) : json(nullptr)},
                           {"message", json::parse(Utf8Safe(t.message))}});
      ++tests;
      tests_passed += ok;
    }
    passed += r.result.passed();
    hints += r.state.hints_revealed;
    lessons.push_back({{"number", r.lesson->nn},
                       {"folder", r.lesson->folder},
                       {"title", r.lesson->title},
                       {"verdict", VerdictName(r.result.verdict)},
                       {"passed", r.result.passed()},
                       {"minutes_estimated", r.lesson->minutes},
                       {"hints_used", r.state.hints_revealed},
                       {"hints_available", r.lesson->hints.size()},
                       {"attempts", r.state.attempts},
                       {"resets", r.state.resets},
                       {"solution_viewed", r.state.solution_viewed},
                       {"first_check", TimeOrNull(r.state.first_check)},
                       {"passed_at", TimeOrNull(r.state.passed_at)},
                       {"build_seconds", r.result.build_seconds},
                       {"test_seconds", r.result.test_seconds},
                       {"error", json::parse(Utf8Safe(r.result.error))},
                       {"tests", test_list}});
  }
  json root = {{"schema", kReportSchema},
               {"generated_at", IsoTime(now)},
               {"summary",
                {{"lessons", reports.size()},
                 {"lessons_passed", passed},
                 {"tests", tests},
                 {"tests_passed", tests_passed},
                 {"hints_used", hints}}},
               {"lessons", lessons}};
  return root.dump(2) + "\n";
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') continue;
        out += static_cast<char>(c);
    }
  }
  // Invalid UTF-8 would make the XML unreadable: reuse the JSON library's repair.
  std::string fixed = json::parse(Utf8Safe(out)).get<std::string>();
  return fixed;
}

std::string ReportJunit(const std::vector<LessonReport>& reports, int64_t now) {
  std::string body;
  int all_tests = 0, all_failures = 0, all_errors = 0;
  double all_time = 0;
  for (const LessonReport& r : reports) {
    std::string cases;
    int failures = 0, errors = 0;
    double time = 0;
    std::string prefix = "lesson" + r.lesson->nn;
    for (const TestOutcome& t : r.result.tests) {
      size_t dot = t.id.find('.');
      std::string suite = t.id.substr(0, dot);
      std::string name = dot == std::string::npos ? t.id : t.id.substr(dot + 1);
      cases +=
          fmt::format("    <testcase classname=\"{}.{}\" name=\"{}\" time=\"{:.3f}\"",
                      prefix, XmlEscape(suite), XmlEscape(name), t.seconds);
      time += t.seconds;
      std::string inner;
      if (t.status == TestStatus::kFailed) {
        ++failures;
        inner = fmt::format("      <failure message=\"{}\">{}</failure>\n",
                            XmlEscape(t.label), XmlEscape(t.message));
      } else if (t.status == TestStatus::kHung || t.status == TestStatus::kCrashed) {
        ++errors;
        inner = fmt::format("      <error message=\"{}\">{}</error>\n",
                            TestStatusName(t.status), XmlEscape(t.message));
      } else if (t.status == TestStatus::kNotRun) {
        if (r.result.verdict == Verdict::kPassed) {
          inner = "      <skipped/>\n";
        } else {
          ++errors;
          inner = fmt::format("      <error message=\"{}\">{}</error>\n",
                              VerdictName(r.result.verdict), XmlEscape(r.result.error));
        }
      }
      if (inner.empty()) {
        cases += "/>\n";
      } else {
        cases += ">\n" + inner + "    </testcase>\n";
      }
    }
    if (r.result.tests.empty()) {
      ++errors;
      cases += fmt::format(
          "    <testcase classname=\"{}\" name=\"build\" time=\"0\">\n"
          "      <error message=\"{}\">{}</error>\n    </testcase>\n",
          prefix, VerdictName(r.result.verdict), XmlEscape(r.result.error));
    }
    int count = static_cast<int>(std::max<size_t>(r.result.tests.size(), 1));
    body += fmt::format(
        "  <testsuite name=\"{} {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
        "time=\"{:.3f}\" timestamp=\"{}\">\n"
        "    <properties>\n"
        "      <property name=\"verdict\" value=\"{}\"/>\n"
        "      <property name=\"hints_used\" value=\"{}\"/>\n"
        "      <property name=\"attempts\" value=\"{}\"/>\n"
        "    </properties>\n{}  </testsuite>\n",
        prefix, XmlEscape(r.lesson->title), count, failures, errors, time,
        IsoTime(now).substr(0, 19), VerdictName(r.result.verdict), r.state.hints_revealed,
        r.state.attempts, cases);
    all_tests += count;
    all_failures += failures;
    all_errors += errors;
    all_time += time;
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"grpc-cpp-lab\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
      "time=\"{:.3f}\">\n{}</testsuites>\n",
      all_tests, all_failures, all_errors, all_time, body);
}

}  // namespace lab::runner
