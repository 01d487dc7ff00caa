#!/usr/bin/env bash
# Measures the waits a learner feels (a benchmark, not a test: it prints figures).
#   1. fresh clone -> first verdict: `git clone` of this repository, then `make lab`
#      (which builds the lab runner, then the current lesson) until it prints the
#      verdict for the current lesson (deps already installed);
#   2. fresh configure + build of what one lesson needs (lab-NN) in an empty build dir,
#      and of the lab runner alone (target lab), wall and CPU time;
#   3. the first check of lesson NN in that clone (nothing of it built yet), then
#      edit -> verdict through the runner: touch one of the lesson's edit files in the
#      clone and time `build/bin/lab check NN` (build lab-NN, run the graded tests,
#      print the checklist), as after a save;
#   4. the same edit -> verdict without the runner (ninja + the test binary), to show
#      what the runner itself costs.
# Usage: scripts/bench.sh [LESSON] [FRESH_RUNS] [EDIT_RUNS]   (default: 03 3 7)
set -euo pipefail
cd "$(dirname "$0")/.."
nn=${1:-03}
fresh_runs=${2:-3}
edit_runs=${3:-7}
folder=$(basename lessons/"$nn"-*)
file=$(ls solutions/"$folder" | grep '\.cc$' | head -1)
gen=$(command -v ninja >/dev/null && echo Ninja || echo "Unix Makefiles")
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
all() { sort -n | awk '{printf "%s%.2f", (NR>1?" ":""), $1}'; }
TIMEFORMAT='%R %U %S'  # bash's `time`: wall, user and system seconds

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load now: $(cut -d' ' -f1-3 /proc/loadavg)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. fresh clone -> first verdict (uncommitted changes are not in the clone).
: >"$tmp/clone.txt"
for i in $(seq "$fresh_runs"); do
  rm -rf "$tmp/clone"
  t0=$(now)
  git clone -q . "$tmp/clone"
  (cd "$tmp/clone" && make lab </dev/null >"$tmp/lab.log" 2>&1) || true  # a starter fails
  t1=$(now)
  grep -q "current lesson" "$tmp/lab.log" || { echo "make lab printed no verdict:"; tail "$tmp/lab.log"; exit 1; }
  awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}" >>"$tmp/clone.txt"
done

# 2. fresh configure + build of lab-NN, and of the runner alone.
: >"$tmp/fresh.txt"
: >"$tmp/runner.txt"
for i in $(seq "$fresh_runs"); do
  rm -rf "$tmp/build"
  t0=$(now)
  cmake -S . -B "$tmp/build" -G "$gen" >/dev/null
  cmake --build "$tmp/build" --target "lab-$nn" >/dev/null
  t1=$(now)
  awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}" >>"$tmp/fresh.txt"
  { time cmake --build "$tmp/build" --target lab >/dev/null; } 2>"$tmp/time.txt"
  awk '{print $1, $2 + $3}' "$tmp/time.txt" >>"$tmp/runner.txt"
done

# 3. edit -> verdict through the runner, in the clone of step 1 (its .lab/ is its own).
#    The first check there builds lesson NN for the first time (make lab built the
#    first lesson only): it is timed on its own.
t0=$(now)
(cd "$tmp/clone" && build/bin/lab check "$nn" >"$tmp/check.log" 2>&1) || true
t1=$(now)
grep -q "checks pass" "$tmp/check.log" || { echo "lab check printed no verdict:"; tail "$tmp/check.log"; exit 1; }
first_check=$(awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}")
: >"$tmp/edit.txt"
for i in $(seq "$edit_runs"); do
  touch "$tmp/clone/lessons/$folder/$file"
  t0=$(now)
  (cd "$tmp/clone" && build/bin/lab check "$nn" >"$tmp/check.log" 2>&1) || true  # starter: still a verdict
  t1=$(now)
  grep -q "checks pass" "$tmp/check.log" || { echo "lab check printed no verdict:"; tail "$tmp/check.log"; exit 1; }
  awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}" >>"$tmp/edit.txt"
done

# 4. edit -> verdict without the runner, in the build of step 2.
: >"$tmp/raw.txt"
for i in $(seq "$edit_runs"); do
  touch "lessons/$folder/$file"
  t0=$(now)
  cmake --build "$tmp/build" --target "lab-$nn" >/dev/null
  "$tmp/build/bin/test_lesson$nn" >/dev/null 2>&1 || true
  t1=$(now)
  awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}" >>"$tmp/raw.txt"
done

echo "fresh clone -> first verdict (make lab, $fresh_runs runs):   median $(median <"$tmp/clone.txt") s  [$(all <"$tmp/clone.txt")]"
echo "fresh configure + build of lab-$nn ($fresh_runs runs):      median $(median <"$tmp/fresh.txt") s  [$(all <"$tmp/fresh.txt")]"
echo "build of the lab runner alone ($fresh_runs runs):        median $(cut -d' ' -f1 "$tmp/runner.txt" | median) s wall, $(cut -d' ' -f2 "$tmp/runner.txt" | median) s CPU"
echo "first check of lesson $nn after make lab (1 run):        $(printf %.2f "$first_check") s"
echo "edit $file -> verdict, lab check $nn ($edit_runs runs):  median $(median <"$tmp/edit.txt") s  [$(all <"$tmp/edit.txt")]"
echo "edit $file -> verdict, ninja + test binary ($edit_runs runs): median $(median <"$tmp/raw.txt") s  [$(all <"$tmp/raw.txt")]"
