# LAB_SANITIZE=address,undefined (make sanitize) or thread. Applied to every target so
# that the learner's code, the harness and the tests are all instrumented.
if(LAB_SANITIZE)
  set(_flags -fsanitize=${LAB_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_compile_options(${_flags})
  add_link_options(${_flags})
  message(STATUS "Sanitizers: ${LAB_SANITIZE}")
endif()
