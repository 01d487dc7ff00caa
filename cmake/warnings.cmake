# Warnings for the lab's own code (generated protobuf code is left alone).
add_library(lab_warnings INTERFACE)
target_compile_options(lab_warnings INTERFACE -Wall -Wextra -Wno-unused-parameter)

# lld links a test binary in about half the time of the default linker, which matters
# when a learner waits for a verdict after every save.
find_program(LAB_LLD ld.lld)
if(LAB_LLD)
  add_link_options(-fuse-ld=lld)
endif()
