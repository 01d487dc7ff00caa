// lab class: the class view from many learners' reports (class.h).
#include <fmt/format.h>

#include "app.h"
#include "class.h"

namespace lab::runner {

int CmdClass(const std::vector<std::string>& inputs, const std::string& html_path) {
  std::vector<std::string> missing;
  std::vector<fs::path> files = CollectReportFiles(inputs, &missing);
  for (const std::string& m : missing)
    fmt::print(stderr, "lab class: skipped {}: no such file or folder\n", m);
  std::vector<LearnerReport> reports;
  for (const fs::path& f : files) {
    LearnerReport r;
    r.file = f.string();
    r.learner = f.stem().string();
    std::string why = "cannot be read";
    std::optional<std::string> text = ReadFile(f);
    if (text && ParseLearnerReport(*text, &r, &why)) {
      reports.push_back(std::move(r));
    } else {
      fmt::print(stderr, "lab class: skipped {}: {}\n", f.string(), why);
    }
  }
  if (reports.empty()) {
    fmt::print(stderr,
               "lab class: no report to read. Give the JSON files learners wrote with "
               "`lab report --json FILE`, or a folder of them.\n");
    return kExitUsage;
  }
  ClassView view = BuildClassView(reports);
  fmt::print("{}", ClassTable(view, DetectStyle()));
  if (html_path.empty()) return 0;
  std::string error;
  if (!WriteFileAtomic(html_path, ClassHtml(view, IsoTime(NowSeconds())), &error)) {
    fmt::print(stderr, "lab class: {}\n", error);
    return kExitFail;
  }
  fmt::print("\nHTML class view: {}\n", html_path);
  return 0;
}

}  // namespace lab::runner
