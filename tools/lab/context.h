// Where the runner works: the repository root, the build folder, and .lab/.
#ifndef LAB_RUNNER_CONTEXT_H_
#define LAB_RUNNER_CONTEXT_H_

#include "util.h"

namespace lab::runner {

struct Context {
  fs::path root;   // has lessons/ and CMakeLists.txt
  fs::path build;  // the CMake build folder (ROOT/build unless told otherwise)
  fs::path lab_dir() const { return root / ".lab"; }
  // Seconds the graded tests of one lesson may take in all (LAB_CHECK_TIMEOUT).
  int test_timeout_seconds = 180;
};

}  // namespace lab::runner

#endif  // LAB_RUNNER_CONTEXT_H_
