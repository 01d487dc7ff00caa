// Finding lessons by convention: no manifest. A lesson is a folder lessons/NN-topic/
// with README.md (title: its first "# " line; "Time: about N minutes."), HINTS.md
// ("## Hint N" sections), edit files = the files in solutions/NN-topic/, graded tests
// in tests/NN-topic/*.cc.
#ifndef LAB_RUNNER_LESSONS_H_
#define LAB_RUNNER_LESSONS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util.h"

namespace lab::runner {

struct Lesson {
  std::string nn;      // "03"
  std::string folder;  // "03-unary"
  std::string title;   // "03 — Unary RPCs: your first service", or the folder
  int minutes = 0;     // 0 when the README does not say
  std::vector<std::string> hints;       // the text of each "## Hint N", in order
  std::vector<std::string> edit_files;  // names, relative to the lesson folder
  fs::path dir;                         // ROOT/lessons/NN-topic
  fs::path solution_dir;                // ROOT/solutions/NN-topic
  fs::path test_dir;                    // ROOT/tests/NN-topic

  // "lessons/03-unary/client.cc ..." relative to the root.
  std::vector<std::string> EditPaths() const;
};

// One graded test as the test source describes it.
struct ChecklistItem {
  std::string id;     // "Suite.Name"
  std::string label;  // the comment above it ("2.4 A well-formed id ..."), or the name
};

// Every lesson under root/lessons, sorted by number.
std::vector<Lesson> DiscoverLessons(const fs::path& root);

// The lesson numbered nn ("3" and "03" both work), or the one whose folder is nn.
const Lesson* FindLesson(const std::vector<Lesson>& lessons, const std::string& nn);

// Parsing helpers (exposed for tests).
std::string ParseTitle(const std::string& readme);
int ParseMinutes(const std::string& readme);
std::vector<std::string> ParseHints(const std::string& hints_md);

// The tests in a test source, in order, labelled by the comment lines above each
// TEST / TEST_F / TEST_P. A test without a comment gets its name split into words.
std::vector<ChecklistItem> ParseChecklist(const std::string& source);
std::vector<ChecklistItem> LessonChecklist(const Lesson& lesson);

// "03 — Unary RPCs" -> "Unary RPCs" (for tables that show the number on its own).
std::string StripLessonNumber(const std::string& title);

// "GetProductStockReturnsStock" -> "Get product stock returns stock".
std::string SplitCamelCase(const std::string& name);

// A fingerprint of what a verdict depends on: the lesson folder's files and the
// graded test sources. A recorded pass counts only while this is unchanged.
std::string LessonFingerprint(const Lesson& lesson);

// One of those files, with a hash of its content.
struct SourceFile {
  fs::path path;
  uint64_t hash = 0;
};

// The files LessonFingerprint covers (the lesson folder's but README.md and HINTS.md,
// then the test folder's, each folder's files directly in it), each read once: their
// hashes and the fingerprint of them all.
struct LessonSnapshot {
  std::vector<SourceFile> files;
  std::string fingerprint;
};
LessonSnapshot SnapshotLesson(const Lesson& lesson);

}  // namespace lab::runner

#endif  // LAB_RUNNER_LESSONS_H_
