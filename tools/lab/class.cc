#include "class.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "lessons.h"
#include "report.h"

namespace lab::runner {

using nlohmann::json;

namespace {

// "2026-01-31T12:00:00Z" -> seconds since the epoch; nullopt for null or another form.
std::optional<int64_t> ParseIso(const json& j) {
  if (!j.is_string()) return std::nullopt;
  std::tm tm{};
  char z = 0;
  if (std::sscanf(j.get<std::string>().c_str(), "%d-%d-%dT%d:%d:%d%c", &tm.tm_year,
                  &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
                  &z) != 7 ||
      z != 'Z') {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm));
}

ReportTest ParseTest(const json& t) {
  ReportTest out;
  out.id = t.at("id").get<std::string>();
  out.label = t.value("label", out.id);
  out.passed = t.at("passed").get<bool>();
  const json& first = t.at("first_passed_attempt");
  out.first_passed_attempt = first.is_null() ? 0 : first.get<int>();
  return out;
}

ReportLesson ParseLesson(const json& l) {
  ReportLesson out;
  out.nn = l.at("number").get<std::string>();
  out.title = l.value("title", out.nn);
  out.minutes_estimated = l.value("minutes_estimated", 0);
  out.passed = l.at("passed").get<bool>();
  out.attempts = l.at("attempts").get<int>();
  out.hints_used = l.at("hints_used").get<int>();
  out.hints_available = l.value("hints_available", 0);
  std::optional<int64_t> from = ParseIso(l.value("first_check", json()));
  std::optional<int64_t> to = ParseIso(l.value("passed_at", json()));
  if (out.passed && from && to && *to >= *from)
    out.minutes_to_pass = (*to - *from) / 60.0;
  for (const json& t : l.at("tests")) out.tests.push_back(ParseTest(t));
  return out;
}

}  // namespace

bool ParseLearnerReport(const std::string& text, LearnerReport* out, std::string* why) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    *why = "not JSON";
    return false;
  }
  if (!j.is_object() || !j.contains("schema") || j["schema"] != kReportSchema) {
    *why = fmt::format("not a lab report (no \"schema\": \"{}\")", kReportSchema);
    return false;
  }
  try {
    out->lessons.clear();
    for (const json& l : j.at("lessons")) out->lessons.push_back(ParseLesson(l));
  } catch (const json::exception& e) {
    *why = fmt::format("a lab report with missing or wrong fields ({})", e.what());
    return false;
  }
  return true;
}

std::vector<fs::path> CollectReportFiles(const std::vector<std::string>& args,
                                         std::vector<std::string>* missing) {
  std::vector<fs::path> files;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<fs::path> found;
      for (const auto& e : fs::directory_iterator(arg, ec)) {
        if (e.is_regular_file(ec) && e.path().extension() == ".json")
          found.push_back(e.path());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(arg, ec)) {
      files.emplace_back(arg);
    } else {
      missing->push_back(arg);
    }
  }
  return files;
}

std::optional<double> Median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

namespace {

struct TestTally {
  StuckTest test;
  std::vector<double> first_attempts;
};
struct LessonTally {
  LessonSummary summary;
  std::vector<double> attempts, minutes;
};

void AddLesson(const ReportLesson& l, LessonTally* tally,
               std::map<std::pair<std::string, std::string>, TestTally>* tests) {
  LessonSummary& s = tally->summary;
  s.nn = l.nn;
  s.title = StripLessonNumber(l.title);
  s.minutes_estimated = std::max(s.minutes_estimated, l.minutes_estimated);
  s.hints_available = std::max(s.hints_available, l.hints_available);
  ++s.learners;
  s.passed += l.passed;
  s.hints_used += l.hints_used;
  s.learners_with_hints += l.hints_used > 0;
  if (l.minutes_to_pass) tally->minutes.push_back(*l.minutes_to_pass);
  if (l.attempts <= 0) return;  // not started: neither counted nor stuck
  ++s.started;
  tally->attempts.push_back(l.attempts);
  for (const ReportTest& t : l.tests) {
    TestTally& tt = (*tests)[{l.nn, t.id}];
    tt.test.nn = l.nn;
    tt.test.id = t.id;
    tt.test.label = t.label;
    ++tt.test.started;
    tt.test.not_passed += !t.passed;
    if (t.first_passed_attempt > 0) tt.first_attempts.push_back(t.first_passed_attempt);
  }
}

bool MoreStuck(const StuckTest& a, const StuckTest& b) {
  if (a.not_passed != b.not_passed) return a.not_passed > b.not_passed;
  // Nobody passed it yet counts as the latest first pass.
  double ma = a.median_first_passed_attempt.value_or(1e9);
  double mb = b.median_first_passed_attempt.value_or(1e9);
  if (ma != mb) return ma > mb;
  return std::tie(a.nn, a.id) < std::tie(b.nn, b.id);
}

}  // namespace

ClassView BuildClassView(const std::vector<LearnerReport>& reports) {
  ClassView view;
  std::map<std::string, LessonTally> lessons;
  std::map<std::pair<std::string, std::string>, TestTally> tests;
  for (const LearnerReport& r : reports) {
    view.learners.push_back(r.learner);
    for (const ReportLesson& l : r.lessons) AddLesson(l, &lessons[l.nn], &tests);
  }
  for (auto& [nn, tally] : lessons) {
    tally.summary.median_attempts = Median(tally.attempts);
    tally.summary.median_minutes = Median(tally.minutes);
    view.lessons.push_back(tally.summary);
  }
  for (auto& [key, tally] : tests) {
    if (tally.test.not_passed == 0) continue;
    tally.test.median_first_passed_attempt = Median(tally.first_attempts);
    view.stuck.push_back(tally.test);
  }
  std::sort(view.stuck.begin(), view.stuck.end(), MoreStuck);
  return view;
}

namespace {

std::string Num(const std::optional<double>& v, const char* none = "-") {
  if (!v) return none;
  return *v == static_cast<int64_t>(*v) ? fmt::format("{}", static_cast<int64_t>(*v))
                                        : fmt::format("{:.1f}", *v);
}

std::string Cut(const std::string& s, size_t width) {
  // Counts bytes: titles with a multi-byte character lose a little width, never data
  // in the middle of a character (the cut moves back to a character start).
  if (s.size() <= width) return s;
  size_t end = width - 3;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "...";
}

}  // namespace

std::string ClassTable(const ClassView& view, const Style& style, size_t top) {
  std::string out =
      style.Bold(fmt::format("Class view: {} learner{}", view.learners.size(),
                             view.learners.size() == 1 ? "" : "s")) +
      "\n\n";
  out +=
      fmt::format("  {:<3} {:<34} {:>4} {:>7} {:>7} {:>8} {:>7} {:>9}\n", "#", "Lesson",
                  "Est.", "Started", "Passed", "Attempts", "Minutes", "Hints");
  for (const LessonSummary& l : view.lessons) {
    out += fmt::format("  {:<3} {:<34} {:>4} {:>7} {:>7} {:>8} {:>7} {:>9}\n", l.nn,
                       Cut(l.title, 34),
                       l.minutes_estimated ? fmt::format("{}", l.minutes_estimated) : "-",
                       fmt::format("{}/{}", l.started, l.learners),
                       fmt::format("{}/{}", l.passed, l.learners), Num(l.median_attempts),
                       Num(l.median_minutes),
                       fmt::format("{} by {}", l.hints_used, l.learners_with_hints));
  }
  out +=
      "\n  Attempts and Minutes are medians (minutes: first check to pass). Hints: "
      "hints used, by how many learners.\n\n";
  if (view.stuck.empty())
    return out + "Nobody who started a lesson is stuck on a test.\n";
  out += style.Bold("Where learners are stuck") +
         " (graded tests not passed, among "
         "learners who started the lesson)\n\n";
  out += fmt::format("  {:<3} {:<3} {:>10} {:>10}  {}\n", "", "#", "Not passed",
                     "1st pass", "Test");
  for (size_t i = 0; i < view.stuck.size() && i < top; ++i) {
    const StuckTest& t = view.stuck[i];
    out += fmt::format("  {:<3} {:<3} {:>10} {:>10}  {}\n", i + 1, t.nn,
                       fmt::format("{}/{}", t.not_passed, t.started),
                       Num(t.median_first_passed_attempt), Cut(t.label, 70));
    if (t.label != t.id)
      out += fmt::format("  {:<3} {:<3} {:>10} {:>10}  {}\n", "", "", "", "",
                         style.Dim(t.id));
  }
  if (view.stuck.size() > top)
    out +=
        fmt::format("\n  ... and {} more in the HTML page.\n", view.stuck.size() - top);
  return out;
}

}  // namespace lab::runner
