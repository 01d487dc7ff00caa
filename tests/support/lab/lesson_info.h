// Which lesson, and which build of it, a graded test binary is testing.
#pragma once

#include <string>

namespace lab::testing {

struct LessonInfo {
  const char* number;      // "03"
  const char* dir;         // "lessons/03-unary"
  const char* edit_files;  // "greeter_service.cc product_service.cc" (space separated)
  const char* kind;        // "lesson" (the learner's code), "solution" or "mistake"
  const char* bin_prefix;  // "lesson03": its mains are build/bin/lesson03_<role>
  const char* bin_dir;     // absolute build/bin
  const char* build_dir;   // absolute build dir (certificates live in <build>/certs)
};

// Defined in a file that cmake/lab.cmake generates for each test binary.
const LessonInfo& ThisLesson();

// "lessons/03-unary/greeter_service.cc, lessons/03-unary/product_service.cc"
std::string EditFilesHint();

}  // namespace lab::testing
