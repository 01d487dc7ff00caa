# Runs a graded test binary that must FAIL: the shipped starter (KIND=starter) or the
# solution with one mistake swapped in (KIND=mistake). It passes only when GoogleTest
# itself reports a failed test; a pass, a crash or a hang means the graded tests did
# not catch what they should have.
#   cmake -DKIND=... -DBINARY=... -DWHAT=<path shown to people> -DSOURCE_DIR=...
#         -DTIMEOUT=<s> [-DMUST_FAIL=<regex>] -P expect-fail.cmake
# MUST_FAIL: every test whose name matches must fail, not just one (the starter of a
# lesson graded by mutants kills none of them: each Kills... test fails).
if(KIND STREQUAL "starter")
  # A learner who has edited the lesson is not running the shipped starter any more.
  find_program(GIT git)
  if(GIT AND EXISTS ${SOURCE_DIR}/.git)
    execute_process(
      COMMAND ${GIT} status --porcelain -- ${WHAT}
      WORKING_DIRECTORY ${SOURCE_DIR}
      OUTPUT_VARIABLE changed
      RESULT_VARIABLE git_rc)
    if(git_rc EQUAL 0 AND NOT changed STREQUAL "")
      message(
        "SKIPPED: ${WHAT} has local edits, so it is not the shipped starter any more")
      return()
    endif()
  endif()
  set(what "the starter ${WHAT}")
else()
  # The description: the patch's "Mistake:" line and the lines after it, up to the
  # first blank line (the diff follows it); its first sentence is shown.
  file(STRINGS ${SOURCE_DIR}/${WHAT} head LIMIT_COUNT 8)
  set(first "")
  foreach(line IN LISTS head)
    if(line STREQUAL "" OR line MATCHES "^(--- |diff )")
      break()
    endif()
    string(APPEND first " ${line}")
  endforeach()
  string(REGEX REPLACE "^ *Mistake: *" "" first "${first}")
  string(REGEX REPLACE "^([^.]*\\.).*" "\\1" first "${first}") # the first sentence
  string(STRIP "${first}" first)
  set(what "the mistake ${WHAT} (${first})")
endif()

# A mistake is caught by its first failing test; the tests after it need not run.
# (A starter, and MUST_FAIL, need every test's verdict.)
set(fail_fast)
if(KIND STREQUAL "mistake" AND NOT MUST_FAIL)
  set(fail_fast --gtest_fail_fast)
endif()
execute_process(
  COMMAND ${BINARY} --gtest_brief=1 ${fail_fast}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out
  TIMEOUT ${TIMEOUT})

string(REGEX MATCHALL "\\[  FAILED  \\] [A-Za-z0-9_]+\\.[A-Za-z0-9_]+" failed "${out}")
list(REMOVE_DUPLICATES failed)
list(TRANSFORM failed REPLACE "^\\[  FAILED  \\] " "")
if(rc EQUAL 0)
  message(FATAL_ERROR "NOT CAUGHT: every graded test passed on ${what}.\n"
                      "The graded tests must fail here; add or sharpen a test.")
elseif(NOT rc MATCHES "^[0-9]+$")
  message(
    FATAL_ERROR "NOT CAUGHT CLEANLY: the test binary ended with '${rc}' on ${what}. "
                "A graded test should fail with a message, not crash or hang.\n${out}")
elseif(NOT failed)
  message(
    FATAL_ERROR
      "NOT CAUGHT CLEANLY: exit code ${rc} but no GoogleTest failure on ${what}."
      "\n${out}")
endif()
if(MUST_FAIL)
  execute_process(
    COMMAND ${BINARY} --gtest_list_tests
    OUTPUT_VARIABLE listing
    TIMEOUT ${TIMEOUT})
  string(REPLACE "\n" ";" listing "${listing}")
  set(suite "")
  set(passed)
  foreach(line IN LISTS listing)
    if(line MATCHES "^([A-Za-z0-9_]+)\\.")
      set(suite ${CMAKE_MATCH_1})
    elseif(line MATCHES "^  ([A-Za-z0-9_]+)")
      set(test ${suite}.${CMAKE_MATCH_1})
      list(FIND failed ${test} at) # (IN_LIST needs a policy that -P scripts lack)
      if(CMAKE_MATCH_1 MATCHES "${MUST_FAIL}" AND at EQUAL -1)
        list(APPEND passed ${test})
      endif()
    endif()
  endforeach()
  if(passed)
    string(REPLACE ";" ", " passed "${passed}")
    message(FATAL_ERROR "NOT CAUGHT: on ${what}, every test matching '${MUST_FAIL}' "
                        "must fail, but these passed: ${passed}")
  endif()
endif()
list(LENGTH failed n)
string(REPLACE ";" ", " failed "${failed}")
message("caught: ${what}\n  failed ${n}: ${failed}")
