#!/usr/bin/env bash
# `make lab` (until the lab runner lands): finds your current lesson, the first whose
# graded tests do not pass against your code, builds only what it needs, checks it,
# and says which files to edit. Lessons before it are re-checked on the way, so a
# pass is always one seen now, never one remembered.
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."

bold=""; red=""; green=""; reset=""
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  bold=$'\e[1m'; red=$'\e[31m'; green=$'\e[32m'; reset=$'\e[0m'
fi

lessons=(lessons/[0-9][0-9]-*/)
echo "${bold}gRPC C++ Lab${reset} — ${#lessons[@]} lessons"
for dir in "${lessons[@]}"; do
  dir=${dir%/}
  folder=${dir#lessons/}
  nn=${folder:0:2}
  title=$(sed -n '1s/^# *//p' "$dir/README.md" 2>/dev/null)
  edit=$(ls "solutions/$folder" 2>/dev/null | sed "s|^|$dir/|" | tr '\n' ' ')
  log=$(mktemp)
  if ! cmake --build "$build" --target "lab-$nn" >"$log" 2>&1; then
    echo "${red}✗ ${title:-$folder}${reset}: does not compile"
    # The compiler's first error, with its file and line, not the whole wall of text.
    grep -m1 -B2 -A8 -E 'error:|Error ' "$log" || tail -20 "$log"
    echo
    echo "Fix the first error above, then run make lab again. Files to edit: $edit"
    rm -f "$log"
    exit 1
  fi
  if timeout 120 "$build/bin/test_lesson$nn" --gtest_color=no >"$log" 2>&1; then
    echo "${green}✓ ${title:-$folder}${reset}"
    rm -f "$log"
    continue
  fi
  rc=$?
  echo "${red}✗ ${title:-$folder}${reset}  (your current lesson)"
  echo
  # The checklist: one line per graded test, in the order the README's task lists them.
  sed -nE "s/^\[       OK \] ([^ ]+).*/  ${green}✓${reset} \1/p; s/^\[  FAILED  \] ([^ ]+) \(.*/  ${red}✗${reset} \1/p" "$log"
  grep -E '^\[  (HUNG|CRASH)' "$log"
  [ "$rc" -eq 124 ] && echo "  (the tests did not finish within 120 s: does something in your code block forever?)"
  echo
  echo "${bold}First failure:${reset}"
  # From the first "Failure" up to the end of that test.
  awk '/: Failure$/ && !seen {seen=1} seen {print} seen && /^\[  FAILED  \]/ {exit}' "$log" | head -25
  rm -f "$log"
  echo
  echo "${bold}Read${reset}  $dir/README.md"
  echo "${bold}Edit${reset}  $edit"
  echo "${bold}Hints${reset} $dir/HINTS.md"
  echo "${bold}Check${reset} make lab   (or: cmake --build $build --target lab-$nn && $build/bin/test_lesson$nn)"
  exit 1
done
echo
echo "${green}${bold}Every lesson passes.${reset} Well done."
