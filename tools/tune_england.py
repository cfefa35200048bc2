"""Coordinate search over a few fitted parameters of scenarios/england-2014-15.yaml.

A development aid, not part of the product: it writes candidate scenarios to a temporary
folder, runs `caresim check` at reduced scale with a fixed seed (common random numbers across
candidates), and scores each by the sum over targets of (miss / tolerance)^2 for misses beyond
80% of the tolerance. Prints the best parameters found; copying them into the scenario (with
their comments) is left to the person running it.

    .venv/bin/python tools/tune_england.py --caresim .build/release/caresim --rounds 2

With --drift the score also counts each headline measure's no-change drift against its limit
(`caresim check --drift`), so the search moves towards durations consistent with the stocks.

With --extra-targets FILE (rows in the targets' format, for metrics that are not among them,
such as the census's open-case duration shares `cin_open_<band>_share`) those rows are scored
too; with --cin-knobs the search also moves the CIN plans' 2-to-7-year band, their step-up's
mean, the upper end of their longest band and the warm start's `initial.open_band_upper_days`.

With --run-in TARGETS (calibration/england-2013-14.csv) the score also counts the run-in year's
targets (measured over the year before the measured one), and the search also moves the run-in
year's factors (referrals.by_year and each demand conversion's by_year), so that the scenario
reproduces both published years, not only the measured one.

With --run-in-year 2013 and --run-in-set (repeatable) the scored year is another one, from the
run its sets describe: 2012-13 from a warm start at 31 March 2012 is

    --run-in calibration/england-2012-13.csv --run-in-year 2013 --only-run-in \
    --run-in-set calendar.stocks_at=2012-03-31 --run-in-set initial.year=2012 \
    --run-in-set calendar.stability_year_ending=2013
"""
import argparse, copy, csv, os, subprocess, sys, tempfile
import yaml

def get(tree, path):
    for k in path: tree = tree[k]
    return tree

def put(tree, path, value):
    for k in path[:-1]: tree = tree[k]
    tree[path[-1]] = value

def normalise(tree, path, keep):
    """Make the shares at path sum to 1 by adjusting the share named keep."""
    shares = get(tree, path)
    others = sum(v for k, v in shares.items() if k != keep)
    shares[keep] = round(1 - others, 6)
    return shares[keep] >= 0

def penalty(ratio):
    return (ratio - 0.8) ** 2 * 10 + ratio ** 2 if ratio > 0.8 else 0.1 * ratio ** 2

def with_extra(targets, extra, workdir):
    """The targets file and the extra rows, in one file the run checks."""
    if not extra: return targets
    path = os.path.join(workdir, "targets-with-extra.csv")
    rows = open(targets).read().rstrip("\n").split("\n")
    rows += [r for r in open(extra).read().rstrip("\n").split("\n")[1:] if r]
    open(path, "w").write("\n".join(rows) + "\n")
    return path

def score(caresim, tree, targets, workdir, reps, scale, drift=False, run_in=None, run_in_year=None, run_in_sets=(), only_run_in=False):
    total, fails = (0.0, 0) if only_run_in and run_in_sets else score_year(caresim, tree, targets, workdir, reps, scale, drift)
    if run_in:
        year = run_in_year or tree["calendar"]["measure_year_ending"] - 1
        t, f = score_year(caresim, tree, run_in, workdir, reps, scale, False, [f"calendar.measure_year_ending={year}"] + list(run_in_sets))
        total, fails = total + t, fails + f
    return total, fails

def score_year(caresim, tree, targets, workdir, reps, scale, drift=False, sets=()):
    path = os.path.join(workdir, "candidate.yaml")
    with open(path, "w") as f: yaml.safe_dump(tree, f, sort_keys=False)
    out = os.path.join(workdir, "out")
    if os.path.exists(out): subprocess.run(["rm", "-rf", out])
    extra = [x for s in sets for x in ("--set", s)]
    subprocess.run([caresim, "check", path, "--targets", targets, "--set", f"scale={scale}",
                    "--replications", str(reps), "--quiet", "--out", out] + extra + (["--drift"] if drift else []),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total, fails = 0.0, 0
    for row in csv.DictReader(open(os.path.join(out, "check.csv"))):
        allowed = float(row["allowed_difference"])
        miss = abs(float(row["simulated_mean"] or "nan") - float(row["target"]))
        fails += row["result"] != "pass"
        total += penalty(miss / allowed)
    if drift:
        # The no-change drift of each headline flow and stock, against its limit a year.
        for row in csv.DictReader(open(os.path.join(out, "drift.csv"))):
            fails += row["pass"] != "pass"
            total += penalty(abs(float(row["drift_per_year"])) / float(row["limit_per_year"]))
    return total, fails

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--caresim", required=True)
    ap.add_argument("--scenario", default="scenarios/england-2014-15.yaml")
    ap.add_argument("--targets", default="calibration/england-2014-15.csv")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--replications", type=int, default=6)
    ap.add_argument("--scale", type=float, default=0.1)
    ap.add_argument("--drift", action="store_true", help="also score the no-change drift (caresim check --drift)")
    ap.add_argument("--extra-targets", help="more target rows (the targets' format), scored with the measured year's")
    ap.add_argument("--cin-knobs", action="store_true", help="also move cin.close_days' 2-to-7-year band and its longest band's "
                    "upper end, cin.section47_days' mean and initial.open_band_upper_days")
    ap.add_argument("--run-in", help="the run-in year's targets, also scored; the run-in year's factors are then searched too")
    ap.add_argument("--only-run-in", action="store_true", help="search only the run-in year's factors")
    ap.add_argument("--run-in-year", type=int, help="the year ending of the run-in targets (default: the measured year's less 1)")
    ap.add_argument("--run-in-set", action="append", default=[], help="KEY=VALUE for the run-in year's run (repeatable); with "
                    "--only-run-in the measured year is then not scored, since these runs cannot change it")
    a = ap.parse_args()
    tree = yaml.safe_load(open(a.scenario))
    tree["initial"]["data"] = os.path.abspath(os.path.join(os.path.dirname(a.scenario), tree["initial"]["data"]))
    knobs = []  # (path, step, normalise-path, keep)
    for i in range(len(tree["referrals"]["age"]["bands"])):
        knobs.append((["referrals", "age", "bands", i, "probability"], 0.01, None, None))
    for b in range(len(tree["assessment"]["outcome"])):
        knobs.append((["assessment", "outcome", b, "shares", "care"], 0.005, ["assessment", "outcome", b, "shares"], "close"))
    for b in range(1, len(tree["care"]["exit_routes"])):
        if "age_18" in tree["care"]["exit_routes"][b]["routes"]:
            knobs.append((["care", "exit_routes", b, "routes", "age_18"], 0.02, ["care", "exit_routes", b, "routes"], "returned_home"))
    rate = "per_year" if "per_year" in tree["referrals"] else "rate_per_10000_children"
    knobs += [(["cin", "care_days", "mean"], 500, None, None),
              (["care", "exit_days", "returned_home", "mu"], 0.1, None, None),
              (["care", "exit_days", "adoption", "mu"], 0.1, None, None),
              (["care", "exit_days", "other", "mu"], 0.1, None, None),
              (["care", "exit_days", "returned_home", "sigma"], 0.1, None, None),
              (["care", "exit_days", "other", "sigma"], 0.1, None, None),
              (["referrals", rate], 4000 if rate == "per_year" else 3, None, None)]
    if a.only_run_in: knobs = []
    if a.run_in:
        year = a.run_in_year or tree["calendar"]["measure_year_ending"] - 1
        by = tree["referrals"].get("by_year") or []
        for i, item in enumerate(by):
            if item["year_ending"] == year: knobs.append((["referrals", "by_year", i, "factor"], 0.01, None, None))
        for name, conv in (tree.get("demand", {}).get("conversions") or {}).items():
            for i, item in enumerate(conv.get("by_year") or []):
                if item["year_ending"] == year: knobs.append((["demand", "conversions", name, "by_year", i, "factor"], 0.02, None, None))
    if a.drift and not a.only_run_in:
        # The long tail of CIN plans (the last close_days band) against the first band.
        knobs.append((["cin", "close_days", "bands", len(tree["cin"]["close_days"]["bands"]) - 1, "probability"], 0.01, "cin-bands", None))
    if a.cin_knobs:
        n = len(tree["cin"]["close_days"]["bands"])
        knobs += [(["cin", "close_days", "bands", n - 2, "probability"], 0.01, "cin-bands", None),
                  (["cin", "section47_days", "mean"], 100, None, None),
                  (["initial", "open_band_upper_days"], 100, None, None),
                  (["cin", "close_days", "bands", n - 1, "upper"], 500, None, None)]
    with tempfile.TemporaryDirectory() as work:
        a.targets = with_extra(a.targets, a.extra_targets, work)
        best, fails = score(a.caresim, tree, a.targets, work, a.replications, a.scale, a.drift, a.run_in, a.run_in_year, a.run_in_set, a.only_run_in)
        print(f"start: score {best:.2f}, {fails} failing", flush=True)
        for r in range(a.rounds):
            for path, step, npath, keep in knobs:
                for sign in (+1, -1):
                    cand = copy.deepcopy(tree)
                    v = get(cand, path) + sign * step
                    if v <= 0: continue
                    put(cand, path, round(v, 6))
                    if path[:3] == ["referrals", "age", "bands"]:
                        bands = cand["referrals"]["age"]["bands"]
                        t = sum(b["probability"] for b in bands)
                        for b in bands: b["probability"] = round(b["probability"] / t, 6)
                        bands[-1]["probability"] = round(1 - sum(b["probability"] for b in bands[:-1]), 6)
                    if npath == "cin-bands":
                        bands = cand["cin"]["close_days"]["bands"]
                        bands[0]["probability"] = round(1 - sum(b["probability"] for b in bands[1:]), 6)
                        if bands[0]["probability"] <= 0: continue
                    elif npath and not normalise(cand, npath, keep): continue
                    s, f = score(a.caresim, cand, a.targets, work, a.replications, a.scale, a.drift, a.run_in, a.run_in_year, a.run_in_set, a.only_run_in)
                    if s < best:
                        best, fails, tree = s, f, cand
                        print(f"round {r}: {'.'.join(map(str, path))} -> {get(tree, path)}: score {best:.2f}, {fails} failing", flush=True)
                        break
        yaml.safe_dump(tree, open("/tmp/tuned-england.yaml", "w"), sort_keys=False)
        print(f"best score {best:.2f}, {fails} failing; written to /tmp/tuned-england.yaml")

main()
