#!/usr/bin/env python3
"""The README's lesson table must list every lesson folder, link its README, and give
the minutes its README states ("Time: about N minutes."). Run by make test (ctest
label docs). Prints one line per problem and a closing 'N passed, M failed'."""
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
rows = {m.group(1): m for m in re.finditer(
    r"^\| (\d\d) \| \[[^\]]+\]\((lessons/[^)]+/README\.md)\) \|[^|]+\| (\d+) \|$", readme, re.M)}
passed = failed = 0
for folder in sorted(os.listdir(os.path.join(root, "lessons"))):
    if not re.match(r"^\d\d-", folder):
        continue
    nn = folder[:2]
    text = open(os.path.join(root, "lessons", folder, "README.md"), encoding="utf-8").read()
    t = re.search(r"Time: about (\d+) minutes", text)
    row = rows.get(nn)
    problem = None
    if row is None:
        problem = "lesson %s is missing from the README's lesson table" % folder
    elif row.group(2) != "lessons/%s/README.md" % folder:
        problem = "README row %s links %s, not lessons/%s/README.md" % (nn, row.group(2), folder)
    elif t is None:
        problem = "lessons/%s/README.md has no 'Time: about N minutes.' line" % folder
    elif t.group(1) != row.group(3):
        problem = "README row %s says %s minutes; lessons/%s/README.md says %s" % (
            nn, row.group(3), folder, t.group(1))
    if problem:
        print("not ok - " + problem)
        failed += 1
    else:
        print("ok - lesson %s is in the README table" % folder)
        passed += 1
for nn in sorted(set(rows) - {f[:2] for f in os.listdir(os.path.join(root, "lessons"))}):
    print("not ok - README row %s names a lesson that does not exist" % nn)
    failed += 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
