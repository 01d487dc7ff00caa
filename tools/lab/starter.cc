#include "starter.h"

#include <unistd.h>

namespace lab::runner {

namespace {

bool InGitCheckout(const fs::path& root) {
  ProcessResult r = RunProcess({"git", "-C", root.string(), "rev-parse", "--git-dir"});
  return r.ok();
}

std::optional<std::string> GitShow(const fs::path& root, const std::string& rev,
                                   const std::string& path) {
  ProcessResult r = RunProcess({"git", "-C", root.string(), "show", rev + ":" + path});
  if (!r.ok()) return std::nullopt;
  return r.output;
}

}  // namespace

std::optional<std::string> ShippedStarter(const fs::path& root, const Lesson& lesson,
                                          const std::string& file, std::string* why) {
  if (!FindProgram("git")) {
    *why = "git is not installed (sudo apt-get install git)";
    return std::nullopt;
  }
  if (!InGitCheckout(root)) {
    *why = root.string() +
           " is not a git checkout, so the shipped starter is unknown. Get a fresh copy "
           "of the file from the repository you cloned.";
    return std::nullopt;
  }
  std::string path = "lessons/" + lesson.folder + "/" + file;
  std::string marker = "TODO(lesson" + lesson.nn + ")";
  auto head = GitShow(root, "HEAD", path);
  if (head && head->find(marker) != std::string::npos) return head;
  ProcessResult log =
      RunProcess({"git", "-C", root.string(), "log", "--format=%H", "--", path});
  if (log.ok()) {
    for (const std::string& line : SplitLines(log.output)) {
      std::string commit = Trim(line);
      if (commit.empty()) continue;
      auto text = GitShow(root, commit, path);
      if (text && text->find(marker) != std::string::npos) return text;
    }
  }
  *why = "no version of " + path + " in git history has a " + marker +
         " marker, so the shipped starter is unknown";
  return std::nullopt;
}

ResetResult ResetLesson(const fs::path& root, const Lesson& lesson) {
  ResetResult result;
  std::vector<std::pair<std::string, std::string>> starters;
  for (const std::string& f : lesson.edit_files) {
    std::string why;
    auto text = ShippedStarter(root, lesson, f, &why);
    if (!text) {
      result.error = "cannot reset: " + why + ". Nothing was changed.";
      return result;
    }
    starters.emplace_back(f, *text);
  }
  // Back up first, every file, before anything is overwritten.
  fs::path base = root / ".lab" / "backup" / StampForPath(NowSeconds());
  fs::path backup = base;
  for (int i = 2; fs::exists(backup); ++i) {
    backup = base;
    backup += "-" + std::to_string(i);
  }
  fs::path dest = backup / "lessons" / lesson.folder;
  std::error_code ec;
  fs::create_directories(dest, ec);
  if (ec) {
    result.error = "cannot create the backup folder " + dest.string() + ": " +
                   ec.message() + ". Nothing was changed.";
    return result;
  }
  for (const std::string& f : lesson.edit_files) {
    fs::path src = lesson.dir / f;
    if (!fs::exists(src)) continue;
    fs::copy_file(src, dest / f, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      result.error = "cannot back up " + src.string() + ": " + ec.message() +
                     ". Nothing was changed.";
      return result;
    }
  }
  result.backup_dir = backup;
  for (const auto& [f, text] : starters) {
    std::string error;
    if (!WriteFileAtomic(lesson.dir / f, text, &error)) {
      result.error = error + " (your version is in " + backup.string() + ")";
      return result;
    }
    result.restored.push_back(f);
  }
  result.ok = true;
  return result;
}

std::string SolutionDiff(const fs::path& root, const Lesson& lesson, std::string* note) {
  std::string out;
  char tmpl[] = "/tmp/lab-starter-XXXXXX";
  char* tmpdir = mkdtemp(tmpl);
  for (const std::string& f : lesson.edit_files) {
    std::string why;
    auto starter = ShippedStarter(root, lesson, f, &why);
    fs::path from = lesson.dir / f;
    std::string from_label = "starter/lessons/" + lesson.folder + "/" + f;
    if (starter && tmpdir) {
      from = fs::path(tmpdir) / f;
      WriteFileAtomic(from, *starter);
    } else {
      // No starter known: compare with the learner's current file instead, and say so.
      from_label = "yours/lessons/" + lesson.folder + "/" + f;
      if (note) *note = "(" + why + "; showing your version against the solution)";
    }
    ProcessResult diff = RunProcess({"diff", "-u", "--label", from_label, "--label",
                                     "solution/solutions/" + lesson.folder + "/" + f,
                                     from.string(), (lesson.solution_dir / f).string()});
    out += diff.output;
  }
  if (tmpdir) {
    std::error_code ec;
    fs::remove_all(tmpdir, ec);
  }
  return out;
}

}  // namespace lab::runner
