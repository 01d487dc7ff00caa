// Waiting for the learner's next save. inotify on the folders (not on the files), so
// editors that save by writing a temporary file and renaming it over the original
// (vim, helix, JetBrains IDEs) are seen like any other save; when inotify is not
// available (some containers, network file systems, watch limits) it falls back to
// polling (modification times, then the content of what they say changed), and says so.
// A file whose time alone changed is not a save: the runner sets times itself.
#ifndef LAB_RUNNER_WATCH_H_
#define LAB_RUNNER_WATCH_H_

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "util.h"

namespace lab::runner {

// Whether a file name is a source a lesson build depends on, and not an editor's
// temporary or backup file (".x.cc.swp", "x.cc~", "4913", "x.cc___jb_tmp___").
bool IsWatchedSourceName(const std::string& name);

struct WatchEvent {
  std::vector<std::string> changed;  // file names that changed (no folders)
  bool interrupted = false;          // Interrupt() was called
  bool input_ready = false;          // the extra fd passed to Wait() is readable
  bool timed_out = false;
};

class Watcher {
 public:
  using Filter = std::function<bool(const std::string&)>;

  // Watches the files directly inside `dirs`. With force_polling (or LAB_WATCH_POLL=1
  // in the environment) it polls even when inotify works.
  Watcher(std::vector<fs::path> dirs, Filter relevant = IsWatchedSourceName,
          bool force_polling = false);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  bool polling() const { return inotify_fd_ < 0; }
  // One line for the learner: how changes are being noticed.
  const std::string& mode_note() const { return note_; }

  // Blocks until a relevant file changes (then gathers the rest of that save for a
  // short quiet period), Interrupt() is called, `extra_fd` becomes readable, or
  // `timeout` passes.
  WatchEvent Wait(std::chrono::milliseconds timeout, int extra_fd = -1);

  // Wakes Wait() from another thread or a signal handler.
  void Interrupt();

 private:
  // Polling mode: a file's stat, and its content's hash. A change of time alone (the
  // runner's own, see content.h) is no change: only the content counts. The status
  // change time says when to read the file again: every write moves it, even one that
  // puts back an old modification time (`cp -p`).
  struct FileStamp {
    int64_t ctime_ns = 0;
    int64_t mtime_ns = 0;
    int64_t size = 0;
    uint64_t inode = 0;
    uint64_t hash = 0;
    bool SameStat(const FileStamp& o) const {
      return ctime_ns == o.ctime_ns && mtime_ns == o.mtime_ns && size == o.size &&
             inode == o.inode;
    }
  };
  using Snapshot = std::map<std::string, FileStamp>;  // path -> stamp

  // Reads only the files whose stat differs from `previous`.
  Snapshot Scan(const Snapshot& previous) const;
  void AddWatches();
  // Reads pending inotify events; appends relevant names. False when nothing was read.
  bool DrainInotify(std::vector<std::string>* changed);
  std::vector<std::string> PollChanges();

  std::vector<fs::path> dirs_;
  Filter relevant_;
  int inotify_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::map<int, fs::path> watches_;  // wd -> folder
  bool lost_watch_ = false;          // a folder went away: re-add when it is back
  Snapshot snapshot_;                // polling mode
  std::string note_;
};

}  // namespace lab::runner

#endif  // LAB_RUNNER_WATCH_H_
