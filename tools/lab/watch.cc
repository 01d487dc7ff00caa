#include "watch.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

namespace lab::runner {

namespace {

constexpr int kPollIntervalMs = 500;  // polling mode, and re-adding lost watches
constexpr int kQuietMs = 150;         // a save is over when nothing moves this long
constexpr int kMaxGatherMs = 2000;

// No IN_ATTRIB: a new time alone is not a save (the runner sets the time of a file
// whose content changed since the last build, see content.h).
constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                           IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

}  // namespace

bool IsWatchedSourceName(const std::string& name) {
  if (name.empty() || name[0] == '.' || name[0] == '#') return false;
  if (name == "CMakeLists.txt") return true;
  for (const char* ext : {".cc", ".h", ".cpp", ".hpp", ".proto"}) {
    if (EndsWith(name, ext)) return true;
  }
  return false;
}

Watcher::Watcher(std::vector<fs::path> dirs, Filter relevant, bool force_polling)
    : dirs_(std::move(dirs)), relevant_(std::move(relevant)) {
  if (pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
    wake_pipe_[0] = wake_pipe_[1] = -1;
  }
  const char* env = std::getenv("LAB_WATCH_POLL");
  if (env && *env && std::string(env) != "0") force_polling = true;
  std::string why;
  if (force_polling) {
    why = "polling was asked for (LAB_WATCH_POLL)";
  } else {
    inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_fd_ < 0) {
      why = std::string("inotify is not available (") + std::strerror(errno) + ")";
    } else {
      AddWatches();
      if (watches_.empty() && !dirs_.empty()) {
        why = std::string("inotify could not watch the folders (") +
              std::strerror(errno) +
              (errno == ENOSPC ? "; raise fs.inotify.max_user_watches" : "") + ")";
        close(inotify_fd_);
        inotify_fd_ = -1;
      }
    }
  }
  if (inotify_fd_ >= 0) {
    note_ = "inotify";
  } else {
    snapshot_ = Scan({});
    note_ = why + ": polling every 0.5 s";
  }
}

Watcher::~Watcher() {
  if (inotify_fd_ >= 0) close(inotify_fd_);
  for (int fd : wake_pipe_) {
    if (fd >= 0) close(fd);
  }
}

void Watcher::Interrupt() {
  if (wake_pipe_[1] >= 0) {
    char c = 1;
    [[maybe_unused]] ssize_t n = write(wake_pipe_[1], &c, 1);
  }
}

void Watcher::AddWatches() {
  std::set<fs::path> have;
  for (const auto& [wd, dir] : watches_) have.insert(dir);
  lost_watch_ = false;
  for (const fs::path& dir : dirs_) {
    if (have.count(dir)) continue;
    int wd = inotify_add_watch(inotify_fd_, dir.c_str(), kMask);
    if (wd >= 0) {
      watches_[wd] = dir;
    } else {
      lost_watch_ = true;
    }
  }
}

Watcher::Snapshot Watcher::Scan(const Snapshot& previous) const {
  Snapshot snap;
  for (const fs::path& dir : dirs_) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      if (!relevant_(name)) continue;
      struct stat st {};
      if (stat(entry.path().c_str(), &st) != 0) continue;
      FileStamp stamp;
      stamp.ctime_ns =
          static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000LL + st.st_ctim.tv_nsec;
      stamp.mtime_ns =
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
      stamp.size = st.st_size;
      stamp.inode = st.st_ino;
      auto before = previous.find(entry.path().string());
      stamp.hash = before != previous.end() && before->second.SameStat(stamp)
                       ? before->second.hash
                       : Fnv1a(ReadFile(entry.path()).value_or(""));
      snap[entry.path().string()] = stamp;
    }
  }
  return snap;
}

std::vector<std::string> Watcher::PollChanges() {
  Snapshot now = Scan(snapshot_);
  std::vector<std::string> changed;
  for (const auto& [path, stamp] : now) {
    auto it = snapshot_.find(path);
    if (it == snapshot_.end() || it->second.hash != stamp.hash) {
      changed.push_back(fs::path(path).filename().string());
    }
  }
  for (const auto& [path, stamp] : snapshot_) {
    if (!now.count(path)) changed.push_back(fs::path(path).filename().string());
  }
  snapshot_ = std::move(now);
  return changed;
}

bool Watcher::DrainInotify(std::vector<std::string>* changed) {
  alignas(inotify_event) char buf[16384];
  bool read_any = false;
  for (;;) {
    ssize_t n = read(inotify_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    read_any = true;
    for (char* p = buf; p < buf + n;) {
      auto* ev = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {
        changed->push_back("(many files)");
        continue;
      }
      if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
        // The folder itself was removed or replaced: watch it again once it is back.
        watches_.erase(ev->wd);
        inotify_rm_watch(inotify_fd_, ev->wd);
        lost_watch_ = true;
        continue;
      }
      if (ev->mask & IN_ISDIR) continue;
      std::string name = ev->len ? std::string(ev->name) : std::string();
      if (!name.empty() && relevant_(name)) changed->push_back(name);
    }
  }
  return read_any;
}

WatchEvent Watcher::Wait(std::chrono::milliseconds timeout, int extra_fd) {
  WatchEvent event;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<std::string> changed;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      event.timed_out = true;
      return event;
    }
    int wait_ms = static_cast<int>(left);
    if (polling() || lost_watch_) wait_ms = std::min(wait_ms, kPollIntervalMs);
    pollfd fds[3];
    int nfds = 0;
    fds[nfds++] = {wake_pipe_[0], POLLIN, 0};
    int inotify_index = -1, extra_index = -1;
    if (inotify_fd_ >= 0) {
      inotify_index = nfds;
      fds[nfds++] = {inotify_fd_, POLLIN, 0};
    }
    if (extra_fd >= 0) {
      extra_index = nfds;
      fds[nfds++] = {extra_fd, POLLIN, 0};
    }
    int n = poll(fds, nfds, wait_ms);
    if (n < 0 && errno != EINTR) {
      event.timed_out = true;
      return event;
    }
    if (n > 0 && (fds[0].revents & POLLIN)) {
      char drain[64];
      while (read(wake_pipe_[0], drain, sizeof drain) > 0) {
      }
      event.interrupted = true;
      return event;
    }
    if (n > 0 && extra_index >= 0 && fds[extra_index].revents) {
      event.input_ready = true;
      return event;
    }
    if (inotify_index >= 0 && n > 0 && fds[inotify_index].revents) {
      DrainInotify(&changed);
    }
    if (inotify_fd_ >= 0 && lost_watch_) {
      AddWatches();
      if (!lost_watch_) changed.push_back("(folder replaced)");
    }
    if (polling()) {
      for (std::string& c : PollChanges()) changed.push_back(std::move(c));
    }
    if (!changed.empty()) break;
  }
  // Gather the rest of this save: editors write, rename and chmod in quick steps.
  auto gather_end =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kMaxGatherMs);
  for (;;) {
    if (std::chrono::steady_clock::now() >= gather_end) break;
    if (inotify_fd_ >= 0) {
      pollfd p{inotify_fd_, POLLIN, 0};
      if (poll(&p, 1, kQuietMs) <= 0) break;
      if (!DrainInotify(&changed)) break;
    } else {
      pollfd p{wake_pipe_[0], POLLIN, 0};
      poll(&p, 1, kQuietMs);
      std::vector<std::string> more = PollChanges();
      if (more.empty()) break;
      for (std::string& c : more) changed.push_back(std::move(c));
    }
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  event.changed = std::move(changed);
  return event;
}

}  // namespace lab::runner
