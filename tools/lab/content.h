// Builds that follow the content of a lesson's files, not their modification times.
//
// Ninja rebuilds what is older than its inputs. A file put back with its old time
// (`cp -p`, `mv`, tar, a backup tool) looks older than the last build, so nothing is
// rebuilt and the old binary's verdict would be shown for the new code. Before each
// build the runner therefore compares the hash of every file a verdict depends on
// (what LessonFingerprint covers) with a record of the hashes the last build started
// from, and sets the time of every file whose content differs to now. The record is
// kept in the build folder (BUILD/lab-content/lessonNN.txt), one per build folder,
// together with the stamp of the test binary that build left: when someone else
// (ninja by hand, `make test`) has relinked it since, the record no longer says what
// was built.
#ifndef LAB_RUNNER_CONTENT_H_
#define LAB_RUNNER_CONTENT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "context.h"
#include "lessons.h"

namespace lab::runner {

// BUILD/bin/test_lessonNN: the graded tests built against the learner's code.
fs::path TestBinaryPath(const Context& ctx, const Lesson& lesson);

// What a build of one lesson started from.
struct ContentRecord {
  std::string binary;                      // FileStamp() of the test binary after it
  std::map<std::string, uint64_t> hashes;  // root-relative path -> content hash
};

// "MTIME_NS SIZE" of a file; "-" when there is none.
std::string FileStamp(const fs::path& path);

// The record's text form, and back (nullopt when it is not one).
std::string RecordToText(const ContentRecord& record);
std::optional<ContentRecord> RecordFromText(const std::string& text);

// A record of `snapshot` (paths relative to `root`) with the test binary's stamp.
ContentRecord MakeRecord(const LessonSnapshot& snapshot, const fs::path& root,
                         const std::string& binary_stamp);

// The files whose time must be set to now so that the build follows their content:
// with a record that still describes the build (same test binary), those whose hash
// differs; without one, the lesson's edit files (what a learner changes), unless
// nothing of the lesson was ever built here (then the build follows the content
// anyway).
std::vector<fs::path> StaleFiles(const LessonSnapshot& now,
                                 const std::optional<ContentRecord>& record,
                                 const std::string& binary_stamp, bool built_before,
                                 const fs::path& root, const Lesson& lesson);

// Whether this build folder holds anything compiled from the lesson (objects or
// generated protobuf code under BUILD/lessons/NN-topic/).
bool LessonBuiltBefore(const Context& ctx, const Lesson& lesson);

struct ContentSync {
  std::vector<fs::path> touched;  // files whose time was set to now
  std::string error;              // empty on success
};

// Before a build: reads the record and touches the stale files.
ContentSync SyncTimesWithContent(const Context& ctx, const Lesson& lesson,
                                 const LessonSnapshot& now);

// After a build: records what it started from. Returns an error, or "".
std::string SaveContentRecord(const Context& ctx, const Lesson& lesson,
                              const LessonSnapshot& built);

}  // namespace lab::runner

#endif  // LAB_RUNNER_CONTENT_H_
