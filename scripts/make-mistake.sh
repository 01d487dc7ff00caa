#!/usr/bin/env bash
# Records a mistake: the change you made to a lesson's solution files becomes
# tests/NN-topic/mistakes/SLUG.patch, and the solution files are put back as committed.
#
#   1. commit the solution (git must show no change under solutions/NN-topic/);
#   2. make the wrong answer in solutions/NN-topic/ (one realistic mistake);
#   3. scripts/make-mistake.sh NN SLUG "Mistake: <what is wrong, in one sentence>."
#   4. build and check it: cmake --build build && ctest --test-dir build -R 'mistakeNN.SLUG'
#
# To re-make a mistake that no longer applies (the build names it): apply the old
# patch by hand (`patch -p1 -d solutions/NN-topic --merge < tests/NN-topic/mistakes/SLUG.patch`),
# fix what it says, then run step 3 again with the same SLUG and sentence.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 3 ] || [[ "$3" != Mistake:* ]]; then
  sed -n '2,11p' "$0" >&2
  exit 2
fi
nn=$1 slug=$2 sentence=$3
folder=$(cd solutions && ls -d "$nn"-* 2>/dev/null | head -1)
[ -n "$folder" ] || { echo "make-mistake: no solutions/$nn-*" >&2; exit 2; }
[[ "$slug" =~ ^[a-z0-9-]+$ ]] || { echo "make-mistake: SLUG is lower case, digits, dashes" >&2; exit 2; }
diff=$(git diff --relative="solutions/$folder/" -- "solutions/$folder/")
[ -n "$diff" ] || { echo "make-mistake: solutions/$folder/ has no change to record" >&2; exit 2; }
out="tests/$folder/mistakes/$slug.patch"
mkdir -p "tests/$folder/mistakes"
printf '%s\n\n%s\n' "$sentence" "$diff" >"$out"
git diff -- "solutions/$folder/" | git apply -R  # the solution as committed again
echo "wrote $out; solutions/$folder/ is back as committed"
