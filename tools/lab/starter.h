// The shipped starter of an edit file, from git, and what reset / solution do with it.
//
// Which version is "the starter": the runner cannot know the commit a learner cloned,
// so it asks git for the file's history and takes
//   1. HEAD's version, when the file is tracked and that version still has a
//      TODO(lessonNN) marker (the usual case: the learner has not committed work);
//   2. otherwise the newest commit in `git log -- FILE` whose version has the marker
//      (the learner committed their work on top of the starter).
// Outside a git checkout, or when no version has the marker, there is no starter.
#ifndef LAB_RUNNER_STARTER_H_
#define LAB_RUNNER_STARTER_H_

#include <optional>
#include <string>
#include <vector>

#include "lessons.h"

namespace lab::runner {

// The starter's content of lessons/FOLDER/FILE, or nullopt with *why.
std::optional<std::string> ShippedStarter(const fs::path& root, const Lesson& lesson,
                                          const std::string& file, std::string* why);

struct ResetResult {
  bool ok = false;
  std::string error;
  fs::path backup_dir;                // where the learner's files were copied
  std::vector<std::string> restored;  // edit files now back to the starter
};

// Backs up every edit file of the lesson to ROOT/.lab/backup/<time>/lessons/FOLDER/,
// then writes each starter over it. Nothing is written unless every starter was found
// and the backup succeeded.
ResetResult ResetLesson(const fs::path& root, const Lesson& lesson);

// A unified diff from the starter to the solution for every edit file.
std::string SolutionDiff(const fs::path& root, const Lesson& lesson, std::string* note);

}  // namespace lab::runner

#endif  // LAB_RUNNER_STARTER_H_
