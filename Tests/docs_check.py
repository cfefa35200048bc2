#!/usr/bin/env python3
"""Checks that every link and file reference in CareSim's documentation resolves inside the
repository.

Scanned: README.md, every Markdown file under docs/ (and the other Markdown files of the
repository: scenarios/REFERENCE.md, calibration/README.md, data/README.md, BENCHMARKS.md), the
scenarios (YAML and the JSON Schemas), Sources/, Tests/, tools/, benchmarks/, notebooks/ (the
notebooks' cells) and the Makefile. What must resolve:

1. Markdown links and images, [text](target): a relative file or folder that exists inside the
   repository and, with #anchor, a heading of that Markdown file (GitHub's anchors) or an
   explicit <a id="..."> in it. Web and mail links are not followed.
2. Backticked repository paths, `scenarios/x.yaml`, `docs/z.md#anchor`, and paths written
   without backticks that start with a folder of the repository and end in a file extension
   (Tests/CareSimTests/PathwayTests.swift): the file or folder exists; an anchor exists.
3. Section references, "docs/explanation/model.md, section 4" or "docs/forecasting.md,
   sections 2 and 3": the file has a numbered heading for each section ("## 4. ...").
4. References that cannot resolve inside the repository: MODEL.md (the original brief, outside
   it), seeds/00N (its source documents: cite docs/explanation/evidence.md#seeds-00N), and
   "specification section N" (say which file: docs/explanation/model.md, section N).

Paths with placeholders (<name>, *, {a,b}, $VAR, YYYY) and paths under folders that runs write
(results/, .build/, .venv/, fuzz-failures/, notebooks/output/) are not checked. Paths inside a
fenced code block of Markdown are checked like any other text (commands name real files), but
its [..](..) are not links.

    python3 Tests/docs_check.py                      # exit 1 on any broken reference
    python3 Tests/docs_check.py --caresim PATH       # also: every option of every subcommand's
                                                     # --help is in docs/reference/commands.md

Needs only the Python standard library; run from anywhere. The last line is "N references
checked, M broken".
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Folders whose files are scanned, with the extensions read, and single files.
SCAN_DIRS = {
    "docs": {".md"},
    "scenarios": {".yaml", ".yml", ".json", ".md"},
    "Sources": {".swift", ".h", ".modulemap"},
    "Tests": {".swift", ".py", ".txt"},
    "tools": {".py", ".sh"},
    "benchmarks": {".py"},
    "notebooks": {".ipynb", ".py"},
    "calibration": {".md"},
    "data": {".md"},
}
SCAN_FILES = ["README.md", "BENCHMARKS.md", "Makefile"]
SKIP_DIRS = {".build", ".venv", "results", "bench-results", "fuzz-failures", "output", "__pycache__",
             ".ipynb_checkpoints", ".swiftpm", "dfe", "ons"}
# Folders of the repository a path may start with, and files at its root.
TOP = ("Sources", "Tests", "scenarios", "calibration", "data", "docs", "tools", "notebooks", "benchmarks")
ROOT_FILES = {"README.md", "Makefile", "BENCHMARKS.md", "Package.swift"}
EXT = r"(?:md|yaml|yml|csv|json|swift|py|sh|ipynb|txt|png|svg|h|modulemap)"
# Written by runs, never committed.
GENERATED = ("results/", ".build/", ".venv/", "fuzz-failures/", "notebooks/output/", "bench-results/")
PLACEHOLDER = re.compile(r"[<>*{}$]|\.\.\.|…|YYYY|\bNN\b|-YY\b|\bK-of-N\b")

LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
BACKTICK = re.compile(r"`([^`\n]+)`")
BARE = re.compile(r"(?<![\w./#-])((?:%s)/[\w./-]*\.%s|(?:README|BENCHMARKS)\.md)(#[\w-]+)?(?![\w/-])" % ("|".join(TOP), EXT))
SECTION = re.compile(r"([\w./-]*[\w-]\.md)\)?,?\s+sections?\s+(\d+(?:\.\d+)*(?:(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*-\s*|\s+to\s+)\d+(?:\.\d+)*)*)")
MODEL_MD = re.compile(r"(?<![\w-])((?:[\w.-]+/)*MODEL\.md)\b")
SEEDS = re.compile(r"(?<![\w-])seeds/\d+")
SPEC_SECTION = re.compile(r"\bspecification,?\s+sections?\s+\d", re.IGNORECASE)
FENCE = re.compile(r"^\s{0,3}(```|~~~)")


class Report:
    def __init__(self):
        self.checked = 0
        self.broken = []

    def ok(self):
        self.checked += 1

    def fail(self, where, message):
        self.checked += 1
        self.broken.append(f"{where}: {message}")


def rel(path):
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def slug(heading):
    """GitHub's anchor for a heading: links reduced to their text, HTML tags dropped,
    lower case, punctuation other than - and _ dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


_anchor_cache = {}


def markdown_lines(text):
    """(line number, line, inside a fenced code block) for each line."""
    fenced = False
    for n, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            yield n, line, True
            fenced = not fenced
            continue
        yield n, line, fenced


def anchors(path):
    """Anchors of a Markdown file: its headings' slugs (repeats numbered -1, -2, ...) and any
    explicit id= or name= of an HTML tag."""
    path = path.resolve()
    if path not in _anchor_cache:
        found, seen = set(), {}
        text = path.read_text(encoding="utf-8", errors="replace")
        for _, line, fenced in markdown_lines(text):
            if fenced:
                continue
            m = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m:
                base = slug(m.group(1))
                k = seen.get(base, 0)
                seen[base] = k + 1
                found.add(base if k == 0 else f"{base}-{k}")
        found |= set(re.findall(r"<[a-zA-Z][^>]*\b(?:id|name)=\"([^\"]+)\"", text))
        _anchor_cache[path] = found
    return _anchor_cache[path]


def sections(path):
    """Numbers of a Markdown file's numbered headings: "## 4. Practice models" gives 4,
    "### 2.8 Leaving" gives 2.8."""
    nums = set()
    for _, line, fenced in markdown_lines(path.read_text(encoding="utf-8", errors="replace")):
        m = None if fenced else re.match(r"^\s{0,3}#{1,6}\s+(\d+(?:\.\d+)*)\.?\s", line)
        if m:
            nums.add(m.group(1))
    return nums


def inside(path):
    try:
        path.resolve().relative_to(ROOT)
        return True
    except ValueError:
        return False


def check_target(report, where, base_dir, target, from_file):
    """A link's or a path's target: relative to base_dir; '#anchor' alone is in from_file."""
    path_part, _, anchor = target.partition("#")
    if path_part:
        path = (base_dir / path_part) if not path_part.startswith("/") else None
        if path is None:
            report.fail(where, f"absolute path {target}: use a path relative to the file")
            return
        if not inside(path):
            report.fail(where, f"{target} is outside the repository")
            return
        if not path.exists():
            report.fail(where, f"{target}: no such file or folder ({rel(path)})")
            return
    else:
        path = from_file
    if anchor:
        if path.is_file() and path.suffix == ".md":
            if anchor not in anchors(path):
                report.fail(where, f"{target}: no heading or anchor #{anchor} in {rel(path)}")
                return
        elif path.is_file() and path.suffix != ".ipynb":
            report.fail(where, f"{target}: an anchor into a file that is not Markdown")
            return
    report.ok()


def repo_path(token):
    """The repository path a backticked token names, or None when it is not one."""
    token = token.strip().rstrip(".,;:)")
    token = re.sub(r":\d+(?::\d+)?$", "", token)          # file:line
    if token.startswith("./"):
        token = token[2:]
    if PLACEHOLDER.search(token) or " " in token or token.startswith(GENERATED):
        return None
    path_part = token.split("#", 1)[0]
    if path_part in ROOT_FILES:
        return token
    if re.match(r"^(?:%s)/" % "|".join(TOP), path_part) and re.match(r"^[\w./-]+$", path_part):
        # A folder (ends in /) or a file with an extension; "data/dfe" style names are folders.
        return token
    return None


def check_text(report, file, text, line_offset=0, markdown=False, label=None):
    """Every rule on one text: a file, or a notebook cell (label names it)."""
    where_file = label or rel(file)
    base_dir = file.parent
    lines = list(markdown_lines(text)) if markdown else [(n, l, False) for n, l in enumerate(text.splitlines(), 1)]
    for n, line, fenced in lines:
        where = f"{where_file}:{n + line_offset}"
        spans = []
        # 1. Markdown links (not in code blocks or code spans).
        if markdown and not fenced:
            plain = BACKTICK.sub(lambda m: " " * len(m.group(0)), line)
            for m in list(LINK.finditer(plain)) + ([REF_DEF.match(plain)] if REF_DEF.match(plain) else []):
                target = m.group(1)
                if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):   # http:, https:, mailto:, file:
                    continue
                check_target(report, where, base_dir, target, file)
                spans.append(m.span())
        # 2. Backticked repository paths (relative to the repository's root).
        for m in BACKTICK.finditer(line):
            for token in m.group(1).split():
                token = repo_path(token)
                if token:
                    check_target(report, where, ROOT, token, file)
            spans.append(m.span())
        # 2. Paths without backticks, outside what was already checked.
        for m in BARE.finditer(line):
            if any(a <= m.start() < b for a, b in spans):
                continue
            if line[max(0, m.start() - 1):m.start()] == "(" and markdown and not fenced:
                continue   # a link's target, checked as a link
            if line[max(0, m.start() - 2):m.start()] in ("//", ":/"):
                continue   # part of a web address
            token = m.group(1) + (m.group(2) or "")
            if PLACEHOLDER.search(token) or token.startswith(GENERATED):
                continue
            check_target(report, where, ROOT, token, file)
        # 3. Section references.
        for m in SECTION.finditer(line):
            name = m.group(1)
            if name.endswith("MODEL.md"):
                continue   # reported below
            candidates = [base_dir / name, ROOT / name]
            path = next((p for p in candidates if p.is_file() and inside(p)), None)
            if path is None:
                report.fail(where, f"{name}: section reference to a file that does not exist")
                continue
            have = sections(path)
            for num in re.findall(r"\d+(?:\.\d+)*", m.group(2)):
                if num in have or num.split(".")[0] in have:
                    report.ok()
                else:
                    report.fail(where, f"{name} has no section {num} (numbered headings: {', '.join(sorted(have)) or 'none'})")
        # 4. References that cannot resolve inside the repository.
        for m in MODEL_MD.finditer(line):
            path = base_dir / m.group(1) if "/" in m.group(1) else ROOT / m.group(1)
            if path.is_file() and inside(path):
                report.ok()
            else:
                report.fail(where, f"{m.group(1)}: the original brief is not in the repository; cite docs/explanation/model.md")
        for m in SEEDS.finditer(line):
            report.fail(where, f"{m.group(0)}: the source documents are not in the repository; cite docs/explanation/evidence.md#{m.group(0).replace('/', '-')}")
        for m in SPEC_SECTION.finditer(line):
            report.fail(where, f"'{m.group(0)}...': say which document, e.g. docs/explanation/model.md, section N")


def scanned_files():
    for name in SCAN_FILES:
        if (ROOT / name).is_file():
            yield ROOT / name
    for top, exts in SCAN_DIRS.items():
        for dirpath, dirnames, filenames in os.walk(ROOT / top):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
            for f in sorted(filenames):
                p = Path(dirpath) / f
                # Not this file: its own documentation shows what it rejects.
                if p.suffix in exts and p.name != "GoldenOutputs.txt" and p.resolve() != Path(__file__).resolve():
                    yield p


def check_file(report, path):
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        cells = json.loads(text).get("cells", [])
        for i, cell in enumerate(cells, 1):
            source = "".join(cell.get("source", []))
            check_text(report, path, source, markdown=cell.get("cell_type") == "markdown",
                       label=f"{rel(path)} cell {i} line")
    else:
        check_text(report, path, text, markdown=path.suffix == ".md")


def check_options(report, caresim):
    """Every subcommand of caresim --help, and every option of its --help, is in
    docs/reference/commands.md."""
    doc_path = ROOT / "docs" / "reference" / "commands.md"
    doc = doc_path.read_text(encoding="utf-8") if doc_path.is_file() else ""
    top = subprocess.run([caresim, "--help"], capture_output=True, text=True, cwd=ROOT).stdout
    subs = re.findall(r"^\s{2}([a-z][a-z-]+)\s{2,}", top.split("SUBCOMMANDS:", 1)[-1], re.MULTILINE)
    for sub in subs:
        where = f"{rel(doc_path)} (caresim {sub})"
        if not re.search(r"^#+ .*`caresim %s" % re.escape(sub), doc, re.MULTILINE):
            report.fail(where, f"no heading for caresim {sub}")
            continue
        report.ok()
        text = subprocess.run([caresim, sub, "--help"], capture_output=True, text=True, cwd=ROOT).stdout
        for opt in sorted(set(re.findall(r"^\s+(--[a-z][a-z-]*)", text, re.MULTILINE)) - {"--help", "--version"}):
            if f"`{opt}" in doc:
                report.ok()
            else:
                report.fail(where, f"option {opt} is not documented")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--caresim", help="a caresim binary: also check every command and option is documented")
    ap.add_argument("files", nargs="*", help="check only these files (default: everything scanned)")
    args = ap.parse_args()
    report = Report()
    files = [Path(f).resolve() for f in args.files] if args.files else list(scanned_files())
    for path in files:
        check_file(report, path)
    if args.caresim:
        check_options(report, args.caresim)
    for line in report.broken:
        print(line)
    print(f"{report.checked} references checked, {len(report.broken)} broken")
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
