// `lab report`: every lesson graded now, as JSON (schema in README.md, "lab report")
// and JUnit XML for CI dashboards.
#ifndef LAB_RUNNER_REPORT_H_
#define LAB_RUNNER_REPORT_H_

#include <string>
#include <vector>

#include "check.h"
#include "lessons.h"
#include "state.h"

namespace lab::runner {

struct LessonReport {
  const Lesson* lesson = nullptr;
  CheckResult result;  // graded just now
  LessonState state;   // hints, attempts, ... as recorded
};

inline constexpr const char* kReportSchema = "grpc-cpp-lab/report/v1";

std::string ReportJson(const std::vector<LessonReport>& reports, int64_t now);
std::string ReportJunit(const std::vector<LessonReport>& reports, int64_t now);

// Text safe inside XML attributes and elements (also drops control characters XML
// 1.0 does not allow, which compiler output can contain).
std::string XmlEscape(const std::string& s);

const char* TestStatusName(TestStatus s);  // "passed", "failed", "hung", ...

}  // namespace lab::runner

#endif  // LAB_RUNNER_REPORT_H_
