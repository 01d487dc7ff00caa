#include "state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace lab::runner {

using nlohmann::json;

const char* StatusName(Status s) {
  switch (s) {
    case Status::kPassed:
      return "passed";
    case Status::kFailing:
      return "failing";
    case Status::kNotStarted:
      break;
  }
  return "not_started";
}

namespace {

Status StatusFromName(const std::string& s) {
  if (s == "passed") return Status::kPassed;
  if (s == "failing") return Status::kFailing;
  return Status::kNotStarted;
}

template <typename T>
T Get(const json& obj, const char* key, T fallback) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    return fallback;
  }
}

}  // namespace

std::string StateToJson(const State& state) {
  json lessons = json::object();
  for (const auto& [nn, l] : state.lessons) {
    json tests = json::object();
    for (const auto& [name, t] : l.tests) {
      tests[name] = {{"passed", t.passed},
                     {"seconds", t.seconds},
                     {"first_passed_attempt", t.first_passed_attempt}};
    }
    lessons[nn] = {{"status", StatusName(l.status)},
                   {"fingerprint", l.fingerprint},
                   {"attempts", l.attempts},
                   {"hints_revealed", l.hints_revealed},
                   {"resets", l.resets},
                   {"solution_viewed", l.solution_viewed},
                   {"first_check", l.first_check},
                   {"last_check", l.last_check},
                   {"passed_at", l.passed_at},
                   {"tests", tests}};
  }
  json root = {{"version", 1}, {"lessons", lessons}};
  return root.dump(2) + "\n";
}

bool StateFromJson(const std::string& text, State* state) {
  *state = State{};
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) return false;
  auto lessons = root.find("lessons");
  if (lessons == root.end() || !lessons->is_object()) return false;
  for (const auto& [nn, l] : lessons->items()) {
    if (!l.is_object()) continue;  // one bad entry does not cost the others
    LessonState s;
    s.status = StatusFromName(Get<std::string>(l, "status", ""));
    s.fingerprint = Get<std::string>(l, "fingerprint", "");
    s.attempts = Get<int>(l, "attempts", 0);
    s.hints_revealed = Get<int>(l, "hints_revealed", 0);
    s.resets = Get<int>(l, "resets", 0);
    s.solution_viewed = Get<bool>(l, "solution_viewed", false);
    s.first_check = Get<int64_t>(l, "first_check", 0);
    s.last_check = Get<int64_t>(l, "last_check", 0);
    s.passed_at = Get<int64_t>(l, "passed_at", 0);
    auto tests = l.find("tests");
    if (tests != l.end() && tests->is_object()) {
      for (const auto& [name, t] : tests->items()) {
        if (!t.is_object()) continue;
        TestState ts;
        ts.passed = Get<bool>(t, "passed", false);
        ts.seconds = Get<double>(t, "seconds", 0);
        ts.first_passed_attempt = Get<int>(t, "first_passed_attempt", 0);
        s.tests[name] = ts;
      }
    }
    state->lessons[nn] = std::move(s);
  }
  return true;
}

StateStore::StateStore(fs::path lab_dir) : dir_(std::move(lab_dir)) {}

State StateStore::Load(std::string* warning) const {
  State state;
  auto text = ReadFile(file());
  if (!text) return state;  // no progress yet
  if (!StateFromJson(*text, &state)) {
    fs::path aside = dir_ / ("state.json.corrupt-" + StampForPath(NowSeconds()));
    std::error_code ec;
    fs::copy_file(file(), aside, fs::copy_options::overwrite_existing, ec);
    if (warning) {
      *warning = "note: " + file().string() + " was unreadable; it is kept as " +
                 aside.filename().string() +
                 " and progress starts afresh (verdicts are re-checked from your code; "
                 "hint counts restart).";
    }
    state = State{};
  }
  return state;
}

bool StateStore::Update(const std::function<void(State&)>& change, std::string* warning) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  int lock = open((dir_ / "state.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock >= 0) flock(lock, LOCK_EX);
  State state = Load(warning);
  change(state);
  bool ok = WriteFileAtomic(file(), StateToJson(state));
  if (lock >= 0) {
    flock(lock, LOCK_UN);
    close(lock);
  }
  return ok;
}

}  // namespace lab::runner
