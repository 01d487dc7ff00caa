# Builds one mistake's files: copies the solution files its patch touches into OUT_DIR
# and applies tests/NN-topic/mistakes/SLUG.patch to them (run by the build, see
# lab.cmake). A patch that no longer applies exactly fails the build and names it.
#   cmake -DPATCH=<file.patch> -DSOLUTION_DIR=<solutions/NN-topic> -DOUT_DIR=<dir>
#         -DFILES=<a.cc;b.cc> -DSOURCE_DIR=<repo root> -P apply-mistake.cmake
find_program(LAB_PATCH patch)
file(RELATIVE_PATH shown ${SOURCE_DIR} ${PATCH})
file(RELATIVE_PATH solution ${SOURCE_DIR} ${SOLUTION_DIR})
if(NOT LAB_PATCH)
  message(FATAL_ERROR "${shown}: the `patch` program is missing "
                      "(sudo apt-get install patch, or scripts/install-deps.sh)")
endif()
file(REMOVE_RECURSE ${OUT_DIR})
file(MAKE_DIRECTORY ${OUT_DIR})
foreach(f IN LISTS FILES)
  file(COPY ${SOLUTION_DIR}/${f} DESTINATION ${OUT_DIR})
endforeach()
# --fuzz=0: the context must match exactly, so a patch cannot silently land in the
# wrong place of a solution that has moved on.
execute_process(
  COMMAND ${LAB_PATCH} --batch --forward --fuzz=0 --no-backup-if-mismatch --reject-file=-
          -p1 -d ${OUT_DIR} -i ${PATCH}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  file(REMOVE_RECURSE ${OUT_DIR})
  message(
    FATAL_ERROR
      "MISTAKE DOES NOT APPLY: ${shown} no longer applies to ${solution}/.\n"
      "The solution has changed under it. Re-make the mistake on the current "
      "solution (scripts/make-mistake.sh prints how), or delete it.\n"
      "patch said:\n${out}")
endif()
