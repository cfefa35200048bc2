#!/usr/bin/env python3
"""Compares two LA surveys (tools/la_survey.sh) of two scenarios, seed by seed, with uncertainty.

One survey's counts move with its seed about as much as a change to the England scenario moves
them (docs/forecasting.md, section 7), so a comparison of two scenarios pairs their surveys at the
same seeds and says how far apart they are beyond that noise:

    tools/la_survey_compare.py --a A_SEED1 A_SEED2 A_SEED3 --b B_SEED1 B_SEED2 B_SEED3

Each DIR is the OUTDIR of one `SURVEY_SEED=S tools/la_survey.sh CARESIM OUTDIR` (its survey.csv and
backtest-all.csv; a survey without back-tests is compared in-sample only); the i-th of --a and the i-th of --b must have been run at the same seed (the
tool checks the seed each LA's baseline was written with).

Printed, for A and B at each seed, and B - A, over the LAs (and back-test cells) both surveys have:
- in-sample: targets missed; those not contradicted by the LA's own figures; LAs meeting every
  target; LAs missing at most one uncontradicted target; the median LA's uncontradicted misses;
- back-tests: cells where the model is at least as close as persistence (share), and the model's
  median absolute error.
Then the paired differences pooled over seeds, with 95% intervals that treat the LA as the unit
(each LA's difference averaged over seeds and cells, so an LA's cells are not counted as
independent): targets missed per LA, uncontradicted targets missed per LA, back-test cells at
least as close as persistence, and the absolute error per cell (percentage points).

Needs only the Python standard library.
"""

import argparse
import csv
import math
import re
import statistics
import sys
from pathlib import Path


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def seed_of(survey):
    """The seed the survey's baselines were written with (from the first LA's header; a header
    without --seed was written at caresim baseline's default, 20150331)."""
    for yaml in sorted(Path(survey).glob("E*.yaml")):
        head = yaml.read_text(errors="replace")[:2000]
        m = re.search(r"--seed (\d+)", head)
        if m:
            return int(m.group(1))
        if "caresim baseline " in head:
            return 20150331
    return None


def load(survey):
    d = Path(survey)
    if not (d / "survey.csv").is_file():
        sys.exit(f"{d / 'survey.csv'}: not found (is {survey} the OUTDIR of a finished tools/la_survey.sh, or one tools/la_survey_summary.py has read?)")
    las = {r["code"]: r for r in read(d / "survey.csv")}
    cells = {}
    # A survey of the in-sample checks alone (no back-tests) has no backtest-all.csv.
    for r in (read(d / "backtest-all.csv") if (d / "backtest-all.csv").is_file() else []):
        try:
            err = float(r["model_error_pct"])
            float(r["persistence_error_pct"])  # scored against persistence, or not a cell
        except ValueError:
            continue
        cells[(r["code"], r["fit_through"], r["year_ending"], r["measure"])] = (err, r["model_beats_persistence"] == "true")
    return las, cells


def in_sample(las):
    missed = [int(r["missed"]) for r in las.values()]
    clean = [int(r["missed_not_contradicted"]) for r in las.values()]
    return {
        "targets missed": sum(missed),
        "uncontradicted missed": sum(clean),
        "LAs meeting every target": sum(1 for m in missed if m == 0),
        "LAs missing at most 1 uncontradicted": sum(1 for m in clean if m <= 1),
        "median LA, uncontradicted misses": statistics.median(clean) if clean else float("nan"),
    }


def backtests(cells):
    if not cells:
        return {"back-test cells": 0, "at least as close as persistence (%)": float("nan"), "median abs error (%)": float("nan")}
    return {
        "back-test cells": len(cells),
        "at least as close as persistence (%)": 100 * sum(1 for c in cells.values() if c[1]) / len(cells),
        "median abs error (%)": statistics.median(c[0] for c in cells.values()),
    }


def interval(values):
    """Mean and 95% interval (t, or normal beyond 30) of per-LA values."""
    n = len(values)
    if n < 2:
        return float("nan"), float("nan"), float("nan")
    m = statistics.fmean(values)
    se = statistics.stdev(values) / math.sqrt(n)
    t = {2: 12.71, 3: 4.30, 4: 3.18, 5: 2.78, 6: 2.57, 7: 2.45, 8: 2.36, 9: 2.31, 10: 2.26}.get(n, 2.0 if n <= 30 else 1.96)
    return m, m - t * se, m + t * se


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", nargs="+", required=True, metavar="DIR", help="surveys of scenario A, one per seed")
    ap.add_argument("--b", nargs="+", required=True, metavar="DIR", help="surveys of scenario B, at the same seeds in the same order")
    ap.add_argument("--labels", nargs=2, default=["A", "B"], metavar=("A", "B"))
    args = ap.parse_args()
    if len(args.a) != len(args.b):
        sys.exit(f"--a has {len(args.a)} surveys and --b {len(args.b)}: give one of each per seed, in the same order")
    la_label, lb_label = args.labels
    per_la = {}   # code -> lists of paired differences (one per seed)
    per_la_cells = {}  # code -> list of (beats B - beats A, err B - err A) over seeds and cells
    for a_dir, b_dir in zip(args.a, args.b):
        a_las, a_cells = load(a_dir)
        b_las, b_cells = load(b_dir)
        sa, sb = seed_of(a_dir), seed_of(b_dir)
        if sa != sb:
            sys.exit(f"{a_dir} was run at seed {sa} and {b_dir} at {sb}: pair surveys run at the same seed")
        print(f"seed {sa}: {la_label} = {a_dir}, {lb_label} = {b_dir}")
        # Only the LAs (and back-test cells) both surveys have, so that the totals are paired.
        common = a_las.keys() & b_las.keys()
        for label, las in ((la_label, a_las), (lb_label, b_las)):
            if len(las) > len(common):
                print(f"  left out, not in both surveys: {', '.join(sorted(las.keys() - common))} (only in {label})")
        a_las = {c: a_las[c] for c in common}
        b_las = {c: b_las[c] for c in common}
        both = a_cells.keys() & b_cells.keys()
        a_cells = {k: a_cells[k] for k in both}
        b_cells = {k: b_cells[k] for k in both}
        fa, fb = in_sample(a_las) | backtests(a_cells), in_sample(b_las) | backtests(b_cells)
        for key in fa:
            d = fb[key] - fa[key]
            fmt = (lambda v: f"{v:.1f}") if isinstance(fa[key], float) else (lambda v: f"{v}")
            print(f"  {key:40s} {la_label} {fmt(fa[key]):>7s}   {lb_label} {fmt(fb[key]):>7s}   {lb_label} - {la_label} {fmt(d):>7s}")
        for code in common:
            per_la.setdefault(code, []).append((
                int(b_las[code]["missed"]) - int(a_las[code]["missed"]),
                int(b_las[code]["missed_not_contradicted"]) - int(a_las[code]["missed_not_contradicted"])))
        for key in both:
            (ea, wa), (eb, wb) = a_cells[key], b_cells[key]
            per_la_cells.setdefault(key[0], []).append((int(wb) - int(wa), eb - ea))
    seeds = len(args.a)
    print(f"\npaired over {seeds} seed(s), {lb_label} - {la_label}, mean and 95% interval over LAs (each LA's differences averaged over seeds and cells):")
    # (name, per-LA values, whether a total over LAs means something: targets are counts)
    rows = [
        ("targets missed per LA", [statistics.fmean(d[0] for d in v) for v in per_la.values()], True),
        ("uncontradicted targets missed per LA", [statistics.fmean(d[1] for d in v) for v in per_la.values()], True),
        ("back-test cells at least as close as persistence (points)", [100 * statistics.fmean(d[0] for d in v) for v in per_la_cells.values()], False),
        ("back-test absolute error per cell (points)", [statistics.fmean(d[1] for d in v) for v in per_la_cells.values()], False),
    ]
    for name, values, counts in rows:
        if not values:
            print(f"  {name}: no back-tests in both surveys")
            continue
        m, lo, hi = interval(values)
        total = f"; over all {len(values)} LAs: {m * len(values):+.1f} a seed" if counts else ""
        print(f"  {name}: {m:+.3f} ({lo:+.3f} to {hi:+.3f}), {len(values)} LAs{total}")


if __name__ == "__main__":
    main()
