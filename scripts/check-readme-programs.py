#!/usr/bin/env python3
"""Every program a README tells a learner to run exists after the step that README
assumes. A lesson's README.md and HINTS.md may name what `lab check NN` builds (the
target lab-NN); the root README what `make lab` builds (the runner, grpc-call and the
first lesson); either may also name what its own `cmake --build ... --target T` lines build.

  scripts/check-readme-programs.py BUILD_DIR      (ctest label docs; needs Ninja)

Prints one line per README and a closing 'N passed, M failed'."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAM = re.compile(r"build/bin/([A-Za-z0-9_-]+)")
TARGETS = re.compile(r"cmake --build build --target ((?:[A-Za-z0-9_-]+ ?)+)")
PLACEHOLDER = re.compile(r"NN")  # lessonNN_server, lessonNN_ROLE: patterns, not programs


def built_by(build, targets):
    """The programs in bin/ that building `targets` makes: the `-o bin/NAME` of every
    command ninja would run for them from scratch."""
    out = subprocess.run(["ninja", "-C", build, "-t", "commands", *targets],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("check-readme-programs: ninja -t commands %s failed:\n%s" % (
            " ".join(targets), out.stderr))
    return set(re.findall(r" -o bin/([A-Za-z0-9_-]+)", out.stdout))


def check(build, label, files, targets):
    text = ""
    for f in files:
        path = os.path.join(ROOT, f)
        if os.path.exists(path):
            text += open(path, encoding="utf-8").read()
    for m in TARGETS.finditer(text):
        targets = targets + [t for t in m.group(1).split() if t not in targets]
    named = sorted({p for p in PROGRAM.findall(text) if not PLACEHOLDER.search(p)})
    have = built_by(build, targets)
    missing = [p for p in named if p not in have]
    if missing:
        print("not ok - %s names %s, which %s does not build" % (
            label, ", ".join("build/bin/" + p for p in missing), " + ".join(targets)))
        return False
    print("ok - %s: %d programs, all built by %s" % (label, len(named), " + ".join(targets)))
    return True


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    lessons = sorted(d for d in os.listdir(os.path.join(ROOT, "lessons"))
                     if re.match(r"^\d\d-", d))
    # make lab builds the targets its Makefile recipe names (the runner, grpc-call),
    # then checks the first lesson (lab-NN).
    makefile = open(os.path.join(ROOT, "Makefile"), encoding="utf-8").read()
    recipe = re.search(r"cmake --build \$\(BUILD\) --target ((?:[A-Za-z0-9_-]+ )+)\$\(LAB_PREBUILD\)",
                       makefile)
    make_lab = recipe.group(1).split() if recipe else ["lab"]
    results = [check(build, "README.md", ["README.md"], make_lab + ["lab-" + lessons[0][:2]])]
    for folder in lessons:
        files = ["lessons/%s/README.md" % folder, "lessons/%s/HINTS.md" % folder]
        results.append(check(build, "lessons/%s (README, HINTS)" % folder, files,
                             ["lab", "lab-" + folder[:2]]))
    passed = sum(results)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
