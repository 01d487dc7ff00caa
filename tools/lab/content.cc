#include "content.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

namespace lab::runner {

namespace {

constexpr const char* kRecordHeader = "lab-content-record 1";

fs::path RecordPath(const Context& ctx, const Lesson& lesson) {
  return ctx.build / "lab-content" / ("lesson" + lesson.nn + ".txt");
}

std::string RelativeKey(const fs::path& path, const fs::path& root) {
  std::error_code ec;
  fs::path rel = fs::relative(path, root, ec);
  return ec || rel.empty() ? path.string() : rel.generic_string();
}

bool IsBuildProduct(const fs::path& path) {
  std::string name = path.filename().string();
  return EndsWith(name, ".o") || EndsWith(name, ".pb.cc") || EndsWith(name, ".pb.h");
}

}  // namespace

fs::path TestBinaryPath(const Context& ctx, const Lesson& lesson) {
  return ctx.build / "bin" / ("test_lesson" + lesson.nn);
}

std::string FileStamp(const fs::path& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return "-";
  int64_t ns =
      static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return std::to_string(ns) + " " + std::to_string(st.st_size);
}

std::string RecordToText(const ContentRecord& record) {
  std::string text = std::string(kRecordHeader) + "\nbinary " + record.binary + "\n";
  for (const auto& [path, hash] : record.hashes) text += Hex64(hash) + " " + path + "\n";
  return text;
}

std::optional<ContentRecord> RecordFromText(const std::string& text) {
  std::vector<std::string> lines = SplitLines(text);
  if (lines.size() < 2 || lines[0] != kRecordHeader || !StartsWith(lines[1], "binary ")) {
    return std::nullopt;
  }
  ContentRecord record;
  record.binary = lines[1].substr(7);
  for (size_t i = 2; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.size() < 18 || line[16] != ' ') return std::nullopt;
    std::string hex = line.substr(0, 16);
    if (hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return std::nullopt;
    }
    record.hashes[line.substr(17)] = std::stoull(hex, nullptr, 16);
  }
  return record;
}

ContentRecord MakeRecord(const LessonSnapshot& snapshot, const fs::path& root,
                         const std::string& binary_stamp) {
  ContentRecord record;
  record.binary = binary_stamp;
  for (const SourceFile& f : snapshot.files) {
    record.hashes[RelativeKey(f.path, root)] = f.hash;
  }
  return record;
}

std::vector<fs::path> StaleFiles(const LessonSnapshot& now,
                                 const std::optional<ContentRecord>& record,
                                 const std::string& binary_stamp, bool built_before,
                                 const fs::path& root, const Lesson& lesson) {
  bool trusted = record && record->binary == binary_stamp;
  std::vector<fs::path> stale;
  for (const SourceFile& f : now.files) {
    if (!trusted) {
      // Only the files a learner edits: touching the lesson's headers and tests too
      // would rebuild the solution and every mistake (36 s for lesson 03).
      bool edit_file = f.path.parent_path() == lesson.dir &&
                       std::find(lesson.edit_files.begin(), lesson.edit_files.end(),
                                 f.path.filename().string()) != lesson.edit_files.end();
      if (built_before && edit_file) stale.push_back(f.path);
      continue;
    }
    auto it = record->hashes.find(RelativeKey(f.path, root));
    if (it == record->hashes.end() || it->second != f.hash) stale.push_back(f.path);
  }
  return stale;
}

bool LessonBuiltBefore(const Context& ctx, const Lesson& lesson) {
  std::error_code ec;
  fs::recursive_directory_iterator it(ctx.build / "lessons" / lesson.folder,
                                      fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (IsBuildProduct(it->path())) return true;
  }
  return false;
}

ContentSync SyncTimesWithContent(const Context& ctx, const Lesson& lesson,
                                 const LessonSnapshot& now) {
  ContentSync sync;
  std::optional<ContentRecord> record;
  if (auto text = ReadFile(RecordPath(ctx, lesson))) record = RecordFromText(*text);
  std::string binary = FileStamp(TestBinaryPath(ctx, lesson));
  bool trusted = record && record->binary == binary;
  bool built_before = !trusted && LessonBuiltBefore(ctx, lesson);
  for (const fs::path& path :
       StaleFiles(now, record, binary, built_before, ctx.root, lesson)) {
    // Both times to now: the build tool then sees the file as newer than its outputs.
    if (utimensat(AT_FDCWD, path.c_str(), nullptr, 0) != 0) {
      sync.error = "cannot update the time of " + RelativeKey(path, ctx.root) + ": " +
                   std::strerror(errno);
      return sync;
    }
    sync.touched.push_back(path);
  }
  return sync;
}

std::string SaveContentRecord(const Context& ctx, const Lesson& lesson,
                              const LessonSnapshot& built) {
  ContentRecord record =
      MakeRecord(built, ctx.root, FileStamp(TestBinaryPath(ctx, lesson)));
  std::string error;
  WriteFileAtomic(RecordPath(ctx, lesson), RecordToText(record), &error);
  return error;
}

}  // namespace lab::runner
