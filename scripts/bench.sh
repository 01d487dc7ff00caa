#!/usr/bin/env bash
# Measures the two waits a learner feels (a benchmark, not a test: it prints figures).
#   1. fresh clone -> first verdict: `git clone` of this repository, then `make lab`
#      until it prints the verdict for the current lesson (deps already installed);
#   2. fresh configure + build of what one lesson needs (lab-NN) in an empty build dir;
#   3. edit -> verdict: touch one of the lesson's edit files, rebuild lab-NN and run its
#      graded tests, as `make lab` does after a save.
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

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load now: $(cut -d' ' -f1-3 /proc/loadavg)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. fresh clone -> first verdict (uncommitted changes are not in the clone).
: >"$tmp/clone.txt"
for i in $(seq "$fresh_runs"); do
  rm -rf "$tmp/clone"
  t0=$(now)
  git clone -q . "$tmp/clone"
  (cd "$tmp/clone" && make lab >"$tmp/lab.log" 2>&1) || true  # a starter's verdict fails
  t1=$(now)
  grep -q "current lesson" "$tmp/lab.log" || { echo "make lab printed no verdict:"; tail "$tmp/lab.log"; exit 1; }
  awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}" >>"$tmp/clone.txt"
done
rm -rf "$tmp/clone"

# 2. fresh configure + build of lab-NN.
: >"$tmp/fresh.txt"
for i in $(seq "$fresh_runs"); do
  rm -rf "$tmp/build"
  t0=$(now)
  cmake -S . -B "$tmp/build" -G "$gen" >/dev/null
  cmake --build "$tmp/build" --target "lab-$nn" >/dev/null
  t1=$(now)
  awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}" >>"$tmp/fresh.txt"
done

# 3. edit -> verdict in that build.
: >"$tmp/edit.txt"
for i in $(seq "$edit_runs"); do
  touch "lessons/$folder/$file"
  t0=$(now)
  cmake --build "$tmp/build" --target "lab-$nn" >/dev/null
  "$tmp/build/bin/test_lesson$nn" >/dev/null 2>&1 || true  # the starter fails: still a verdict
  t1=$(now)
  awk -v a="$t0" -v b="$t1" "BEGIN {print b - a}" >>"$tmp/edit.txt"
done

echo "fresh clone -> first verdict (make lab, $fresh_runs runs): median $(median <"$tmp/clone.txt") s  [$(all <"$tmp/clone.txt")]"
echo "fresh configure + build of lab-$nn ($fresh_runs runs):    median $(median <"$tmp/fresh.txt") s  [$(all <"$tmp/fresh.txt")]"
echo "edit lessons/$folder/$file -> verdict ($edit_runs runs): median $(median <"$tmp/edit.txt") s  [$(all <"$tmp/edit.txt")]"
