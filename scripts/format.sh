#!/usr/bin/env bash
# Formats (or with --check, verifies) every C++ and CMake file the repository tracks,
# plus new files git does not ignore.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = "--check" ] && check=1

files() { git ls-files -co --exclude-standard -- "$@" 2>/dev/null | sort -u; }
mapfile -t cxx < <(files '*.cc' '*.h')
mapfile -t cm < <(files 'CMakeLists.txt' '*/CMakeLists.txt' '*.cmake')

bad=()
if [ $check -eq 1 ]; then
  for f in "${cxx[@]}"; do
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  for f in "${cm[@]}"; do
    cmake-format --check "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "check-format: ${#bad[@]} file(s) not formatted:"
    printf '  %s\n' "${bad[@]}"
    echo "Fix with: make format"
    exit 1
  fi
  echo "check-format: ok (${#cxx[@]} C++ files, ${#cm[@]} CMake files)"
else
  [ ${#cxx[@]} -gt 0 ] && clang-format -i "${cxx[@]}"
  [ ${#cm[@]} -gt 0 ] && cmake-format -i "${cm[@]}"
  echo "format: formatted ${#cxx[@]} C++ files and ${#cm[@]} CMake files"
fi
