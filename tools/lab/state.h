// Progress in ROOT/.lab/state.json (git-ignored). Only records what the runner saw:
// a pass is stored with the fingerprint of the code it was seen on. A missing or
// corrupt file is rebuilt (the corrupt one is kept aside), never fatal.
#ifndef LAB_RUNNER_STATE_H_
#define LAB_RUNNER_STATE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "util.h"

namespace lab::runner {

struct TestState {
  bool passed = false;
  double seconds = 0;
  int first_passed_attempt = 0;  // the lesson attempt on which it first passed; 0: never
};

enum class Status { kNotStarted, kFailing, kPassed };
const char* StatusName(Status s);  // "not_started", "failing", "passed"

struct LessonState {
  Status status = Status::kNotStarted;  // the last verdict seen
  std::string fingerprint;              // LessonFingerprint() at that verdict
  int attempts = 0;                     // checks the learner ran (not report runs)
  int hints_revealed = 0;
  int resets = 0;
  bool solution_viewed = false;
  int64_t first_check = 0;  // seconds since the epoch; 0: never
  int64_t last_check = 0;
  int64_t passed_at = 0;  // first time it passed
  std::map<std::string, TestState> tests;
};

struct State {
  std::map<std::string, LessonState> lessons;  // by "NN"
};

// Serialisation (exposed for tests).
std::string StateToJson(const State& state);
// Throws nothing: returns false (and leaves *state empty) on anything unexpected.
bool StateFromJson(const std::string& text, State* state);

class StateStore {
 public:
  explicit StateStore(fs::path lab_dir);

  // The current state. *warning is set when the file was corrupt and rebuilt.
  State Load(std::string* warning = nullptr) const;

  // Load, change and save under a lock, so that two runners (watch in one terminal,
  // hint in another) do not lose each other's updates.
  bool Update(const std::function<void(State&)>& change, std::string* warning = nullptr);

  const fs::path& dir() const { return dir_; }
  fs::path file() const { return dir_ / "state.json"; }

 private:
  fs::path dir_;
};

}  // namespace lab::runner

#endif  // LAB_RUNNER_STATE_H_
