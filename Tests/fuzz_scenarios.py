#!/usr/bin/env python3
"""CareSim's fuzzer for the scenario decoder.

Takes every shipped scenario (scenarios/**/*.yaml), mutates it at random and runs
`caresim validate` on the mutation; accepted mutations of the small reference network
(scenarios/reference/rn1.yaml) are also run (`caresim run --replications 1`), to catch values
that validate but crash the run. It fails on:

  - a crash: the process killed by a signal, or an exit code other than 0 (accepted) and
    1 (rejected);
  - a hang: no answer within --timeout seconds;
  - a rejection whose `error:` lines do not each name the file, line and column, and a field
    (`error: FILE:LINE:COL: FIELD: message`).

Mutations: structural (a key deleted or added, a value replaced by another type, by an extreme
number, NaN or an infinity, or by another node's value) on the parsed YAML, and textual (a
line deleted or duplicated, the text cut short, brackets left open, tabs, an unknown or a
binary tag, aliases). Everything is seeded (--seed), so a failure is reproduced by running the
same seed and case count; failing mutations are kept in --keep (default fuzz-failures/) with
the command that shows the problem.

Relative paths: each mutation is written in a copy of scenarios/ (every file, so `extends`
between scenarios resolves) beside a symbolic link `data -> <repository>/data`, at the same
relative place as the scenario it mutates, so `initial.data: ../data` still resolves and a
mutation is judged on its content, not on where it was copied.

Used by `make test` (a bounded number of cases) and `make fuzz` (FUZZ_CASES, default 5000).
"""
import argparse
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# (A field path may itself hold a colon when a mutation made one part of a key: `a:!! 1`.)
ERROR_LINE = re.compile(r"^error: (?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<field>\S.*?): \S")
# An error about a value given on the command line names the option and the field instead.
OPTION_ERROR_LINE = re.compile(r"^error: --set #\d+: (?P<field>\S[^:]*): \S")
# Values every numeric field of the swept scenarios is set to, one at a time.
SWEEP = ["1e308", "-1e308", "1e-300", "1e12", "9223372036854775807", "1e9", "0", "-1"]
EXTREMES = ["1e308", "-1e308", "1e-300", "-1e-300", "0", "-0.0", "-1", "1e12", "9223372036854775807",
            "-9223372036854775808", "18446744073709551616", ".nan", ".inf", "-.inf", "nan", "inf", "0x10", "1_000",
            "2.5", "0.5", "1e-9", "100000000"]
TAGS = ["!!binary", "!!python/object:os.system", "!custom", "!!set", "!!omap", "!!timestamp", "!!float", "!!int", "!!str", "!!null"]


class Unsorted(yaml.SafeDumper):
    pass


def _represent_float(dumper, value):
    if math.isnan(value):
        return dumper.represent_scalar("tag:yaml.org,2002:float", ".nan")
    if math.isinf(value):
        return dumper.represent_scalar("tag:yaml.org,2002:float", ".inf" if value > 0 else "-.inf")
    return dumper.represent_scalar("tag:yaml.org,2002:float", repr(value))


Unsorted.add_representer(float, _represent_float)


class Raw(str):
    """A scalar written as it is (an extreme number's exact text)."""


Unsorted.add_representer(Raw, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style=None))


def paths(node, prefix=()):
    """Every (path, value) in a parsed document."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


def get(node, path):
    for p in path:
        node = node[p]
    return node


def structural(doc, rng):
    """One structural mutation of a parsed document (changed in place); returns its description."""
    all_paths = [p for p, _ in paths(doc) if p]
    if not all_paths:
        return "nothing to mutate"
    path = rng.choice(all_paths)
    parent = get(doc, path[:-1])
    key = path[-1]
    where = ".".join(map(str, path))
    op = rng.randrange(7)
    if op == 0 and isinstance(parent, dict):
        del parent[key]
        return f"deleted {where}"
    if op == 0 and isinstance(parent, list) and len(parent) > 0:
        parent.pop(key)
        return f"deleted item {where}"
    if op == 1:
        parent[key] = Raw(rng.choice(EXTREMES))
        return f"{where} = {parent[key]}"
    if op == 2:
        parent[key] = rng.choice([[], {}, None, True, "text", [1, 2], {"x": 1}, "", 3, -7.5])
        return f"{where} = {parent[key]!r}"
    if op == 3:
        other = get(doc, rng.choice(all_paths))
        parent[key] = yaml.safe_load(yaml.dump(other, Dumper=Unsorted))
        return f"{where} = another node's value"
    if op == 4 and isinstance(parent, dict):
        parent[rng.choice(["unknown_field", str(key) + "s", str(key)[:-1] or "x", "lower", "bands", "distribution"])] = rng.choice([1, "x", [1]])
        return f"added a key beside {where}"
    if op == 5:
        value = get(doc, path)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parent[key] = value * rng.choice([-1, 0, 1e6, 1e-6, 1e300])
            return f"{where} scaled to {parent[key]!r}"
        if isinstance(value, list) and value:
            parent[key] = value + value
            return f"{where} doubled"
        parent[key] = Raw(rng.choice(EXTREMES))
        return f"{where} = {parent[key]}"
    if isinstance(parent, dict):
        parent[key] = {"distribution": rng.choice(["empirical", "exponential", "gamma", "nope"]),
                       "bands": [{rng.choice(["lower", "upper", "probability"]): rng.choice([0, 1, -1, 1e308])}]}
        return f"{where} = a malformed distribution"
    parent[key] = None
    return f"{where} = null"


def textual(text, rng):
    """One textual mutation; returns (text, description)."""
    lines = text.split("\n")
    op = rng.randrange(9)
    i = rng.randrange(len(lines))
    if op == 0:
        del lines[i]
        return "\n".join(lines), f"deleted line {i + 1}"
    if op == 1:
        lines.insert(i, lines[i])
        return "\n".join(lines), f"duplicated line {i + 1}"
    if op == 2:
        cut = rng.randrange(len(text) + 1)
        return text[:cut], f"cut at byte {cut}"
    if op == 3:
        lines[i] = lines[i] + rng.choice([" [", " {", " ]", " }", " '", ' "', ": :", " &", " *", " |", " >"])
        return "\n".join(lines), f"broken syntax on line {i + 1}"
    if op == 4:
        lines[i] = "\t" + lines[i]
        return "\n".join(lines), f"tab on line {i + 1}"
    if op == 5:
        m = re.match(r"^(\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:)( ?)(.*)$", lines[i])
        if m:
            tag = rng.choice(TAGS)
            lines[i] = f"{m.group(1)} {tag} {m.group(3)}".rstrip()
            return "\n".join(lines), f"tag {tag} on line {i + 1}"
        return text + "\nextra: !!binary aGVsbG8=\n", "a binary tag at the end"
    if op == 6:
        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}]\n"
            for k in range(8))
        return bomb + text, "an alias bomb at the top"
    if op == 7:
        pos = rng.randrange(len(text) + 1)
        junk = rng.choice(["\x00", "\xff", "\u2028", "\r", "%YAML 9.9\n", "---\n", "...\n", "? ", "!!", "<<: *x\n"])
        return text[:pos] + junk + text[pos:], f"inserted {junk!r} at byte {pos}"
    m = re.match(r"^(\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:) (.+)$", lines[i])
    if m:
        lines[i] = f"{m.group(1)} {rng.choice(EXTREMES)}"
        return "\n".join(lines), f"line {i + 1} value = extreme"
    return text.replace(":", "=", 1), "first ':' replaced"


def mutate(text, rng):
    """A mutation of a scenario's text: structural (on the parsed YAML) or textual."""
    if rng.random() < 0.6:
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError:
            doc = None
        if isinstance(doc, dict):
            steps = [structural(doc, rng) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
            return yaml.dump(doc, Dumper=Unsorted, sort_keys=False, allow_unicode=True), "; ".join(steps)
    return textual(text, rng)


def run(cmd, timeout, cwd):
    """(exit code or -signal, stderr, seconds, timed out)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, start_new_session=True)
    try:
        _, err = p.communicate(timeout=timeout)
        return p.returncode, err.decode("utf-8", "replace"), time.perf_counter() - start, False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None, "", time.perf_counter() - start, True


def problem(code, err, timed_out, what, timeout):
    """Why an outcome is a failure, or None."""
    if timed_out:
        return f"hang: {what} gave no answer in {timeout} s"
    if code is not None and code < 0:
        return f"crash: {what} was killed by signal {-code} ({signal.Signals(-code).name})"
    if code not in (0, 1):
        return f"crash: {what} exited with {code}\n{err[-2000:]}"
    if code == 1:
        errors = [l for l in err.splitlines() if l.startswith("error:")]
        if not errors:
            return f"rejected without an error line:\n{err[-2000:]}"
        bad = [l for l in errors if not ERROR_LINE.match(l) and not OPTION_ERROR_LINE.match(l)]
        if bad:
            return "an error without file, line, column and field:\n" + "\n".join(bad[:5])
    return None


def numeric_leaves(doc, prefix=()):
    """Dotted paths of every number in a parsed scenario (list items by index)."""
    for path, value in paths(doc, prefix):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and path:
            yield ".".join(map(str, path))


def sweep(caresim, scenario, work, timeout, keep, counts):
    """Every numeric field of `scenario` set to each of SWEEP in turn (--set), validated and run
    for one replication: each must run or be refused with a located error, within the timeout."""
    failures = []
    leaves, file = [], scenario
    while file is not None:  # the file's numbers and those it inherits through `extends`
        doc = yaml.safe_load(file.read_text())
        leaves += [p for p in numeric_leaves(doc) if p not in leaves]
        file = (file.parent / doc["extends"]).resolve() if isinstance(doc, dict) and isinstance(doc.get("extends"), str) else None
    for path in leaves:
        for value in SWEEP:
            out = work / "sweep-run"
            cmd = [caresim, "run", str(scenario), "--set", f"{path}={value}", "--replications", "1", "--threads", "1", "--quiet", "--out", str(out)]
            code, err, seconds, timed_out = run(cmd, timeout, work)
            shutil.rmtree(out, ignore_errors=True)
            why = problem(code, err, timed_out, f"caresim run --set {path}={value}", timeout)
            if why is None:
                counts["swept"] += 1
            else:
                failures.append((path, value, why))
                print(f"FAIL sweep {scenario.name} --set {path}={value}: {why.splitlines()[0]}", flush=True)
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--caresim", required=True, help="the release caresim binary")
    ap.add_argument("--cases", type=int, default=300, help="mutations to try (default 300)")
    ap.add_argument("--seed", type=int, default=20261205)
    ap.add_argument("--timeout", type=float, default=10, help="seconds before a validate or run counts as a hang")
    ap.add_argument("--keep", default="fuzz-failures", help="where failing mutations are kept")
    ap.add_argument("--sweep", action="append", default=[],
                    help="also set every numeric field of this scenario (under scenarios/) to each extreme value and run it (repeatable)")
    args = ap.parse_args()

    caresim = str(Path(args.caresim).resolve())
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="caresim-fuzz-"))
    mirror = work / "scenarios"
    shutil.copytree(ROOT / "scenarios", mirror)
    (work / "data").symlink_to(ROOT / "data")
    originals = sorted(p.relative_to(mirror) for p in mirror.rglob("*.yaml"))
    texts = {p: (mirror / p).read_text() for p in originals}
    counts = {"accepted": 0, "rejected": 0, "runs": 0, "swept": 0}
    failures = []
    slowest = (0.0, "")
    start = time.perf_counter()
    try:
        for case in range(args.cases):
            # A third of the cases mutate RN-1, whose accepted mutations are also run.
            rel = Path("reference/rn1.yaml") if case % 3 == 2 else originals[case % len(originals)]
            mutated, what = mutate(texts[rel], rng)
            target = mirror / rel
            target.write_text(mutated, encoding="utf-8", errors="surrogateescape")
            cmd = [caresim, "validate", str(target)]
            code, err, seconds, timed_out = run(cmd, args.timeout, work)
            if seconds > slowest[0]:
                slowest = (seconds, f"case {case} ({rel}: {what})")
            why = problem(code, err, timed_out, "caresim validate", args.timeout)
            if why is None and code == 0 and rel.as_posix() == "reference/rn1.yaml":
                counts["runs"] += 1
                out = work / f"run-{case}"
                code, err, seconds, timed_out = run([caresim, "run", str(target), "--replications", "1", "--threads", "1",
                                                     "--quiet", "--out", str(out)], args.timeout, work)
                why = problem(code, err, timed_out, "caresim run --replications 1", args.timeout)
                if why is None and code == 1:
                    why = f"accepted by validate but refused by run:\n{err[-2000:]}"
                shutil.rmtree(out, ignore_errors=True)
            if why is None:
                counts["accepted" if code == 0 else "rejected"] += 1
            else:
                keep = Path(args.keep)
                keep.mkdir(parents=True, exist_ok=True)
                saved = keep / f"case-{case}-{rel.as_posix().replace('/', '-')}"
                saved.write_text(mutated, encoding="utf-8", errors="surrogateescape")
                failures.append((case, rel, what, why, saved))
                print(f"FAIL case {case} ({rel}: {what}): {why.splitlines()[0]}\n  kept as {saved}", flush=True)
            target.write_text(texts[rel])
        for name in args.sweep:
            for path, value, why in sweep(caresim, mirror / name, work, args.timeout, args.keep, counts):
                failures.append((f"sweep", Path(name), f"--set {path}={value}", why, mirror / name))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - start
    print(f"fuzz: {args.cases} mutations of {len(originals)} scenarios (seed {args.seed}) in {elapsed:.0f} s: "
          f"{counts['accepted']} accepted ({counts['runs']} of them run), {counts['rejected']} rejected with located errors, "
          f"{counts['swept']} extreme values swept without fault, {len(failures)} failures; slowest {slowest[0]:.1f} s, {slowest[1]}")
    for case, rel, what, why, saved in failures[:20]:
        print(f"\ncase {case}: {rel}: {what}\n{why}\nreproduce: {caresim} validate {saved}  (copy it into scenarios/{rel.parent} "
              f"first if it extends another scenario or reads ../data)")
    print(f"{args.cases + counts['swept'] + sum(1 for f in failures if f[0] == 'sweep') - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
