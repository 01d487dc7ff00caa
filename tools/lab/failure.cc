#include "failure.h"

#include <algorithm>

#include "util.h"

namespace lab::runner {

namespace {

using Lines = std::vector<std::string>;

bool AllDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// "file.cc:12", "file.cc:12: Failure", "unknown file", "unknown file: Failure".
bool ParseLocation(std::string line, std::string* location) {
  if (EndsWith(line, ": Failure")) line.resize(line.size() - 9);
  if (line == "unknown file") {
    location->clear();
    return true;
  }
  size_t colon = line.rfind(':');
  if (colon == std::string::npos || colon == 0 || !AllDigits(line.substr(colon + 1))) {
    return false;
  }
  *location = line;
  return true;
}

// "file.cc:12: note" -> "note" (SCOPED_TRACE lines); other lines as they are.
std::string WithoutLocation(const std::string& line) {
  for (size_t pos = line.find(": "); pos != std::string::npos;
       pos = line.find(": ", pos + 1)) {
    std::string location;
    if (ParseLocation(line.substr(0, pos), &location)) return line.substr(pos + 2);
  }
  return line;
}

void Append(std::string* text, const std::string& more) {
  if (more.empty()) return;
  if (!text->empty()) *text += "\n";
  *text += more;
}

// A value printed over several lines: a protobuf message as "<" DebugString ">".
size_t SkipMultiLineValue(const Lines& lines, size_t i, Lines* raw) {
  if (!EndsWith(lines[i - 1], "<")) return i;
  while (i < lines.size()) {
    raw->push_back(lines[i]);
    if (lines[i++] == ">") break;
  }
  return i;
}

// EXPECT_EQ, EXPECT_STREQ: "Expected equality of these values:", "  lhs",
// "    Which is: v", "  rhs", "    Which is: w", maybe "Ignoring case" and a diff.
size_t EqualityBlock(const Lines& lines, size_t i, Lines* raw) {
  raw->push_back(lines[i++]);
  for (int side = 0; side < 2 && i < lines.size(); ++side) {
    if (!StartsWith(lines[i], "  ") || StartsWith(lines[i], "    ")) break;
    raw->push_back(lines[i++]);
    if (i < lines.size() && StartsWith(lines[i], "    Which is: ")) {
      raw->push_back(lines[i++]);
      i = SkipMultiLineValue(lines, i, raw);
    }
  }
  if (i < lines.size() && lines[i] == "Ignoring case") raw->push_back(lines[i++]);
  if (i < lines.size() && lines[i] == "With diff:") {
    raw->push_back(lines[i++]);
    while (i < lines.size() && (StartsWith(lines[i], "@@") || StartsWith(lines[i], " ") ||
                                StartsWith(lines[i], "-") || StartsWith(lines[i], "+"))) {
      raw->push_back(lines[i++]);
    }
  }
  return i;
}

// EXPECT_TRUE(pred): "  Actual: false (MESSAGE)" up to "Expected: true", where the
// AssertionResult's MESSAGE may span lines. Returns 0 when this is not that form.
size_t BoolBlock(const Lines& lines, size_t i, Lines* raw, std::string* teaching) {
  size_t j = i;
  while (j < lines.size() && lines[j] != "Expected: true" &&
         lines[j] != "Expected: false") {
    ++j;
  }
  if (j == lines.size()) return 0;
  std::string actual = lines[i].substr(10);
  for (size_t k = i + 1; k < j; ++k) actual += "\n" + lines[k];
  size_t space = actual.find(' ');
  std::string value = actual.substr(0, space);
  if (space != std::string::npos && actual.compare(space, 2, " (") == 0 &&
      EndsWith(actual, ")")) {
    *teaching = actual.substr(space + 2, actual.size() - space - 3);
  }
  raw->push_back("  Actual: " + value);
  raw->push_back(lines[j]);
  return j + 1;
}

// "Value of: EXPR" then EXPECT_TRUE's "  Actual:"/"Expected:" or EXPECT_THAT's
// "Expected: MATCHER" / "  Actual: VALUE, EXPLANATION".
size_t ValueOfBlock(const Lines& lines, size_t i, Lines* raw, std::string* teaching) {
  raw->push_back(lines[i++]);
  if (i >= lines.size()) return i;
  if (StartsWith(lines[i], "  Actual: ")) {
    size_t end = BoolBlock(lines, i, raw, teaching);
    if (end) return end;
  }
  for (size_t j = i; j < lines.size() && j < i + 20; ++j) {
    if (StartsWith(lines[j], "  Actual: ")) {
      for (size_t k = i; k <= j; ++k) raw->push_back(lines[k]);
      return j + 1;
    }
  }
  return i;
}

// EXPECT_NEAR: "The difference between a and b is d, which exceeds t, where" and
// three "x evaluates to v" lines (the last ending in "."), or its epsilon variant.
size_t NearBlock(const Lines& lines, size_t i, Lines* raw) {
  raw->push_back(lines[i++]);
  for (size_t n = 0; i < lines.size() && n < 4; ++n) {
    raw->push_back(lines[i]);
    if (EndsWith(lines[i++], ".")) break;
  }
  return i;
}

// GoogleTest's block at `i`: its end (== i when there is none).
size_t RawBlock(const Lines& lines, size_t i, Lines* raw, std::string* teaching) {
  const std::string& line = lines[i];
  if (line == "Failed") return i + 1;  // FAIL() / ADD_FAILURE(): nothing but the word
  if (line == "Expected equality of these values:") return EqualityBlock(lines, i, raw);
  if (StartsWith(line, "Value of: ")) return ValueOfBlock(lines, i, raw, teaching);
  if (StartsWith(line, "The difference between ")) return NearBlock(lines, i, raw);
  if (StartsWith(line, "Expected: (") && line.find("), actual: ") != std::string::npos) {
    raw->push_back(line);  // EXPECT_LE and the other comparisons
    return i + 1;
  }
  if (StartsWith(line, "Expected: ") && i + 1 < lines.size() &&
      StartsWith(lines[i + 1], "  Actual: ")) {
    raw->push_back(line);  // EXPECT_THROW, EXPECT_NO_THROW, EXPECT_ANY_THROW
    raw->push_back(lines[i + 1]);
    return i + 2;
  }
  return i;
}

std::string Join(const Lines& lines, size_t from = 0, size_t to = std::string::npos) {
  std::string text;
  for (size_t i = from; i < lines.size() && i < to; ++i) {
    text += (i > from ? "\n" : "") + lines[i];
  }
  return text;
}

}  // namespace

FailureParts SplitFailure(const std::string& text) {
  FailureParts parts;
  Lines lines = SplitLines(text);
  size_t i = 0;
  if (!lines.empty() && ParseLocation(lines[0], &parts.location)) i = 1;
  Lines raw;
  std::string from_assertion;
  if (i < lines.size()) i = RawBlock(lines, i, &raw, &from_assertion);
  size_t trace = i;
  while (trace < lines.size() && lines[trace] != "Google Test trace:") ++trace;
  std::string teaching = Trim(from_assertion);
  Append(&teaching, Trim(Join(lines, i, trace)));
  for (size_t k = trace + 1; k < lines.size(); ++k) {
    Append(&teaching, Trim(WithoutLocation(lines[k])));
  }
  parts.teaching = teaching;
  parts.raw = Join(raw);
  return parts;
}

namespace {

// "16-byte object <01-00 00-00 ... 7F-00>" -> "16-byte object <01-00 00-00 02-00 ...>".
std::string ShortenHexDump(std::string line) {
  const std::string marker = "-byte object <";
  for (size_t at = line.find(marker); at != std::string::npos;
       at = line.find(marker, at + 1)) {
    size_t open = at + marker.size();
    size_t close = line.find('>', open);
    if (close == std::string::npos || close - open <= 24) continue;
    line.replace(open, close - open, line.substr(open, 17) + " ...");
  }
  return line;
}

std::string Cut(const std::string& line, size_t width) {
  if (line.size() <= width || width < 4) return line;
  size_t end = width - 3;
  // Do not cut a UTF-8 character in two.
  while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
  return line.substr(0, end) + "...";
}

// Words of `text` in lines of at most `width` columns.
Lines Wrap(const std::string& text, size_t width) {
  Lines out;
  std::string line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out.push_back(line);
  return out;
}

}  // namespace

std::string ShortenRaw(const std::string& raw, size_t width) {
  Lines out;
  for (const std::string& line : SplitLines(raw)) {
    out.push_back(Cut(ShortenHexDump(line), width));
  }
  return Join(out);
}

std::vector<std::string> ShortReason(const std::string& failure, size_t width) {
  FailureParts parts = SplitFailure(failure);
  Lines lines;
  if (!parts.teaching.empty()) {
    for (const std::string& line : SplitLines(parts.teaching)) {
      if (!Trim(line).empty()) lines.push_back(Trim(line));
    }
  } else {
    // No words of the author's: GoogleTest's values, on one line.
    std::string values;
    for (const std::string& line : SplitLines(ShortenRaw(parts.raw))) {
      values += (values.empty() ? "" : "  ") + Trim(line);
    }
    if (!values.empty()) lines.push_back(values);
  }
  if (lines.empty()) return {};
  Lines out = Wrap(lines[0], width);
  if (out.size() == 1 && lines.size() > 1) out.push_back(lines[1]);
  bool more = out.size() > 2 || lines.size() > out.size();
  out.resize(std::min<size_t>(out.size(), 2));
  for (std::string& line : out) line = Cut(line, width);
  if (more && out.back().size() + 4 <= width && !EndsWith(out.back(), "...")) {
    out.back() += " ...";
  }
  return out;
}

bool IsGtestLine(const std::string& line) {
  if (line.size() >= 12 && line[0] == '[' && line[11] == ']') {
    return line.find_first_not_of(" -=ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) == 11;
  }
  std::string t = Trim(line);
  for (const char* prefix : {"Note: Google Test filter", "Note: Randomizing tests'",
                             "Running main() from", "YOU HAVE "}) {
    if (StartsWith(t, prefix)) return true;
  }
  size_t space = t.find(' ');
  return space != std::string::npos && AllDigits(t.substr(0, space)) &&
         (t.substr(space) == " FAILED TEST" || t.substr(space) == " FAILED TESTS");
}

namespace {

// "E0115 10:11:12.123456789   1234 call.cc:123] msg" (gRPC's and absl's log format)
// -> "gRPC: msg".
std::string WithoutLogPrefix(const std::string& line) {
  if (line.size() < 24 || std::string("DIWEF").find(line[0]) == std::string::npos ||
      !AllDigits(line.substr(1, 4)) || line[5] != ' ' || line[8] != ':') {
    return line;
  }
  size_t close = line.find("] ");
  if (close == std::string::npos) return line;
  return "gRPC: " + Trim(line.substr(close + 1));
}

}  // namespace

std::vector<std::string> LastWordsBeforeCrash(const std::string& output,
                                              size_t max_lines) {
  Lines lines = SplitLines(output);
  size_t end = 0;
  while (end < lines.size() && !StartsWith(lines[end], "[  CRASH   ]")) ++end;
  size_t begin = end;
  while (begin > 0 && !StartsWith(lines[begin - 1], "[ RUN      ]")) --begin;
  Lines words;
  for (size_t i = begin; i < end; ++i) {
    if (Trim(lines[i]).empty() || IsGtestLine(lines[i])) continue;
    words.push_back(Cut(WithoutLogPrefix(lines[i]), 200));
  }
  if (words.size() > max_lines) words.erase(words.begin(), words.end() - max_lines);
  return words;
}

std::vector<PrintedOutput> OutputByTest(const std::string& output) {
  std::vector<PrintedOutput> printed;
  std::string current;
  for (const std::string& line : SplitLines(output)) {
    if (StartsWith(line, "[ RUN      ] ")) {
      current = Trim(line.substr(13));
      continue;
    }
    if (IsGtestLine(line)) {
      bool ends_test = StartsWith(line, "[       OK ]") ||
                       StartsWith(line, "[  FAILED  ]") ||
                       StartsWith(line, "[  SKIPPED ]");
      if (ends_test) current.clear();
      continue;
    }
    bool fresh = printed.empty() || printed.back().id != current;
    if (fresh && Trim(line).empty()) continue;  // no blank first line
    if (fresh) printed.push_back(PrintedOutput{current, {}});
    printed.back().lines.push_back(line);
  }
  for (PrintedOutput& p : printed) {
    while (!p.lines.empty() && Trim(p.lines.back()).empty()) p.lines.pop_back();
  }
  return printed;
}

}  // namespace lab::runner
