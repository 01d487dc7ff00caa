// For lessons graded by mutants (lab_lesson(MUTANTS), see cmake/lab.cmake): the
// programs the build made from the tests under grading (the learner's, the solution's
// or a mistake's), one linked against the lesson's reference code and one per mutant.
// Their graded test binary links a generated definition of TheMutationBuilds().
#pragma once

#include <string>
#include <vector>

namespace lab::testing {

struct Mutant {
  std::string slug;      // tests/NN-topic/mutants/SLUG.patch
  std::string files;     // the given files it changes: "order_client.cc"
  std::string what;      // its "Mutant:" line: the behaviour it breaks, in words
  std::string untested;  // its "Untested:" line: what a test that catches it checks
  std::string program;   // the tests under grading, linked against this mutant
};

struct MutationBuilds {
  std::string reference;        // the tests under grading, on the reference code
  std::vector<Mutant> mutants;  // sorted by slug
};

const MutationBuilds& TheMutationBuilds();

}  // namespace lab::testing
