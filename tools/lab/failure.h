// Reading what a graded test program printed, for people: a failure with the test's
// teaching message first and GoogleTest's raw values after it, a failure in a line or
// two for the checklist, the last words before a crash, and what each test printed.
// Pure functions of text (tested in tests/failure_test.cc).
#ifndef LAB_RUNNER_FAILURE_H_
#define LAB_RUNNER_FAILURE_H_

#include <string>
#include <vector>

namespace lab::runner {

// One GoogleTest failure, taken apart.
struct FailureParts {
  std::string location;  // "tests/03-unary/unary_test.cc:62"; "" when not given
  // What the test's author wrote to teach: an AssertionResult's message (LAB_EXPECT_OK
  // and friends), then the `<<` message, then SCOPED_TRACE notes.
  std::string teaching;
  // GoogleTest's own words: the expressions and their values.
  std::string raw;
};

// Splits a failure as GoogleTest reports it: "FILE:LINE\n<message>" in its JSON
// report, "FILE:LINE: Failure\n<message>" on the console. Knows the messages of
// EXPECT_EQ/STREQ, EXPECT_TRUE/FALSE (with an AssertionResult), EXPECT_THAT,
// EXPECT_LE and the other comparisons, EXPECT_NEAR, EXPECT_THROW and FAIL(); any
// other text is taken as the author's.
FailureParts SplitFailure(const std::string& text);

// `raw` with long hex dumps ("16-byte object <01-00 ...>") cut short and every line
// at most `width` columns.
std::string ShortenRaw(const std::string& raw, size_t width = 150);

// The failure in one or two lines of at most `width` columns (for the checklist): the
// teaching message's start, else GoogleTest's values in short.
std::vector<std::string> ShortReason(const std::string& failure, size_t width);

// GoogleTest's own console lines: "[ RUN      ] ...", "[==========] ...", the
// summary ("3 FAILED TESTS"), filter notes.
bool IsGtestLine(const std::string& line);

// The last lines (at most `max_lines`) the program printed before it crashed: those
// after the crashing test's "[ RUN      ]" line and before the harness's
// "[  CRASH   ]" line (or the end of the output, when the program died without
// one), GoogleTest's own lines left out and gRPC's log prefix shortened to "gRPC: ".
std::vector<std::string> LastWordsBeforeCrash(const std::string& output,
                                              size_t max_lines = 6);

// What each test printed, in order, without GoogleTest's progress lines. `id` is
// "Suite.Name", or "" for what was printed outside any test.
struct PrintedOutput {
  std::string id;
  std::vector<std::string> lines;
};
std::vector<PrintedOutput> OutputByTest(const std::string& output);

}  // namespace lab::runner

#endif  // LAB_RUNNER_FAILURE_H_
