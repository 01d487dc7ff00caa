#include "lessons.h"

#include <algorithm>
#include <cctype>

namespace lab::runner {

std::vector<std::string> Lesson::EditPaths() const {
  std::vector<std::string> out;
  for (const std::string& f : edit_files) out.push_back("lessons/" + folder + "/" + f);
  return out;
}

std::string ParseTitle(const std::string& readme) {
  for (const std::string& line : SplitLines(readme)) {
    if (StartsWith(line, "# ")) return Trim(line.substr(2));
  }
  return "";
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Skips spaces from `pos`; then, if `word` is next, skips it too. False if it is not.
bool Expect(const std::string& s, size_t* pos, const std::string& word) {
  while (*pos < s.size() && (s[*pos] == ' ' || s[*pos] == '\t')) ++*pos;
  if (s.compare(*pos, word.size(), word) != 0) return false;
  *pos += word.size();
  return true;
}

// Reads a C++ identifier after optional spaces.
std::string Identifier(const std::string& s, size_t* pos) {
  while (*pos < s.size() && s[*pos] == ' ') ++*pos;
  size_t start = *pos;
  while (*pos < s.size() &&
         (std::isalnum(static_cast<unsigned char>(s[*pos])) || s[*pos] == '_')) {
    ++*pos;
  }
  return s.substr(start, *pos - start);
}

}  // namespace

int ParseMinutes(const std::string& readme) {
  // "Time: about 40 minutes."
  for (const std::string& line : SplitLines(readme)) {
    size_t pos = line.find("Time:");
    if (pos == std::string::npos) continue;
    pos += 5;
    Expect(line, &pos, "about");
    while (pos < line.size() && line[pos] == ' ') ++pos;
    int minutes = 0;
    bool any = false;
    for (; pos < line.size() && IsDigit(line[pos]); ++pos, any = true) {
      minutes = minutes * 10 + (line[pos] - '0');
    }
    if (any && Expect(line, &pos, "minute")) return minutes;
  }
  return 0;
}

std::string StripLessonNumber(const std::string& title) {
  if (title.size() < 3 || !IsDigit(title[0]) || !IsDigit(title[1])) return title;
  for (const char* sep : {"—", "–", "-", ":"}) {
    size_t at = 2;
    if (Expect(title, &at, sep)) {
      while (at < title.size() && title[at] == ' ') ++at;
      return title.substr(at);
    }
  }
  return title;
}

std::vector<std::string> ParseHints(const std::string& hints_md) {
  // "## Hint 3"
  auto heading = [](const std::string& line) {
    size_t pos = 0;
    if (!Expect(line, &pos, "##") || !Expect(line, &pos, "Hint")) return false;
    while (pos < line.size() && line[pos] == ' ') ++pos;
    if (pos >= line.size() || !IsDigit(line[pos])) return false;
    while (pos < line.size() && IsDigit(line[pos])) ++pos;
    return Trim(line.substr(pos)).empty();
  };
  std::vector<std::string> hints;
  std::string current;
  bool in_hint = false;
  auto flush = [&] {
    if (in_hint) hints.push_back(Trim(current));
    current.clear();
  };
  for (const std::string& line : SplitLines(hints_md)) {
    if (heading(line)) {
      flush();
      in_hint = true;
      continue;
    }
    if (StartsWith(line, "## ") || StartsWith(line, "# ")) {  // another section
      flush();
      in_hint = false;
      continue;
    }
    if (in_hint) current += line + "\n";
  }
  flush();
  return hints;
}

std::string SplitCamelCase(const std::string& name) {
  auto up = [&](size_t i) {
    return i < name.size() && std::isupper(static_cast<unsigned char>(name[i]));
  };
  auto low = [&](size_t i) {
    return i < name.size() && std::islower(static_cast<unsigned char>(name[i]));
  };
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '_') {
      out += ' ';
      continue;
    }
    // A word starts at an upper-case letter after a lower-case one, or at the last
    // capital of an acronym ("ADeadline" -> "A deadline").
    if (i > 0 && up(i) && (low(i - 1) || (up(i - 1) && low(i + 1)))) out += ' ';
    // Lower-case the words, but keep acronyms ("RPC") as they are.
    bool keep = i == 0 || !up(i) || up(i + 1) || (i > 0 && up(i - 1) && !low(i + 1));
    out += keep ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<ChecklistItem> ParseChecklist(const std::string& source) {
  // "TEST(Suite, Name)", "TEST_F(...)", "TEST_P(...)": suite and name, or false.
  auto test_macro = [](const std::string& line, std::string* suite, std::string* name) {
    size_t pos = 0;
    if (!Expect(line, &pos, "TEST")) return false;
    if (line.compare(pos, 2, "_F") == 0 || line.compare(pos, 2, "_P") == 0) pos += 2;
    if (!Expect(line, &pos, "(")) return false;
    *suite = Identifier(line, &pos);
    if (suite->empty() || !Expect(line, &pos, ",")) return false;
    *name = Identifier(line, &pos);
    return !name->empty() && Expect(line, &pos, ")");
  };
  std::vector<ChecklistItem> items;
  std::vector<std::string> comment;  // the comment block right above, if any
  for (const std::string& raw : SplitLines(source)) {
    std::string line = Trim(raw);
    std::string suite, name;
    if (test_macro(raw, &suite, &name)) {
      ChecklistItem item;
      item.id = suite + "." + name;
      std::string label;
      for (const std::string& c : comment) label += (label.empty() ? "" : " ") + c;
      item.label = label.empty() ? SplitCamelCase(name) : label;
      items.push_back(item);
      comment.clear();
    } else if (StartsWith(line, "//")) {
      std::string text = Trim(line.substr(2));
      if (text.find_first_not_of("-=*/ ") == std::string::npos) {
        comment.clear();  // a ruler line starts a new block
      } else {
        comment.push_back(text);
      }
    } else {
      comment.clear();
    }
  }
  return items;
}

std::vector<ChecklistItem> LessonChecklist(const Lesson& lesson) {
  std::vector<ChecklistItem> items;
  std::error_code ec;
  std::vector<fs::path> sources;
  for (const auto& entry : fs::directory_iterator(lesson.test_dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".cc") {
      sources.push_back(entry.path());
    }
  }
  std::sort(sources.begin(), sources.end());
  for (const fs::path& p : sources) {
    auto text = ReadFile(p);
    if (!text) continue;
    for (ChecklistItem& item : ParseChecklist(*text)) items.push_back(std::move(item));
  }
  return items;
}

namespace {

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

LessonSnapshot SnapshotLesson(const Lesson& lesson) {
  LessonSnapshot snapshot;
  uint64_t h = Fnv1a("lab-fingerprint-1");
  std::vector<fs::path> files = FilesIn(lesson.dir);
  for (const fs::path& p : FilesIn(lesson.test_dir)) files.push_back(p);
  for (const fs::path& p : files) {
    if (p.filename() == "HINTS.md" || p.filename() == "README.md") continue;
    std::string content = ReadFile(p).value_or("");
    h = Fnv1a(p.filename().string() + '\0', h);
    h = Fnv1a(std::string(1, '\0'), Fnv1a(content, h));  // content, then a NUL
    snapshot.files.push_back(SourceFile{p, Fnv1a(content)});
  }
  snapshot.fingerprint = Hex64(h);
  return snapshot;
}

std::string LessonFingerprint(const Lesson& lesson) {
  return SnapshotLesson(lesson).fingerprint;
}

std::vector<Lesson> DiscoverLessons(const fs::path& root) {
  // NN-topic: two digits, a dash, then lower-case letters, digits and dashes.
  auto lesson_folder = [](const std::string& f) {
    if (f.size() < 4 || !IsDigit(f[0]) || !IsDigit(f[1]) || f[2] != '-') return false;
    for (size_t i = 3; i < f.size(); ++i) {
      char c = f[i];
      if (!((c >= 'a' && c <= 'z') || IsDigit(c) || c == '-')) return false;
    }
    return true;
  };
  std::vector<Lesson> lessons;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root / "lessons", ec)) {
    if (!entry.is_directory()) continue;
    std::string folder = entry.path().filename().string();
    if (!lesson_folder(folder)) continue;
    Lesson lesson;
    lesson.nn = folder.substr(0, 2);
    lesson.folder = folder;
    lesson.dir = entry.path();
    lesson.solution_dir = root / "solutions" / folder;
    lesson.test_dir = root / "tests" / folder;
    std::string readme = ReadFile(lesson.dir / "README.md").value_or("");
    lesson.title = ParseTitle(readme);
    if (lesson.title.empty()) lesson.title = folder;
    lesson.minutes = ParseMinutes(readme);
    lesson.hints = ParseHints(ReadFile(lesson.dir / "HINTS.md").value_or(""));
    for (const fs::path& p : FilesIn(lesson.solution_dir)) {
      lesson.edit_files.push_back(p.filename().string());
    }
    lessons.push_back(std::move(lesson));
  }
  std::sort(lessons.begin(), lessons.end(),
            [](const Lesson& a, const Lesson& b) { return a.folder < b.folder; });
  return lessons;
}

const Lesson* FindLesson(const std::vector<Lesson>& lessons, const std::string& nn) {
  std::string key = nn;
  if (key.size() == 1 && std::isdigit(static_cast<unsigned char>(key[0]))) {
    key = "0" + key;
  }
  for (const Lesson& l : lessons) {
    if (l.nn == key || l.folder == key) return &l;
  }
  return nullptr;
}

}  // namespace lab::runner
