// The class view as one HTML page: inline CSS, inline SVG bar charts, no scripts and
// no external URL, so that it opens anywhere, offline. Every text taken from a report
// (learner names, titles, test labels) goes through HtmlEscape.
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "class.h"
#include "report.h"

namespace lab::runner {

// The same five entities as the JUnit report's XML (&apos; is valid HTML5 too), control
// characters dropped and bad UTF-8 repaired.
std::string HtmlEscape(const std::string& s) { return XmlEscape(s); }

namespace {

constexpr const char* kCss = R"(
body { font: 15px/1.4 system-ui, sans-serif; margin: 2em; color: #1d2430; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { padding: .3em .7em; border-bottom: 1px solid #dde; text-align: right; }
th { background: #f2f4f8; } td.l, th.l { text-align: left; }
td.id { color: #667; font: 12px monospace; text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; }
.bar { fill: #3b7dd8; } .bar2 { fill: #e08a2c; } .axis { stroke: #99a; }
svg text { font: 11px sans-serif; fill: #334; }
.ok { color: #197a33; } .no { color: #b3261e; } .na { color: #999; }
.note { color: #556; font-size: .9em; }
)";

std::string Fmt1(double v) {
  return v == static_cast<int64_t>(v) ? fmt::format("{}", static_cast<int64_t>(v))
                                      : fmt::format("{:.1f}", v);
}

// A vertical bar chart: one bar per lesson, value(lesson) out of `max`.
std::string BarChart(
    const std::string& title, const std::vector<LessonSummary>& lessons,
    const std::function<std::optional<double>(const LessonSummary&)>& value, double max,
    const char* bar_class) {
  const int kBar = 26, kH = 160, kLeft = 30, kTop = 20;
  int width = kLeft + static_cast<int>(lessons.size()) * kBar + 10;
  std::string svg = fmt::format(
      "<figure><figcaption>{}</figcaption><svg width=\"{}\" height=\"{}\" role=\"img\" "
      "aria-label=\"{}\">\n",
      HtmlEscape(title), width, kH + kTop + 20, HtmlEscape(title));
  svg += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n",
                     kLeft, kTop + kH, width - 5, kTop + kH);
  svg += fmt::format("<text x=\"0\" y=\"{}\">{}</text><text x=\"0\" y=\"{}\">0</text>\n",
                     kTop + 4, Fmt1(max), kTop + kH);
  for (size_t i = 0; i < lessons.size(); ++i) {
    std::optional<double> v = value(lessons[i]);
    int x = kLeft + static_cast<int>(i) * kBar + 3;
    int h = v && max > 0 ? static_cast<int>(std::min(*v, max) / max * kH + 0.5) : 0;
    svg += fmt::format(
        "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>lesson "
        "{}: "
        "{}</title></rect>\n",
        bar_class, x, kTop + kH - h, kBar - 6, h, HtmlEscape(lessons[i].nn),
        v ? Fmt1(*v) : "none");
    if (v) {
      svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", x, kTop + kH - h - 3,
                         Fmt1(*v));
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", x + 2, kTop + kH + 14,
                       HtmlEscape(lessons[i].nn));
  }
  return svg + "</svg></figure>\n";
}

std::string Cell(const std::optional<double>& v) { return v ? Fmt1(*v) : "&ndash;"; }

std::string LessonRows(const ClassView& view) {
  std::string rows;
  for (const LessonSummary& l : view.lessons) {
    rows += fmt::format(
        "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td>{} / {}</td>"
        "<td>{} / {}</td><td>{}</td><td>{}</td><td>{} by {}</td></tr>\n",
        HtmlEscape(l.nn), HtmlEscape(l.title),
        l.minutes_estimated ? fmt::format("{}", l.minutes_estimated) : "&ndash;",
        l.started, l.learners, l.passed, l.learners, Cell(l.median_attempts),
        Cell(l.median_minutes), l.hints_used, l.learners_with_hints);
  }
  return rows;
}

std::string StuckRows(const ClassView& view, size_t top) {
  std::string rows;
  for (size_t i = 0; i < view.stuck.size() && i < top; ++i) {
    const StuckTest& t = view.stuck[i];
    rows += fmt::format(
        "<tr><td>{}</td><td class=\"l\">{}</td><td>{} / {}</td><td>{}</td>"
        "<td class=\"l\">{}</td><td class=\"id\">{}</td></tr>\n",
        i + 1, HtmlEscape(t.nn), t.not_passed, t.started,
        Cell(t.median_first_passed_attempt), HtmlEscape(t.label), HtmlEscape(t.id));
  }
  return rows;
}

}  // namespace

std::string ClassHtml(const ClassView& view, const std::string& generated_at,
                      size_t top) {
  double most_attempts = 1;
  for (const LessonSummary& l : view.lessons)
    most_attempts = std::max(most_attempts, l.median_attempts.value_or(0));
  double learners = static_cast<double>(std::max<size_t>(view.learners.size(), 1));
  std::string charts =
      BarChart(
          "Learners who passed, per lesson", view.lessons,
          [](const LessonSummary& l) { return std::optional<double>(l.passed); },
          learners, "bar") +
      BarChart(
          "Median attempts, per lesson (learners who started it)", view.lessons,
          [](const LessonSummary& l) { return l.median_attempts; }, most_attempts,
          "bar2");
  std::string names;
  for (const std::string& n : view.learners)
    names += (names.empty() ? "" : ", ") + HtmlEscape(n);
  std::string stuck =
      view.stuck.empty()
          ? "<p>Nobody who started a lesson is stuck on a test.</p>\n"
          : "<table><tr><th>#</th><th class=\"l\">Lesson</th><th>Not passed</th>"
            "<th>Median 1st pass</th><th class=\"l\">Test</th><th class=\"l\">Id</th>"
            "</tr>\n" +
                StuckRows(view, top) + "</table>\n" +
                (view.stuck.size() > top
                     ? fmt::format("<p class=\"note\">... and {} more.</p>\n",
                                   view.stuck.size() - top)
                     : "");
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>gRPC C++ Lab: class view</title>\n<style>{}</style>\n</head>\n<body>\n"
      "<h1>gRPC C++ Lab: class view</h1>\n"
      "<p>{} learner{} &middot; generated {}</p>\n<div class=\"charts\">\n{}</div>\n"
      "<h2>Lessons</h2>\n<table><tr><th class=\"l\">#</th><th class=\"l\">Lesson</th>"
      "<th>Est. min</th><th>Started</th><th>Passed</th><th>Median attempts</th>"
      "<th>Median minutes</th><th>Hints</th></tr>\n{}</table>\n"
      "<p class=\"note\">Started: at least one check. Medians of attempts over learners "
      "who started the lesson; of minutes from the first check to the pass over those "
      "who passed. Hints: hints used in all, by how many learners.</p>\n"
      "<h2>Where learners are stuck</h2>\n<p class=\"note\">Graded tests that learners "
      "who started the lesson do not pass now, most first; ties go to the test first "
      "passed latest (median attempt).</p>\n{}"
      "<h2>Learners</h2>\n<p>{}</p>\n</body>\n</html>\n",
      kCss, view.learners.size(), view.learners.size() == 1 ? "" : "s",
      HtmlEscape(generated_at), charts, LessonRows(view), stuck, names);
}

}  // namespace lab::runner
