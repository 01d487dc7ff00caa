# gRPC C++ Lab — the front door. Everything here is a thin wrapper over cmake, ctest
# and the scripts in scripts/; `make help` lists the targets.
#
#   make lab     install what is missing, build your current lesson, check it
#   make test    the repository's own suite (solutions pass, starters fail, mistakes
#                are caught, formatting), as CI runs it

BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
CMAKE_ARGS ?=
GENERATOR  := $(shell command -v ninja >/dev/null 2>&1 && echo Ninja || echo "Unix Makefiles")

.DEFAULT_GOAL := help
.PHONY: help lab test sanitize build configure deps format check-format certs bench clean

help:
	@echo "gRPC C++ Lab"
	@echo "  make lab           build and check your current lesson (installs what is missing)"
	@echo "  make test          the repository's own test suite (what CI runs)"
	@echo "  make sanitize      the solutions' graded tests under ASan + UBSan (and TSan)"
	@echo "  make format        clang-format and cmake-format every source file"
	@echo "  make check-format  fail if a file is not formatted"
	@echo "  make certs         write a fresh set of test certificates into certs/"
	@echo "  make bench         measure fresh build time and edit -> verdict time"
	@echo "  make clean         remove the build trees ($(BUILD), $(ASAN_BUILD), $(TSAN_BUILD))"

deps:
	@scripts/install-deps.sh

# Configure once; afterwards the build re-runs cmake by itself when a CMake file changes.
$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -G "$(GENERATOR)" $(CMAKE_ARGS)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD)

# The runner and grpc-call (every lesson README uses it to call a server by hand) are
# built quietly (the build log is shown only when it fails); then the runner checks
# your current lesson (tools/lab; `build/bin/lab --help`). Before the first
# check (no .lab/state.json yet) what every lesson's check needs (the test harness,
# the precompiled headers, the certificates) is built alongside the runner, so that
# the two builds share the cores. The lesson's own files are left to the runner: it
# builds them so that the verdict follows their content (see tools/lab/content.h).
# Expanded when the recipe runs, after `configure` has written the cache.
LAB_PREBUILD = $(if $(wildcard .lab/state.json),,lab_test_support lab_certs \
  $(shell grep -qs '^LAB_PCH:BOOL=ON' $(BUILD)/CMakeCache.txt && echo lab_pch lab_main_pch))

# A verdict (pass, failing, not started, does not compile) is the learner's normal
# state, not an error of make: exit 0 then. Only a set-up problem (exit 2: the build
# cannot be configured or run) or a crash of the runner fails `make lab`. Scripts that
# want the verdict as an exit code call build/bin/lab check.
lab: configure
	@[ -x $(BUILD)/bin/lab ] || echo "Building the lab runner (the first time takes a minute or two)..."
	@cmake --build $(BUILD) --target lab grpc-call $(LAB_PREBUILD) >$(BUILD)/lab-build.log 2>&1 || \
	  cmake --build $(BUILD) --target lab >$(BUILD)/lab-build.log 2>&1 || \
	  { cat $(BUILD)/lab-build.log; echo "make lab: the lab runner did not build (above)"; exit 2; }
	@$(BUILD)/bin/lab; rc=$$?; [ $$rc -le 1 ] || exit $$rc

test: configure
	@python3 scripts/run-tests.py --build $(BUILD)

sanitize: deps
	@[ -f $(ASAN_BUILD)/CMakeCache.txt ] || cmake -S . -B $(ASAN_BUILD) -G "$(GENERATOR)" \
	  -DLAB_SANITIZE=address,undefined $(CMAKE_ARGS)
	@python3 scripts/run-tests.py --build $(ASAN_BUILD) --sanitize=address
	@if grep -qw THREADS lessons/*/CMakeLists.txt; then \
	  [ -f $(TSAN_BUILD)/CMakeCache.txt ] || cmake -S . -B $(TSAN_BUILD) -G "$(GENERATOR)" \
	    -DLAB_SANITIZE=thread $(CMAKE_ARGS); \
	  python3 scripts/run-tests.py --build $(TSAN_BUILD) --sanitize=thread; \
	fi

check-format: deps
	@scripts/format.sh --check

format: deps
	@scripts/format.sh

certs: deps
	certs/gen-certs.sh certs

bench: deps
	@scripts/bench.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)
