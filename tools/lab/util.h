// Small helpers shared by the runner: files, strings, time, subprocesses.
#ifndef LAB_RUNNER_UTIL_H_
#define LAB_RUNNER_UTIL_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lab::runner {

namespace fs = std::filesystem;

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> ReadFile(const fs::path& path);

// Writes through a temporary file in the same folder and a rename, so a reader (or a
// crash half-way) never sees half a file. Creates missing parent folders.
bool WriteFileAtomic(const fs::path& path, const std::string& content,
                     std::string* error = nullptr);

std::string Trim(const std::string& s);
std::vector<std::string> SplitLines(const std::string& s);
bool StartsWith(const std::string& s, const std::string& prefix);
bool EndsWith(const std::string& s, const std::string& suffix);

// Seconds since the epoch, and the same as "2024-05-01T12:00:00Z" (UTC).
int64_t NowSeconds();
std::string IsoTime(int64_t seconds);
// "20240501-120000" (local time), for folder names.
std::string StampForPath(int64_t seconds);

// 64-bit FNV-1a, printed as 16 hex digits: a cheap fingerprint, not a security hash.
uint64_t Fnv1a(const std::string& data, uint64_t seed = 1469598103934665603ULL);
std::string Hex64(uint64_t v);

// Which of stdin / stdout is a terminal.
bool StdinIsTty();
bool StdoutIsTty();

// The width of the terminal on stdout in columns; else $COLUMNS; else 100.
size_t TerminalColumns();

// Asks a yes/no question on the terminal; default no.
bool AskYesNo(const std::string& question);

// A finished subprocess. Output is stdout and stderr interleaved.
struct ProcessResult {
  bool started = false;    // false: the program could not be run at all
  int exit_code = -1;      // when it exited normally
  int signal = 0;          // when a signal ended it
  bool timed_out = false;  // killed by us after the time limit
  std::string output;
  bool ok() const { return started && !timed_out && signal == 0 && exit_code == 0; }
};

// Runs argv (looked up in PATH) in `cwd`, waits up to `timeout_seconds` (0: no limit),
// and on timeout kills its whole process group.
ProcessResult RunProcess(const std::vector<std::string>& argv, const fs::path& cwd = {},
                         int timeout_seconds = 0);

// Whether a program is in PATH.
std::optional<fs::path> FindProgram(const std::string& name);

}  // namespace lab::runner

#endif  // LAB_RUNNER_UTIL_H_
