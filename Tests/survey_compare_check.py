#!/usr/bin/env python3
"""Checks tools/la_survey_compare.py on made-up surveys whose answers are known.

Two scenarios, A and B, each surveyed at two seeds, three LAs: B misses one target more than A in
LA 1 at both seeds and one fewer in LA 2 at the first seed only, so the paired difference per LA
is (1 + 1) / 2 = 1 for LA 1, (-1 + 0) / 2 = -0.5 for LA 2 and 0 for LA 3, mean 1/6, and the
interval is the t interval of those three values. In the back-tests B is at least as close as
persistence in one cell more than A out of two in LA 1 (+50 points at each seed), and its errors
are lower by 2 points a cell in LA 1 and 1 in LA 2. Surveys at different seeds, or without survey.csv, are refused.

    python3 Tests/survey_compare_check.py      # exit 1 on any failure

Needs only the Python standard library.
"""

import math
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools/la_survey_compare.py"
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print(f"FAIL: {what}")


def survey(d, seed, missed, cells):
    """A survey folder: one baseline header per LA naming the seed, survey.csv, backtest-all.csv."""
    d.mkdir(parents=True)
    rows = ["code,targets,missed,contradicted_targets,missed_not_contradicted"]
    for code, m in missed.items():
        (d / f"{code}.yaml").write_text(f"# x\n#   caresim baseline --la {code} --year 2015 --seed {seed} --out x\n")
        rows.append(f"{code},40,{m},0,{m}")
    (d / "survey.csv").write_text("\n".join(rows) + "\n")
    bt = ["code,fit_through,year_ending,measure,model_error_pct,persistence_error_pct,model_beats_persistence"]
    for (code, measure), (err, perr) in cells.items():
        bt.append(f"{code},2013,2014,{measure},{err},{perr},{'true' if err <= perr else 'false'}")
    (d / "backtest-all.csv").write_text("\n".join(bt) + "\n")


def run(*args):
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    t = Path(tmp)
    a_cells = {("E1", "referrals"): (10, 8), ("E1", "cp_plans_open"): (12, 9), ("E2", "referrals"): (5, 6)}
    b_cells = {("E1", "referrals"): (7, 8), ("E1", "cp_plans_open"): (11, 9), ("E2", "referrals"): (4, 6)}
    survey(t / "a1", 1, {"E1": 1, "E2": 3, "E3": 0}, a_cells)
    survey(t / "a2", 2, {"E1": 2, "E2": 2, "E3": 0}, a_cells)
    survey(t / "b1", 1, {"E1": 2, "E2": 2, "E3": 0}, b_cells)
    survey(t / "b2", 2, {"E1": 3, "E2": 2, "E3": 0}, b_cells)
    out = run("--a", t / "a1", t / "a2", "--b", t / "b1", t / "b2")
    check(out.returncode == 0, f"the comparison runs: {out.stderr}")
    text = out.stdout
    # Seed 1: A misses 4, B 4; seed 2: A 4, B 5.
    check("targets missed" in text and text.count("B - A       0") >= 1, f"seed 1's totals are equal:\n{text}")
    per_la = [1.0, -0.5, 0.0]
    m, se = statistics.fmean(per_la), statistics.stdev(per_la) / math.sqrt(3)
    line = next((l for l in text.splitlines() if l.strip().startswith("targets missed per LA")), "")
    check(f"{m:+.3f} ({m - 4.30 * se:+.3f} to {m + 4.30 * se:+.3f}), 3 LAs" in line, f"per-LA mean and t interval (3 LAs, t 4.30): {line!r}")
    check("over all 3 LAs: +0.5 a seed" in line, f"the total difference a seed: {line!r}")
    closer = next((l for l in text.splitlines() if "cells at least as close as persistence (points)" in l), "")
    # E1: A beats persistence in 0 of 2 cells, B in 1 of 2 (7 <= 8): +50 points; E2: both beat it: 0.
    check(closer.strip().startswith("back-test cells at least as close as persistence (points): +25.000"), f"back-test cells: {closer!r}")
    error = next((l for l in text.splitlines() if "absolute error per cell" in l), "")
    check(error.strip().startswith("back-test absolute error per cell (points): -1.500"), f"errors (E1 -2, E2 -1 a cell, averaged by LA: -1.5): {error!r}")
    # An LA in one survey only is left out of both, and named.
    survey(t / "b3", 1, {"E1": 2, "E2": 2}, b_cells)
    out = run("--a", t / "a1", "--b", t / "b3")
    check(out.returncode == 0 and "left out, not in both surveys: E3 (only in A)" in out.stdout, f"an LA in one survey only: {out.stdout}{out.stderr}")
    check("over all 2 LAs" in out.stdout, f"the pooled difference over the LAs in both: {out.stdout}")
    # Refused: surveys at different seeds, and a folder that is not a survey.
    bad = run("--a", t / "a1", "--b", t / "b2")
    check(bad.returncode != 0 and "same seed" in bad.stderr + bad.stdout, f"different seeds refused: {bad.stdout}{bad.stderr}")
    (t / "empty").mkdir()
    bad = run("--a", t / "empty", "--b", t / "b1")
    check(bad.returncode != 0 and "survey.csv" in bad.stderr + bad.stdout, f"a folder without survey.csv refused: {bad.stderr}")
    bad = run("--a", t / "a1", t / "a2", "--b", t / "b1")
    check(bad.returncode != 0 and "one of each per seed" in bad.stderr + bad.stdout, f"unequal numbers refused: {bad.stderr}")

print(f"survey comparison: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
