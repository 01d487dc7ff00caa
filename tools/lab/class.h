// `lab class`: many learners' `lab report --json` files merged into one class view for
// an instructor: per lesson how many passed, median attempts and time, hints used, and
// the graded tests where most learners are stuck. Printed as a table and written as
// one self-contained HTML page (inline CSS and SVG, no network).
#ifndef LAB_RUNNER_CLASS_H_
#define LAB_RUNNER_CLASS_H_

#include <optional>
#include <string>
#include <vector>

#include "ui.h"
#include "util.h"

namespace lab::runner {

// What the class view needs from one report (schema grpc-cpp-lab/report/v1).
struct ReportTest {
  std::string id, label;
  bool passed = false;
  int first_passed_attempt = 0;  // 0: not yet
};
struct ReportLesson {
  std::string nn, title;
  int minutes_estimated = 0;
  bool passed = false;
  int attempts = 0, hints_used = 0, hints_available = 0;
  std::optional<double> minutes_to_pass;  // first_check -> passed_at, when both known
  std::vector<ReportTest> tests;
};
struct LearnerReport {
  std::string learner;  // the file name without .json
  std::string file;
  std::vector<ReportLesson> lessons;
};

// Parses one report. False with *why ("not JSON: ...", "not a lab report: ...").
bool ParseLearnerReport(const std::string& text, LearnerReport* out, std::string* why);

// The files named, a folder standing for its *.json files (sorted). Names that are
// neither go to *missing.
std::vector<fs::path> CollectReportFiles(const std::vector<std::string>& args,
                                         std::vector<std::string>* missing);

struct LessonSummary {
  std::string nn, title;
  int minutes_estimated = 0;
  int learners = 0;  // reports that list the lesson
  int started = 0;   // of those, with at least one attempt
  int passed = 0;
  std::optional<double> median_attempts;  // over learners who started it
  std::optional<double> median_minutes;   // first check to pass, over those who passed
  int hints_used = 0;                     // in all
  int learners_with_hints = 0;
  int hints_available = 0;
};

// A graded test, counted over the learners who started its lesson.
struct StuckTest {
  std::string nn, id, label;
  int started = 0;     // learners who started the lesson
  int not_passed = 0;  // of those, how many do not pass the test now
  std::optional<double> median_first_passed_attempt;  // over those who passed it
};

struct ClassView {
  std::vector<std::string> learners;   // in file order
  std::vector<LessonSummary> lessons;  // by number
  // Tests some learner who started the lesson does not pass, most stuck first:
  // by not_passed, then by the median attempt they first passed on (later = harder).
  std::vector<StuckTest> stuck;
};

ClassView BuildClassView(const std::vector<LearnerReport>& reports);

std::optional<double> Median(std::vector<double> values);

// The terminal table: lessons, then the `top` most stuck tests.
std::string ClassTable(const ClassView& view, const Style& style, size_t top = 10);
// One HTML page, everything inline; every text from a report is escaped.
std::string ClassHtml(const ClassView& view, const std::string& generated_at,
                      size_t top = 20);
std::string HtmlEscape(const std::string& s);

}  // namespace lab::runner

#endif  // LAB_RUNNER_CLASS_H_
