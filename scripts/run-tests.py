#!/usr/bin/env python3
"""The repository's own test suite: `make test` (and `make sanitize` with --sanitize).

Phases, each a ctest run over one label, then a summary per category:
  solutions  every lesson's graded tests on its solution, in parallel, 3 times over
  starters   every shipped starter fails its graded tests (skipped for edited lessons)
  mistakes   every tests/NN-*/mistakes/SLUG.patch is caught by a graded test, 3 times
  support    the harness around the lessons (certificates, grpc-call, the lab runner,
             the README's lesson table)
  format     clang-format and cmake-format (make check-format)
With --sanitize=address|thread only the solutions phase runs, in a sanitizer build (for
thread: only the lessons marked THREADS in their lab_lesson() call).
"""
import argparse
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JOBS = str(os.cpu_count() or 2)


def run(cmd, **kw):
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, **kw).returncode


def ctest_phase(build, label, junit, extra=(), jobs=JOBS):
    """Runs ctest on one label; returns [(name, outcome)] with outcome pass/fail/skip."""
    cmd = ["ctest", "--test-dir", build, "-L", "^%s$" % label, "-j", jobs,
           "--output-on-failure", "--output-junit", junit, *extra]
    rc = run(cmd)
    results = []
    path = os.path.join(build, junit)
    if os.path.exists(path):
        for case in ET.parse(path).getroot().iter("testcase"):
            status = case.get("status", "")
            if case.find("skipped") is not None or status in ("notrun", "disabled"):
                outcome = "skip"
            elif case.find("failure") is not None or status == "fail":
                outcome = "fail"
            else:
                outcome = "pass"
            results.append((case.get("name"), outcome))
    if rc != 0 and not any(o == "fail" for _, o in results):
        results.append(("ctest -L %s" % label, "fail"))
    return results


def lesson_of(name):
    m = re.match(r"^(?:solution|starter|mistake|lesson)(\d\d)", name)
    return m.group(1) if m else None


def lessons_on_disk():
    d = os.path.join(ROOT, "lessons")
    return sorted(n for n in os.listdir(d) if re.match(r"^\d\d-", n)) if os.path.isdir(d) else []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--sanitize", choices=["address", "thread"])
    args = ap.parse_args()
    build = args.build
    started = time.time()
    if args.sanitize == "address":
        # A rare exit-time leak inside OpenSSL, with no frame of ours: see cmake/lsan.supp.
        os.environ["LSAN_OPTIONS"] = "suppressions=%s %s" % (
            os.path.join(ROOT, "cmake", "lsan.supp"), os.environ.get("LSAN_OPTIONS", ""))
    if args.sanitize == "thread":
        # Debian's gRPC is not built with TSan: see cmake/tsan.supp for what is silenced.
        os.environ["TSAN_OPTIONS"] = "ignore_noninstrumented_modules=1 suppressions=%s %s" % (
            os.path.join(ROOT, "cmake", "tsan.supp"), os.environ.get("TSAN_OPTIONS", ""))

    print("== build: every lesson, solution, mistake and tool", flush=True)
    targets = ["--target", "sanitize-build"] if args.sanitize else []
    if run(["cmake", "--build", build, *targets]) != 0:
        print("\nmake test: the build failed (see the first error above).")
        print("0 passed, 1 failed")
        return 1

    summary = []
    total_pass = total_fail = 0

    print("\n== solutions: graded tests on every solution, in parallel, 3 times", flush=True)
    label = "tsan" if args.sanitize == "thread" else "solution"
    sol = ctest_phase(build, label, "solutions.xml", ["--repeat", "until-fail:3"])
    per_lesson = {}
    for name, outcome in sol:
        per_lesson.setdefault(lesson_of(name), []).append(outcome)
    ok_lessons = sorted(n for n, o in per_lesson.items() if n and all(x == "pass" for x in o))
    bad_lessons = sorted(n for n, o in per_lesson.items() if n and any(x == "fail" for x in o))
    n_sol_fail = sum(1 for _, o in sol if o == "fail")
    summary.append("solutions : %d/%d lessons pass (%d graded tests, each 3 times)%s" % (
        len(ok_lessons), len(per_lesson), len(sol),
        "; FAILING: " + ", ".join(bad_lessons) if bad_lessons else ""))
    total_pass += len(sol) - n_sol_fail
    total_fail += n_sol_fail

    if not args.sanitize:
        print("\n== starters: every shipped starter must fail its graded tests", flush=True)
        st = ctest_phase(build, "starter", "starters.xml")
        failed_ok = [n for n, o in st if o == "pass"]
        skipped = [lesson_of(n) for n, o in st if o == "skip"]
        wrong = [lesson_of(n) for n, o in st if o == "fail"]
        line = "starters  : %d/%d fail their graded tests as shipped" % (len(failed_ok), len(st))
        if skipped:
            line += "; skipped (you edited them): lessons " + ", ".join(skipped)
        if wrong:
            line += "; NOT FAILING CLEANLY: " + ", ".join(wrong)
        summary.append(line)
        total_pass += len(failed_ok)
        total_fail += len(wrong)

        print("\n== mistakes: every common mistake must be caught by a graded test", flush=True)
        # Repeated like the solutions: a mistake caught only by a lucky race is no catch.
        # A mistake's run mostly waits (deadlines, timeouts: 12 s of CPU in 54 s of wall
        # time for lessons 14-21's on 2 cores), so twice as many run at once.
        mi = ctest_phase(build, "mistake", "mistakes.xml", ["--repeat", "until-fail:3"],
                         jobs=str(2 * int(JOBS)))
        caught = [n for n, o in mi if o == "pass"]
        missed = [n for n, o in mi if o != "pass"]
        summary.append("mistakes  : %d/%d caught, each 3 times%s" % (
            len(caught), len(mi), "; NOT CAUGHT: " + ", ".join(missed) if missed else ""))
        total_pass += len(caught)
        total_fail += len(missed)

        print("\n== support: certificates, tools, the lab runner, docs", flush=True)
        su = []
        for label in ("certs", "tools", "runner", "docs"):
            su += ctest_phase(build, label, label + ".xml")
        su_ok = [n for n, o in su if o == "pass"]
        summary.append("support   : %d/%d pass (%s)" % (
            len(su_ok), len(su), ", ".join(n for n, _ in su)))
        total_pass += len(su_ok)
        total_fail += len(su) - len(su_ok)

        print("\n== format", flush=True)
        fmt = subprocess.run(["scripts/format.sh", "--check"], cwd=ROOT,
                             capture_output=True, text=True)
        print(fmt.stdout + fmt.stderr, end="")
        summary.append("format    : " + (fmt.stdout.strip().splitlines() or ["?"])[0])
        if fmt.returncode == 0:
            total_pass += 1
        else:
            total_fail += 1

    minutes, seconds = divmod(int(time.time() - started), 60)
    title = {"address": "make sanitize (AddressSanitizer + UBSan)",
             "thread": "make sanitize (ThreadSanitizer, concurrent lessons)"}.get(
                 args.sanitize, "make test")
    print("\n== %s summary (%dm%02ds)" % (title, minutes, seconds))
    for line in summary:
        print("  " + line)
    print("%d passed, %d failed" % (total_pass, total_fail))
    return 0 if total_fail == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
