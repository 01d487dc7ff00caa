// `lab doctor`: is this machine ready to build and run the lessons? Each failed check
// comes with its fix (a Debian package or a command).
#ifndef LAB_RUNNER_DOCTOR_H_
#define LAB_RUNNER_DOCTOR_H_

#include <string>
#include <vector>

#include "context.h"

namespace lab::runner {

struct DoctorCheck {
  std::string name;  // "C++ compiler"
  bool ok = false;
  bool warning = false;  // not fatal (e.g. inotify missing: watch polls instead)
  std::string detail;    // what was found ("g++ 12.2.0")
  std::string fix;       // what to do when !ok
};

std::vector<DoctorCheck> RunDoctor(const Context& ctx);

// "libprotoc 3.21.12" -> "3.21.12"; the first dotted number in a text.
std::string FirstVersion(const std::string& text);

}  // namespace lab::runner

#endif  // LAB_RUNNER_DOCTOR_H_
