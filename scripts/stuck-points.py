#!/usr/bin/env python3
"""Prints each lesson's common mistakes (the stuck points of docs/TEACHING.md).

Reads the first paragraph ("Mistake: ...") of every tests/NN-topic/mistakes/*.patch,
lesson by lesson, as Markdown. The list in docs/TEACHING.md is this script's output:

    scripts/stuck-points.py           # prints the list
    scripts/stuck-points.py --write   # replaces the list between the doc's markers
    scripts/stuck-points.py --check   # exit 1 if the doc's list is out of date
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN = "<!-- stuck-points: begin (scripts/stuck-points.py) -->"
END = "<!-- stuck-points: end -->"


def mistake(patch):
    """The patch's first paragraph, without "Mistake: ", on one line."""
    lines = []
    for line in patch.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("--- ", "diff ")):
            break
        lines.append(line.strip())
    return re.sub(r"^Mistake:\s*", "", " ".join(lines))


def title(lesson_dir):
    readme = lesson_dir / "README.md"
    if readme.exists():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return lesson_dir.name


def stuck_points():
    out = []
    for tests in sorted((ROOT / "tests").glob("[0-9][0-9]-*")):
        patches = sorted((tests / "mistakes").glob("*.patch"))
        if not patches:
            continue
        out.append(f"**{title(ROOT / 'lessons' / tests.name)}**\n")
        out += [f"- {mistake(p)} (`{p.stem}`)" for p in patches]
        out.append("")
    return "\n".join(out)


def main():
    text = stuck_points()
    path = ROOT / "docs" / "TEACHING.md"
    if sys.argv[1:] == ["--write"]:
        doc = path.read_text(encoding="utf-8")
        if BEGIN not in doc or END not in doc:
            print("docs/TEACHING.md has lost its stuck-points markers", file=sys.stderr)
            return 1
        head, rest = doc.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        path.write_text(head + BEGIN + "\n" + text.strip() + "\n" + END + tail,
                        encoding="utf-8")
        return 0
    if sys.argv[1:] == ["--check"]:
        doc = path.read_text(encoding="utf-8")
        inside = doc.split(BEGIN, 1)[-1].split(END, 1)[0].strip()
        if inside != text.strip():
            print("docs/TEACHING.md: the stuck points are out of date; "
                  "regenerate them with scripts/stuck-points.py --write", file=sys.stderr)
            return 1
        return 0
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
