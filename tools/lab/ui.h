// Terminal output: colours and Unicode only on a terminal and without NO_COLOR.
#ifndef LAB_RUNNER_UI_H_
#define LAB_RUNNER_UI_H_

#include <string>

namespace lab::runner {

struct Style {
  bool color = false;
  bool unicode = false;

  std::string Bold(const std::string& s) const { return Wrap("1", s); }
  std::string Dim(const std::string& s) const { return Wrap("2", s); }
  std::string Red(const std::string& s) const { return Wrap("31", s); }
  std::string Green(const std::string& s) const { return Wrap("32", s); }
  std::string Yellow(const std::string& s) const { return Wrap("33", s); }
  std::string Cyan(const std::string& s) const { return Wrap("36", s); }

  // Marks: passed, failing, not started, changed since it passed.
  std::string PassMark() const { return Green(unicode ? "✓" : "[PASS]"); }
  std::string FailMark() const { return Red(unicode ? "✗" : "[FAIL]"); }
  std::string TodoMark() const { return Dim(unicode ? "·" : "[ -- ]"); }
  std::string StaleMark() const { return Yellow(unicode ? "?" : "[ ?? ]"); }
  std::string Arrow() const { return unicode ? "←" : "<-"; }
  std::string Dash() const { return unicode ? "—" : "-"; }

  // "[██████░░░░░░] 50%"
  std::string ProgressBar(int done, int total, int width = 24) const;

 private:
  std::string Wrap(const char* code, const std::string& s) const {
    return color ? "\033[" + std::string(code) + "m" + s + "\033[0m" : s;
  }
};

// From the environment: NO_COLOR (any value) or a non-terminal stdout turn colours and
// Unicode off; LAB_COLOR=always turns them on (for `script`, CI logs that render ANSI).
Style DetectStyle();

}  // namespace lab::runner

#endif  // LAB_RUNNER_UI_H_
