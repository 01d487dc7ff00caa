# Warnings. The lab's own code (solutions, given code, mains, tests, tools) links
# lab_warnings and builds with -Werror: what learners copy and what grades them has no
# warnings. Learner code (the starters, whose parameters are unused by design, and the
# mistakes) links lab_learner_warnings: the same warnings, never fatal. Generated
# protobuf code is left alone.
add_library(lab_learner_warnings INTERFACE)
target_compile_options(lab_learner_warnings INTERFACE -Wall -Wextra -Wno-unused-parameter)
add_library(lab_warnings INTERFACE)
target_link_libraries(lab_warnings INTERFACE lab_learner_warnings)
target_compile_options(lab_warnings INTERFACE -Werror)

# lld links a test binary in about half the time of the default linker, which matters
# when a learner waits for a verdict after every save.
find_program(LAB_LLD ld.lld)
if(LAB_LLD)
  add_link_options(-fuse-ld=lld)
endif()
