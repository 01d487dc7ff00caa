# The only place that knows how a lesson is built.
#
# A lesson folder lessons/NN-topic/ holds the contract headers (*.h), the files the
# learner edits (*.cc, or a .proto in lesson 01), tiny mains (*_main.cc) and one
# CMakeLists.txt with one lab_lesson() call. Everything else is found by convention:
#
#   solutions/NN-topic/*          the edit files, completed (their names say which files
#                                 the learner edits)
#   tests/NN-topic/*.cc           the graded tests
#   tests/NN-topic/mistakes/SLUG.patch
#                                 a wrong answer: "Mistake: <one sentence>", then a
#                                 unified diff (a/FILE, b/FILE) against solution files
#   tests/NN-topic/mutants/SLUG.patch
#                                 (MUTANTS lessons only, see lab_lesson) a bug in the
#                                 given code: "Mutant: <one sentence>", then a diff
#
# From that, lab_lesson() makes, for NN:
#   lessonNN / solutionNN / mistakeNN_SLUG    libraries (learner / reference / wrong)
#   lessonNN_ROLE / solutionNN_ROLE           mains in build/bin/ from ROLE_main.cc
#   test_lessonNN / test_solutionNN / test_mistakeNN_SLUG   graded test binaries
# and registers with ctest:
#   solutionNN.<Suite>.<Test>  label solution  every graded test must pass
#   lessonNN                   label lesson    the learner's current state
#   starterNN                  label starter   the shipped starter must fail
#   mistakeNN.SLUG             label mistake   the graded tests must catch the mistake

set(LAB_TEST_TIMEOUT
    60
    CACHE STRING "ctest timeout (s) for one graded test binary")

# ---------------------------------------------------------------------------------
# Precompiled headers: gRPC and protobuf headers parse once, not per file. Two of them,
# because GoogleTest's targets add compile definitions that a PCH must match: lab_pch
# for the learner's libraries and mains, lab_test_pch for tests and the harness.
# What the learner's code includes nearly everywhere (lessonNN_pch adds the lesson's
# generated service headers to it).
set(LAB_PCH_HEADERS <grpcpp/grpcpp.h> <google/protobuf/message.h> <string> <vector>
                    <memory> <map>)
if(LAB_PCH)
  add_library(lab_pch OBJECT ${CMAKE_SOURCE_DIR}/cmake/pch.cc)
  target_link_libraries(lab_pch PRIVATE gRPC::grpc++ Threads::Threads lab_warnings)
  target_precompile_headers(lab_pch PRIVATE ${LAB_PCH_HEADERS})
  # The mains parse CLI11 too. It has a PCH of its own: in lab_pch it would add about 3 s
  # to every learner file (measured: 1.6 s -> 4.5 s for one .cc).
  add_library(lab_main_pch OBJECT ${CMAKE_SOURCE_DIR}/cmake/pch.cc)
  target_link_libraries(lab_main_pch PRIVATE gRPC::grpc++ CLI11::CLI11 Threads::Threads
                                             lab_warnings)
  target_precompile_headers(
    lab_main_pch
    PRIVATE
    <grpcpp/grpcpp.h>
    <CLI/CLI.hpp>
    <string>
    <vector>
    <memory>)
  add_library(lab_test_pch OBJECT ${CMAKE_SOURCE_DIR}/cmake/pch.cc)
  target_link_libraries(lab_test_pch PRIVATE gRPC::grpc++ GTest::gtest GTest::gmock
                                             Threads::Threads lab_warnings)
  target_precompile_headers(
    lab_test_pch
    PRIVATE
    <grpcpp/grpcpp.h>
    <google/protobuf/message.h>
    <google/protobuf/util/json_util.h>
    <gtest/gtest.h>
    <gmock/gmock.h>
    <string>
    <vector>
    <memory>
    <map>)
endif()

# lab_use_pch(target [TEST|MAIN]): reuse one of the precompiled headers above.
function(lab_use_pch target)
  if(LAB_PCH)
    if(ARGV1 STREQUAL "TEST")
      target_precompile_headers(${target} REUSE_FROM lab_test_pch)
    elseif(ARGV1 STREQUAL "MAIN")
      target_precompile_headers(${target} REUSE_FROM lab_main_pch)
    else()
      target_precompile_headers(${target} REUSE_FROM lab_pch)
    endif()
  endif()
endfunction()

# ---------------------------------------------------------------------------------
# lab_proto_library(NAME target PROTOS a.proto... [OUT_DIR dir] [APPEND_PATH] [DEPS t...])
# Compiles .proto files into a static library with messages (protoc) and service stubs
# (grpc_cpp_plugin). Generated headers land under OUT_DIR (default: this folder's build
# dir), at the path of the .proto relative to its import root, so that
# `#include "unary.grpc.pb.h"` works for anything that links the library.
function(lab_proto_library)
  cmake_parse_arguments(arg "APPEND_PATH" "NAME;OUT_DIR" "PROTOS;DEPS;IMPORT_DIRS"
                        ${ARGN})
  if(NOT arg_OUT_DIR)
    set(arg_OUT_DIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set(path_mode)
  if(arg_APPEND_PATH)
    set(path_mode APPEND_PATH)
  endif()
  file(MAKE_DIRECTORY ${arg_OUT_DIR})
  protobuf_generate(
    LANGUAGE
    cpp
    ${path_mode}
    PROTOS
    ${arg_PROTOS}
    IMPORT_DIRS
    ${arg_IMPORT_DIRS}
    PROTOC_OUT_DIR
    ${arg_OUT_DIR}
    OUT_VAR
    messages)
  # The service stubs come with gMock classes of them (generate_mock_code=true):
  # `#include "unary_mock.grpc.pb.h"` gives MockUnaryServiceStub. The option only adds
  # that header; the other generated files are the same with or without it.
  # (protobuf_generate in CMake 3.25 cannot pass a plugin option, hence the command.)
  set(services)
  foreach(proto IN LISTS arg_PROTOS)
    get_filename_component(abs ${proto} ABSOLUTE)
    get_filename_component(base ${proto} NAME_WLE)
    get_filename_component(dir ${abs} DIRECTORY)
    if(arg_APPEND_PATH)
      set(includes -I ${dir})
      set(out ${arg_OUT_DIR}/${base})
    else()
      set(includes -I ${CMAKE_CURRENT_SOURCE_DIR})
      file(RELATIVE_PATH rel ${CMAKE_CURRENT_SOURCE_DIR} ${dir}/${base})
      set(out ${arg_OUT_DIR}/${rel})
    endif()
    foreach(import IN LISTS arg_IMPORT_DIRS)
      get_filename_component(import ${import} ABSOLUTE)
      list(APPEND includes -I ${import})
    endforeach()
    set(generated ${out}.grpc.pb.h ${out}.grpc.pb.cc ${out}_mock.grpc.pb.h)
    add_custom_command(
      OUTPUT ${generated}
      COMMAND
        protobuf::protoc --grpc_out=generate_mock_code=true:${arg_OUT_DIR}
        --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin> ${includes} ${abs}
      DEPENDS ${abs} protobuf::protoc gRPC::grpc_cpp_plugin
      COMMENT "Running grpc protocol buffer compiler on ${proto}"
      VERBATIM)
    list(APPEND services ${generated})
  endforeach()
  add_library(${arg_NAME} STATIC ${messages} ${services})
  target_include_directories(${arg_NAME} SYSTEM PUBLIC ${arg_OUT_DIR})
  target_link_libraries(${arg_NAME} PUBLIC protobuf::libprotobuf gRPC::grpc++ ${arg_DEPS})
endfunction()

# ---------------------------------------------------------------------------------
# lab_add_lessons(): every lessons/NN-*/ folder, in order.
function(lab_add_lessons)
  file(
    GLOB lessons
    LIST_DIRECTORIES true
    CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/lessons/[0-9][0-9]-*)
  list(SORT lessons)
  foreach(dir IN LISTS lessons)
    if(IS_DIRECTORY ${dir} AND EXISTS ${dir}/CMakeLists.txt)
      add_subdirectory(${dir})
    endif()
  endforeach()
  # What make sanitize builds: every solution's tests, or under ThreadSanitizer only
  # those of the lessons marked THREADS.
  get_property(all GLOBAL PROPERTY LAB_LESSONS)
  get_property(threaded GLOBAL PROPERTY LAB_THREAD_LESSONS)
  list(TRANSFORM all PREPEND solution-)
  list(TRANSFORM threaded PREPEND solution-)
  if(LAB_SANITIZE MATCHES "thread")
    add_custom_target(sanitize-build DEPENDS ${threaded})
  else()
    add_custom_target(sanitize-build DEPENDS ${all})
  endif()
endfunction()

# Compile settings of a lesson's object libraries: those of the libraries they go into.
function(_lab_object_setup target libs)
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE ${libs} gRPC::grpc++ protobuf::libprotobuf
                                          Threads::Threads lab_warnings)
  lab_use_pch(${target})
endfunction()

# _lab_variant(NAME name KIND lesson|solution|mistake BIN_PREFIX p SOURCES files... LIBS ...)
# One build of a lesson's library from a given set of edit files.
function(_lab_variant)
  cmake_parse_arguments(arg "" "NAME;KIND;BIN_PREFIX" "SOURCES;LIBS" ${ARGN})
  set(gen_dir ${CMAKE_CURRENT_BINARY_DIR}/${arg_NAME})
  set(sources)
  set(protos)
  foreach(src IN LISTS arg_SOURCES)
    if(src MATCHES "\\.proto$")
      list(APPEND protos ${src})
    else()
      list(APPEND sources ${src})
    endif()
  endforeach()

  add_library(${arg_NAME} STATIC)
  if(protos)
    # protoc reads the learner's (or the solution's, or a mistake's patched copy)
    # file itself, so its errors point at the file that was edited.
    lab_proto_library(
      NAME ${arg_NAME}_proto
      PROTOS ${protos}
      OUT_DIR ${gen_dir}
      APPEND_PATH)
    target_link_libraries(${arg_NAME} PUBLIC ${arg_NAME}_proto)
  endif()
  target_sources(${arg_NAME} PRIVATE ${sources})
  target_include_directories(${arg_NAME} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  # The learner's files and the mistakes may warn; the solution's may not. The
  # learner's files get LAB_LEARNER_DEBUG_INFO (see the option in CMakeLists.txt).
  set(warnings lab_learner_warnings)
  if(arg_KIND STREQUAL "solution")
    set(warnings lab_warnings)
  elseif(arg_KIND STREQUAL "lesson" AND CMAKE_BUILD_TYPE STREQUAL "Debug")
    target_compile_options(${arg_NAME} PRIVATE ${LAB_LEARNER_DEBUG_INFO})
  endif()
  target_link_libraries(
    ${arg_NAME}
    PUBLIC ${arg_LIBS} gRPC::grpc++ protobuf::libprotobuf Threads::Threads
    PRIVATE ${warnings})
  if(sources MATCHES "\\.cc")
    if(arg_KIND STREQUAL "lesson" AND TARGET ${arg_NAME}_pch)
      target_precompile_headers(${arg_NAME} REUSE_FROM ${arg_NAME}_pch)
    else()
      lab_use_pch(${arg_NAME})
    endif()
  endif()
  set_target_properties(${arg_NAME} PROPERTIES LAB_KIND ${arg_KIND} LAB_BIN_PREFIX
                                                                    ${arg_BIN_PREFIX})
endfunction()

# _lab_test_binary(NAME variant ...): test_<variant>, the graded tests linked against
# one variant's library, plus a generated file that tells the harness which lesson and
# which variant it is testing (see tests/support/lab/lesson_info.h).
function(_lab_test_binary variant)
  if(LAB_MUTANTS)
    _lab_mutation_test_binary(${variant})
    return()
  endif()
  _lab_info_file(${variant} info)
  get_target_property(prefix ${variant} LAB_BIN_PREFIX)
  if(LAB_SHARED_TEST_OBJECTS)
    add_executable(test_${variant} $<TARGET_OBJECTS:lesson${LAB_NN}_tests> ${info})
  else()
    add_executable(test_${variant} ${LAB_TEST_SOURCES} ${info})
    lab_use_pch(test_${variant} TEST)
  endif()
  target_link_libraries(test_${variant} PRIVATE ${variant} lab_test_support lab_warnings)
  foreach(role IN LISTS LAB_ROLES)
    add_dependencies(test_${variant} ${prefix}_${role})
  endforeach()
  add_dependencies(test_${variant} lab_certs) # tests may use <build>/certs (0.4 s once)
endfunction()

# _lab_info_file(variant out_var): writes <variant>_info.cc, which tells the harness which
# lesson and which variant it is testing (see tests/support/lab/lesson_info.h).
function(_lab_info_file variant out_var)
  set(info ${CMAKE_CURRENT_BINARY_DIR}/${variant}_info.cc)
  get_target_property(prefix ${variant} LAB_BIN_PREFIX)
  get_target_property(kind ${variant} LAB_KIND)
  string(REPLACE ";" " " files "${LAB_EDIT_FILES}")
  file(
    GENERATE
    OUTPUT ${info}
    CONTENT
      "// Generated by cmake/lab.cmake for ${variant}.
#include \"lab/lesson_info.h\"
namespace lab::testing {
const LessonInfo& ThisLesson() {
  static const LessonInfo info{\"${LAB_NN}\", \"lessons/${LAB_FOLDER}\", \"${files}\",
                               \"${kind}\", \"${prefix}\", \"${CMAKE_BINARY_DIR}/bin\",
                               \"${CMAKE_BINARY_DIR}\"};
  return info;
}
}  // namespace lab::testing
")
  set(${out_var}
      ${info}
      PARENT_SCOPE)
endfunction()

# _lab_mistake_files(patch folder edit_files out_var [WORD dir]): the files a mistake's
# patch changes (its "+++ b/FILE" lines), each of which must be an edit file of lesson
# folder. A mutant's patch (WORD Mutant) changes given files of lessons/folder (dir).
function(_lab_mistake_files patch folder edit_files out_var)
  set(word Mistake)
  set(dir solutions/${folder})
  if(ARGC GREATER 4)
    set(word ${ARGV4})
    set(dir ${ARGV5})
  endif()
  string(TOLOWER ${word} kind)
  file(RELATIVE_PATH shown ${CMAKE_SOURCE_DIR} ${patch})
  if(NOT patch MATCHES "/([a-z0-9-]+)\\.patch$")
    message(FATAL_ERROR "${shown}: a ${kind} is SLUG.patch (lower case, digits, dashes), "
                        "e.g. internal-for-unknown.patch")
  endif()
  file(STRINGS ${patch} head LIMIT_COUNT 1)
  if(NOT head MATCHES "^${word}: ")
    message(FATAL_ERROR "${shown}: the first line must be `${word}: <one sentence>`")
  endif()
  file(STRINGS ${patch} targets REGEX "^\\+\\+\\+ ")
  set(files)
  foreach(t IN LISTS targets)
    string(REGEX REPLACE "^\\+\\+\\+ b/([^\t ]+).*$" "\\1" f "${t}")
    if(NOT f IN_LIST edit_files)
      message(FATAL_ERROR "${shown} changes '${f}', which is not a file of "
                          "${dir}/ (paths are b/FILE)")
    endif()
    list(APPEND files ${f})
  endforeach()
  if(NOT files)
    message(FATAL_ERROR "${shown} has no diff (no `+++ b/FILE` line)")
  endif()
  list(REMOVE_DUPLICATES files)
  set(${out_var}
      ${files}
      PARENT_SCOPE)
endfunction()

# _lab_patch_copies(patch kind from_dir names): for a mistake (kind "mistake", names: the
# edit files, from_dir: the solution) or a mutant (kind "mutant", names: the given files,
# from_dir: the lesson), checks the patch (see _lab_mistake_files) and adds the command
# that applies it to copies of the files it changes. Sets in the caller: touched (those
# files), patched (the copies, to compile) in patched_dir, slug and id (the slug as an
# identifier).
# Uses the caller's nn and folder.
function(_lab_patch_copies patch kind from_dir names)
  if(kind STREQUAL "mutant")
    _lab_mistake_files(${patch} ${folder} "${names}" files Mutant lessons/${folder})
  else()
    _lab_mistake_files(${patch} ${folder} "${names}" files)
  endif()
  get_filename_component(name ${patch} NAME_WE)
  string(REPLACE "-" "_" ident ${name})
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/${kind}${nn}_${ident}/src)
  set(copies ${files})
  list(TRANSFORM copies PREPEND ${out_dir}/)
  set(originals ${files})
  list(TRANSFORM originals PREPEND ${from_dir}/)
  add_custom_command(
    OUTPUT ${copies}
    COMMAND
      ${CMAKE_COMMAND} -DPATCH=${patch} -DSOLUTION_DIR=${from_dir} -DOUT_DIR=${out_dir}
      "-DFILES=${files}" -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -P
      ${CMAKE_SOURCE_DIR}/cmake/apply-mistake.cmake
    DEPENDS ${patch} ${originals} ${CMAKE_SOURCE_DIR}/cmake/apply-mistake.cmake
    COMMENT "${kind} ${nn} ${name}: applying tests/${folder}/${kind}s/${name}.patch"
    VERBATIM)
  set(touched
      ${files}
      PARENT_SCOPE)
  set(patched
      ${copies}
      PARENT_SCOPE)
  set(slug
      ${name}
      PARENT_SCOPE)
  set(id
      ${ident}
      PARENT_SCOPE)
  set(patched_dir
      ${out_dir}
      PARENT_SCOPE)
endfunction()

# _lab_learner_pch(nn protos libs shared [tests]): lessonNN_pch, the precompiled header
# for the learner's files: lab_pch's headers plus the lesson's generated service headers,
# which every edit file includes. Measured on lesson 03: one edit file compiles in 0.90 s
# instead of 1.18 s; the header itself takes about 7 s once, on the first check. When the
# edit files are tests (a MUTANTS lesson), GoogleTest, gMock and grpcpp/test/mock_stream.h
# too; not the generated *_mock.grpc.pb.h, which has no include guard (gRPC 1.51).
function(_lab_learner_pch nn protos libs shared)
  set(tests FALSE)
  if(ARGC GREATER 4) # (ARGV4 beyond ARGC would be the caller's)
    set(tests ${ARGV4})
  endif()
  if(NOT LAB_PCH OR NOT shared)
    return() # an edited .proto (lesson 01) has a generated header per variant
  endif()
  set(generated)
  foreach(p IN LISTS protos)
    get_target_property(srcs ${p} SOURCES)
    foreach(src IN LISTS srcs)
      if(src MATCHES "\\.grpc\\.pb\\.cc$")
        string(REGEX REPLACE "\\.cc$" ".h" header ${src})
        list(APPEND generated ${header})
      endif()
    endforeach()
  endforeach()
  if(NOT generated)
    return()
  endif()
  add_library(lesson${nn}_pch OBJECT ${CMAKE_SOURCE_DIR}/cmake/pch.cc)
  target_link_libraries(
    lesson${nn}_pch PRIVATE ${libs} gRPC::grpc++ protobuf::libprotobuf Threads::Threads
                            lab_learner_warnings)
  if(CMAKE_BUILD_TYPE STREQUAL "Debug")
    target_compile_options(lesson${nn}_pch PRIVATE ${LAB_LEARNER_DEBUG_INFO})
  endif()
  if(tests)
    target_link_libraries(lesson${nn}_pch PRIVATE GTest::gmock GTest::gtest)
    list(APPEND generated <gtest/gtest.h> <gmock/gmock.h> <grpcpp/test/mock_stream.h>)
  endif()
  target_precompile_headers(lesson${nn}_pch PRIVATE ${LAB_PCH_HEADERS} ${generated})
endfunction()

# ---------------------------------------------------------------------------------
# A MUTANTS lesson (lab_lesson(MUTANTS ...)) teaches testing: its edit files are
# GoogleTest tests of the lesson's given code, which is the code under test. Its
# tests/NN-topic/mutants/SLUG.patch are bugs in the given code ("Mutant: <the behaviour
# broken, in words>", optionally "Untested: <what a test that catches it checks>", a
# blank line, a diff against lessons/NN-topic/ files). The build compiles the given code
# once as it is (the reference) and once per mutant, and links each variant's tests
# (the learner's, the solution's, each mistake's) against each of them:
#   <build>/mutation/VARIANT/reference   the variant's tests on the reference code
#   <build>/mutation/VARIANT/SLUG        ... on mutant SLUG
# The graded tests (test_VARIANT) run those programs and find them, with each mutant's
# words, through lab::testing::MutationBuilds() (tests/support/lab/mutation.h). A
# variant's test files compile once; a mutant's one changed file compiles once; what a
# save of the learner's tests costs is their compile and the links.

# _lab_mutation_objects(target kind sources...): an object library of tests.
function(_lab_mutation_objects target kind)
  add_library(${target} OBJECT ${ARGN})
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE ${libs} GTest::gmock GTest::gtest
                                          Threads::Threads)
  if(kind STREQUAL "solution")
    target_link_libraries(${target} PRIVATE lab_warnings)
    lab_use_pch(${target} TEST)
  else()
    target_link_libraries(${target} PRIVATE lab_learner_warnings)
    if(kind STREQUAL "lesson" AND CMAKE_BUILD_TYPE STREQUAL "Debug")
      target_compile_options(${target} PRIVATE ${LAB_LEARNER_DEBUG_INFO})
    endif()
    if(kind STREQUAL "lesson" AND TARGET lesson${nn}_pch)
      target_precompile_headers(${target} REUSE_FROM lesson${nn}_pch)
    else()
      lab_use_pch(${target} TEST)
    endif()
  endif()
endfunction()

# _lab_mutation_programs(variant kind objects...): the variant's tests linked against
# the reference code and each mutant (codes, code_objs_* from _lab_mutation_variants).
function(_lab_mutation_programs variant kind)
  if(kind STREQUAL "solution")
    add_library(${variant} INTERFACE)
  endif()
  set_target_properties(${variant} PROPERTIES LAB_KIND ${kind} LAB_BIN_PREFIX ${variant})
  set(programs)
  foreach(code IN LISTS codes)
    string(REPLACE "-" "_" id ${code})
    add_executable(${variant}_on_${id} ${ARGN} ${code_objs_${code}})
    target_link_libraries(
      ${variant}_on_${id}
      PRIVATE ${libs}
              GTest::gmock_main
              GTest::gmock
              GTest::gtest
              gRPC::grpc++
              protobuf::libprotobuf
              Threads::Threads)
    set_target_properties(
      ${variant}_on_${id}
      PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/mutation/${variant}
                 OUTPUT_NAME ${code})
    list(APPEND programs ${variant}_on_${id})
  endforeach()
  set_target_properties(${variant} PROPERTIES LAB_MUTATION_PROGRAMS "${programs}")
endfunction()

# _lab_mutation_variants(): called by lab_lesson (whose variables it reads) for a
# MUTANTS lesson; sets slugs and mistake_file_SLUG there, as the usual path does.
function(_lab_mutation_variants)
  if(mains)
    message(FATAL_ERROR "lessons/${folder}: a MUTANTS lesson has no mains (${mains})")
  endif()
  set(given_names ${given})
  list(TRANSFORM given_names REPLACE "^.*/" "")
  if(NOT given_names)
    message(FATAL_ERROR "lessons/${folder}: a MUTANTS lesson needs given code to test")
  endif()
  # The code under test, each file once as it is...
  set(codes reference)
  set(code_objs_reference)
  foreach(f IN LISTS given_names)
    string(MAKE_C_IDENTIFIER ${f} id)
    add_library(lesson${nn}_given_${id} OBJECT ${lesson_dir}/${f})
    _lab_object_setup(lesson${nn}_given_${id} "${libs}")
    set(given_obj_${f} $<TARGET_OBJECTS:lesson${nn}_given_${id}>)
    list(APPEND code_objs_reference ${given_obj_${f}})
  endforeach()
  # ... and each mutant: its patch applied to copies of the files it changes.
  file(GLOB mutants CONFIGURE_DEPENDS ${test_dir}/mutants/*)
  list(SORT mutants)
  if(NOT mutants)
    message(FATAL_ERROR "a MUTANTS lesson needs tests/${folder}/mutants/SLUG.patch")
  endif()
  set(mutant_info)
  foreach(m IN LISTS mutants)
    _lab_patch_copies(${m} mutant ${lesson_dir} "${given_names}")
    add_library(mutant${nn}_${id} OBJECT ${patched})
    _lab_object_setup(mutant${nn}_${id} "${libs}")
    set(objs $<TARGET_OBJECTS:mutant${nn}_${id}>)
    foreach(f IN LISTS given_names)
      if(NOT f IN_LIST touched)
        list(APPEND objs ${given_obj_${f}})
      endif()
    endforeach()
    list(APPEND codes ${slug})
    set(code_objs_${slug} ${objs})
    # Its words, for the graded tests' messages: never its code.
    file(STRINGS ${m} what LIMIT_COUNT 1)
    file(STRINGS ${m} untested REGEX "^Untested: ")
    string(REGEX REPLACE "^Mutant: *" "" what "${what}")
    string(REGEX REPLACE "^Untested: *" "" untested "${untested}")
    foreach(v what untested)
      string(REPLACE "\\" "\\\\" ${v} "${${v}}")
      string(REPLACE "\"" "\\\"" ${v} "${${v}}")
    endforeach()
    string(REPLACE ";" ", " changed "${touched}")
    string(
      APPEND mutant_info
      "    {\"${slug}\", \"${changed}\", \"${what}\", \"${untested}\", \"@${id}@\"},\n")
  endforeach()

  # The tests: the learner's, the solution's (one object library per file, shared by
  # the mistakes), and each mistake's (the files its patch changes).
  _lab_learner_pch(${nn} "${arg_PROTOS}" "${libs}" TRUE TRUE)
  _lab_mutation_objects(lesson${nn} lesson ${lesson_srcs})
  _lab_mutation_programs(lesson${nn} lesson $<TARGET_OBJECTS:lesson${nn}>)
  foreach(f IN LISTS edit_files)
    string(MAKE_C_IDENTIFIER ${f} id)
    _lab_mutation_objects(solution${nn}_${id} solution ${solution_dir}/${f})
    set(solution_obj_${f} $<TARGET_OBJECTS:solution${nn}_${id}>)
    list(APPEND solution_objs ${solution_obj_${f}})
  endforeach()
  _lab_mutation_programs(solution${nn} solution ${solution_objs})

  file(GLOB mistakes CONFIGURE_DEPENDS ${test_dir}/mistakes/*)
  list(SORT mistakes)
  set(slugs)
  foreach(m IN LISTS mistakes)
    _lab_patch_copies(${m} mistake ${solution_dir} "${edit_files}")
    _lab_mutation_objects(mistake${nn}_${id} mistake ${patched})
    set(objs $<TARGET_OBJECTS:mistake${nn}_${id}>)
    foreach(f IN LISTS edit_files)
      if(NOT f IN_LIST touched)
        list(APPEND objs ${solution_obj_${f}})
      endif()
    endforeach()
    _lab_mutation_programs(mistake${nn}_${id} mistake ${objs})
    list(APPEND slugs ${slug})
    set(mistake_file_${slug}
        ${m}
        PARENT_SCOPE)
  endforeach()
  set(slugs
      ${slugs}
      PARENT_SCOPE)
  set(LAB_MUTANT_CODES
      ${codes}
      PARENT_SCOPE)
  set(LAB_MUTANT_INFO
      "${mutant_info}"
      PARENT_SCOPE)
endfunction()

# _lab_mutation_test_binary(variant): test_<variant> of a MUTANTS lesson: the graded
# tests, and a generated file with the paths of the variant's programs (see above).
function(_lab_mutation_test_binary variant)
  _lab_info_file(${variant} info)
  set(builds ${CMAKE_CURRENT_BINARY_DIR}/${variant}_mutation.cc)
  set(entries "${LAB_MUTANT_INFO}")
  foreach(code IN LISTS LAB_MUTANT_CODES)
    string(REPLACE "-" "_" id ${code})
    string(REPLACE "@${id}@" "$<TARGET_FILE:${variant}_on_${id}>" entries "${entries}")
  endforeach()
  file(
    GENERATE
    OUTPUT ${builds}
    CONTENT
      "// Generated by cmake/lab.cmake for ${variant}.
#include \"lab/mutation.h\"
namespace lab::testing {
const MutationBuilds& TheMutationBuilds() {
  static const MutationBuilds builds{
    \"$<TARGET_FILE:${variant}_on_reference>\",
    {
${entries}    }};
  return builds;
}
}  // namespace lab::testing
")
  add_executable(test_${variant} $<TARGET_OBJECTS:lesson${LAB_NN}_tests> ${info}
                                 ${builds})
  target_link_libraries(test_${variant} PRIVATE lab_test_support lab_warnings)
  get_target_property(programs ${variant} LAB_MUTATION_PROGRAMS)
  add_dependencies(test_${variant} ${programs})
endfunction()

# lab_lesson([THREADS] [MUTANTS] [PROTOS targets...] [LIBS targets...])
#   THREADS the lesson is about concurrency: make sanitize also runs its solution's
#           graded tests under ThreadSanitizer (ctest label tsan)
#   MUTANTS the edit files are tests of the given code, graded by mutants (see above)
#   PROTOS  proto libraries from proto/ that the lesson uses (e.g. unary_proto)
#   LIBS    other libraries (e.g. gRPC::grpc++_reflection)
#   EARLIER numbers of earlier lessons whose code this lesson builds on (e.g. 17 20):
#           the learner's build links their lessonNN (the learner's own earlier work),
#           the solution's and the mistakes' link solutionNN
function(lab_lesson)
  cmake_parse_arguments(arg "THREADS;MUTANTS" "" "PROTOS;LIBS;EARLIER" ${ARGN})
  get_filename_component(folder ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  if(NOT folder MATCHES "^([0-9][0-9])-[a-z0-9-]+$")
    message(FATAL_ERROR "lesson folder '${folder}' must be named NN-topic")
  endif()
  set(nn ${CMAKE_MATCH_1})
  set(lesson_dir ${CMAKE_CURRENT_SOURCE_DIR})
  set(solution_dir ${CMAKE_SOURCE_DIR}/solutions/${folder})
  set(test_dir ${CMAKE_SOURCE_DIR}/tests/${folder})
  foreach(d ${solution_dir} ${test_dir})
    if(NOT IS_DIRECTORY ${d})
      message(FATAL_ERROR "lessons/${folder} needs ${d}")
    endif()
  endforeach()

  # The edit files are, by definition, the files in solutions/NN-topic/.
  file(
    GLOB edit_files CONFIGURE_DEPENDS
    RELATIVE ${solution_dir}
    ${solution_dir}/*)
  list(SORT edit_files)
  foreach(f IN LISTS edit_files)
    if(NOT EXISTS ${lesson_dir}/${f})
      message(
        FATAL_ERROR "solutions/${folder}/${f} has no starter lessons/${folder}/${f}")
    endif()
  endforeach()
  file(
    GLOB all_sources CONFIGURE_DEPENDS
    RELATIVE ${lesson_dir}
    ${lesson_dir}/*.cc ${lesson_dir}/*.proto)
  set(mains ${all_sources})
  list(FILTER mains INCLUDE REGEX "_main\\.cc$")
  set(given ${all_sources})
  list(FILTER given EXCLUDE REGEX "_main\\.cc$")
  list(REMOVE_ITEM given ${edit_files})
  list(TRANSFORM given PREPEND ${lesson_dir}/)

  set(roles)
  foreach(m IN LISTS mains)
    string(REGEX REPLACE "_main\\.cc$" "" role ${m})
    list(APPEND roles ${role})
  endforeach()

  file(GLOB test_sources CONFIGURE_DEPENDS ${test_dir}/*.cc)
  if(NOT test_sources)
    message(FATAL_ERROR "tests/${folder} has no graded tests (*.cc)")
  endif()
  set(libs ${arg_PROTOS} ${arg_LIBS})
  set(earlier_lesson ${arg_EARLIER})
  set(earlier_solution ${arg_EARLIER})
  list(TRANSFORM earlier_lesson PREPEND lesson)
  list(TRANSFORM earlier_solution PREPEND solution)
  # What compiles once for every variant (given files, solution files, tests) sees the
  # earlier lessons' headers through their solution builds (the headers are the same).
  set(shared_libs ${libs} ${earlier_solution})

  # Variants: the learner's files, the solution's, and one per mistake. When no .proto
  # is edited, every variant sees the same headers, so the given files and each
  # solution file compile once (object libraries) and a mistake compiles one file.
  set(shared TRUE)
  if(edit_files MATCHES "\\.proto")
    set(shared FALSE)
  endif()
  set(given_objs ${given})
  set(lesson_srcs)
  foreach(f IN LISTS edit_files)
    list(APPEND lesson_srcs ${lesson_dir}/${f})
    set(solution_obj_${f} ${solution_dir}/${f})
  endforeach()
  if(arg_MUTANTS)
    _lab_mutation_variants()
  else()
    if(shared)
      if(given)
        add_library(lesson${nn}_given OBJECT ${given})
        _lab_object_setup(lesson${nn}_given "${shared_libs}")
        set(given_objs $<TARGET_OBJECTS:lesson${nn}_given>)
      endif()
      foreach(f IN LISTS edit_files)
        string(MAKE_C_IDENTIFIER ${f} id)
        add_library(solution${nn}_${id} OBJECT ${solution_dir}/${f})
        _lab_object_setup(solution${nn}_${id} "${shared_libs}")
        set(solution_obj_${f} $<TARGET_OBJECTS:solution${nn}_${id}>)
      endforeach()
    endif()
    set(solution_srcs ${given_objs})
    foreach(f IN LISTS edit_files)
      list(APPEND solution_srcs ${solution_obj_${f}})
    endforeach()
    _lab_learner_pch(${nn} "${arg_PROTOS}" "${libs};${earlier_lesson}" ${shared})
    _lab_variant(
      NAME lesson${nn}
      KIND lesson
      BIN_PREFIX lesson${nn}
      SOURCES ${given_objs} ${lesson_srcs}
      LIBS ${libs} ${earlier_lesson})
    _lab_variant(
      NAME solution${nn}
      KIND solution
      BIN_PREFIX solution${nn}
      SOURCES ${solution_srcs}
      LIBS ${libs} ${earlier_solution})

    file(GLOB mistakes CONFIGURE_DEPENDS ${test_dir}/mistakes/*)
    list(SORT mistakes)
    set(slugs)
    foreach(m IN LISTS mistakes)
      # The build applies the patch to copies of the solution files it touches; the
      # other edit files are the solution's, already compiled.
      _lab_patch_copies(${m} mistake ${solution_dir} "${edit_files}")
      set(srcs ${given_objs})
      foreach(f IN LISTS edit_files)
        if(f IN_LIST touched)
          list(APPEND srcs ${patched_dir}/${f})
        else()
          list(APPEND srcs ${solution_obj_${f}})
        endif()
      endforeach()
      # Mistakes use the solution's mains: they differ only in the patched files.
      _lab_variant(
        NAME mistake${nn}_${id}
        KIND mistake
        BIN_PREFIX solution${nn}
        SOURCES ${srcs}
        LIBS ${libs} ${earlier_solution})
      list(APPEND slugs ${slug})
      set(mistake_file_${slug} ${m})
    endforeach()

    foreach(prefix lesson${nn} solution${nn})
      foreach(role IN LISTS roles)
        add_executable(${prefix}_${role} ${lesson_dir}/${role}_main.cc)
        target_link_libraries(${prefix}_${role} PRIVATE ${prefix} lab_warnings)
        lab_use_pch(${prefix}_${role} MAIN)
      endforeach()
    endforeach()
  endif()

  # The graded tests compile once when shared (see above); with an edited .proto each
  # variant has its own generated header, so each test binary compiles them again.
  set(LAB_NN ${nn})
  set(LAB_FOLDER ${folder})
  set(LAB_EDIT_FILES ${edit_files})
  set(LAB_ROLES ${roles})
  set(LAB_TEST_SOURCES ${test_sources})
  set(LAB_SHARED_TEST_OBJECTS ${shared})
  set(LAB_MUTANTS ${arg_MUTANTS})
  if(shared)
    # The headers and libraries every variant shares, not a variant itself: linking
    # solutionNN here would make checking the learner's lesson compile the solution.
    add_library(lesson${nn}_tests OBJECT ${test_sources})
    target_include_directories(lesson${nn}_tests PRIVATE ${lesson_dir})
    target_link_libraries(lesson${nn}_tests PRIVATE ${shared_libs} lab_test_support
                                                    lab_warnings)
    lab_use_pch(lesson${nn}_tests TEST)
  endif()

  set(checker ${CMAKE_SOURCE_DIR}/cmake/expect-fail.cmake)
  _lab_test_binary(solution${nn})
  set(labels solution ${nn})
  if(arg_THREADS)
    list(APPEND labels tsan)
  endif()
  gtest_discover_tests(
    test_solution${nn}
    TEST_PREFIX solution${nn}. DISCOVERY_MODE PRE_TEST
    TEST_LIST solution${nn}_tests)
  # gtest_discover_tests flattens a list given in PROPERTIES (LABELS "a;b" would become
  # LABELS a b), so labels and timeout are set by a file ctest reads after discovery.
  set(props ${CMAKE_CURRENT_BINARY_DIR}/solution${nn}_properties.cmake)
  file(
    WRITE ${props}
    "if(solution${nn}_tests)
  set_tests_properties(\${solution${nn}_tests} PROPERTIES LABELS \"${labels}\"
                       TIMEOUT ${LAB_TEST_TIMEOUT})
endif()
")
  set_property(
    DIRECTORY
    APPEND
    PROPERTY TEST_INCLUDE_FILES ${props})

  _lab_test_binary(lesson${nn})
  add_test(NAME lesson${nn} COMMAND test_lesson${nn})
  # The starter of a MUTANTS lesson kills no mutant: every Kills... test fails on it.
  set(must_fail)
  if(arg_MUTANTS)
    set(must_fail -DMUST_FAIL=^Kills)
  endif()
  set_tests_properties(lesson${nn} PROPERTIES LABELS "lesson;${nn}" TIMEOUT
                                              ${LAB_TEST_TIMEOUT})
  add_test(
    NAME starter${nn}
    COMMAND
      ${CMAKE_COMMAND} -DKIND=starter -DBINARY=$<TARGET_FILE:test_lesson${nn}>
      -DWHAT=lessons/${folder} -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
      -DTIMEOUT=${LAB_TEST_TIMEOUT} ${must_fail} -P ${checker})
  set_tests_properties(
    starter${nn} PROPERTIES LABELS "starter;${nn}" SKIP_REGULAR_EXPRESSION "SKIPPED:"
                            TIMEOUT ${LAB_TEST_TIMEOUT})

  foreach(slug IN LISTS slugs)
    string(REPLACE "-" "_" id ${slug})
    _lab_test_binary(mistake${nn}_${id})
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${mistake_file_${slug}})
    add_test(
      NAME mistake${nn}.${slug}
      COMMAND
        ${CMAKE_COMMAND} -DKIND=mistake -DBINARY=$<TARGET_FILE:test_mistake${nn}_${id}>
        -DWHAT=${rel} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DTIMEOUT=${LAB_TEST_TIMEOUT} -P
        ${checker})
    set_tests_properties(mistake${nn}.${slug} PROPERTIES LABELS "mistake;${nn}" TIMEOUT
                                                         ${LAB_TEST_TIMEOUT})
  endforeach()

  # Convenience targets: `lab-NN` builds what checking the learner's lesson needs;
  # `solution-NN` what checking the reference needs.
  # A lesson with a server also gets grpc-call, which its README uses to call it by hand.
  set(check_needs test_lesson${nn})
  if("server" IN_LIST roles AND TARGET grpc-call)
    list(APPEND check_needs grpc-call)
  endif()
  add_custom_target(lab-${nn} DEPENDS ${check_needs})
  add_custom_target(solution-${nn} DEPENDS test_solution${nn})
  set_property(GLOBAL APPEND PROPERTY LAB_LESSONS ${nn})
  if(arg_THREADS)
    set_property(GLOBAL APPEND PROPERTY LAB_THREAD_LESSONS ${nn})
  endif()
endfunction()
