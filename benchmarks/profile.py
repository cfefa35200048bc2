#!/usr/bin/env python3
"""Where the pathway model's time goes: a perf profile of the England baseline.

Runs the ten-year England baseline (scenarios/england-2014-15.yaml warm-started at 31 March
2013 and run to 31 March 2023, full scale, one replication, one thread, its central
projection as `make bench` runs it) under
`perf record -e cpu-clock -g`, and writes the functions with the most samples (self time,
Swift names demangled) into the "Profile" section of BENCHMARKS.md, keeping the rest of the
file as `make bench` wrote it. Run through `make profile`, which installs Debian's linux-perf.
"""
import argparse
import datetime
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios/england-2014-15.yaml"
SETTINGS = ["calendar.measure_year_ending=2023", "calendar.stability_year_ending=2023"]
START, END = "<!-- profile: written by make profile (benchmarks/profile.py) -->", "<!-- end of profile -->"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--caresim", required=True)
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="caresim-profile-"))
    data = work / "perf.data"
    run = [args.caresim, "run", str(SCENARIO), "--replications", "1", "--threads", "1", "--central-effects", "--quiet", "--out", str(work / "out")]
    for s in SETTINGS:
        run += ["--set", s]
    record = ["perf", "record", "-e", "cpu-clock", "-g", "-o", str(data), "--"] + run
    p = subprocess.run(record, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"perf record failed ({p.returncode}):\n{p.stderr[-2000:]}")
    report = subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--sort", "symbol", "--stdio", "-g", "none"],
                            capture_output=True, text=True, check=True).stdout
    every = [l for l in report.splitlines() if re.match(r"^\s+\d+\.\d+%", l)]
    lines = every[: args.top]
    demangled = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(lines), capture_output=True, text=True).stdout
    # Groups of functions across the whole profile: the runtime's exclusivity checks, hashing
    # (dictionaries keyed by strings and integers), reference counting.
    all_demangled = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(every), capture_output=True, text=True).stdout
    groups = {"exclusivity checks (swift_beginAccess, swift_endAccess, AccessSet, TLS)": r"swift_beginAccess|swift_endAccess|AccessSet|__tls_get_addr|SwiftTLSContext",
              "hashing and dictionary look-ups": r"Hasher|RawDictionaryStorage|Dictionary",
              "reference counting (swift_retain, swift_release, uniqueness checks)": r"swift_retain|swift_release|isUniquelyReferenced"}
    totals = {}
    for line in all_demangled.splitlines():
        m = re.match(r"^\s+(\d+\.\d+)%\s+\[\.\]\s+(.*)$", line)
        if m:
            for name, pattern in groups.items():
                if re.search(pattern, m.group(2)):
                    totals[name] = totals.get(name, 0) + float(m.group(1))
                    break
    samples = re.search(r"# Samples: (\S+)", report)
    rows = []
    for line in demangled.splitlines():
        m = re.match(r"^\s+(\d+\.\d+)%\s+\[\.\]\s+(.*?)\s*$", line)
        if m:
            name = re.sub(r"(\s+-)+\s*$", "", " ".join(m.group(2).split()))  # perf pads with empty "-" columns
            rows.append(f"| {m.group(1)}% | `{name[:110]}` |")
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join([
        START,
        "## Profile: the England baseline pathway, ten years",
        "",
        f"- Date: {date}; {samples.group(1) if samples else '?'} samples",
        "- Command: `make profile`, that is `perf record -e cpu-clock -g -- caresim run scenarios/england-2014-15.yaml "
        "--replications 1 --threads 1 --central-effects --set calendar.measure_year_ending=2023 --set calendar.stability_year_ending=2023`, "
        "then `perf report --no-children --sort symbol` (self time) with Swift names demangled",
        "",
        "Grouped over every function: " + "; ".join(f"{k} {v:.1f}%" for k, v in totals.items()) + ".",
        "",
        "| self time | function |",
        "|---:|---|",
        *rows,
        END,
    ])
    out = Path(args.out)
    text = out.read_text() if out.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    out.write_text(text)
    print(section)


if __name__ == "__main__":
    main()
