#!/usr/bin/env python3
"""Summarises tools/la_survey.sh's files: for every LA, the targets met in-sample (all, and those
its own published figures do not contradict), the no-change drift, and the back-tests' errors
against the two naive forecasts.

    python3 tools/la_survey_summary.py OUTDIR

Reads OUTDIR/CODE.yaml (the baseline: its header names the contradicted targets),
OUTDIR/CODE.check/check.csv and drift.csv, and OUTDIR/CODE.bt2013/backtest.csv and
OUTDIR/CODE.bt2014/backtest.csv. Writes OUTDIR/survey.csv (one row per LA) and
OUTDIR/backtest-all.csv (every scored cell), and prints the summary.
"""
import csv
import os
import statistics
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "results/la-survey"
codes = sorted(f[:-5] for f in os.listdir(out) if f.endswith(".yaml") and f.startswith("E"))


def rows(path):
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def contradicted(code):
    """Targets on figures the LA's own publications contradict (the baseline's header line)."""
    metrics = set()
    with open(os.path.join(out, code + ".yaml")) as f:
        for line in f:
            if not line.startswith("#"):
                break
            if line.startswith("# contradicted targets:"):
                metrics |= {m.strip() for m in line.split(":", 1)[1].split(",") if m.strip()}
    return metrics


survey, cells = [], []
for code in codes:
    check = rows(os.path.join(out, code + ".check", "check.csv"))
    if check is None:
        continue
    bad = contradicted(code)
    missed = [r["metric"] for r in check if r["result"].lower() != "pass"]
    drift = rows(os.path.join(out, code + ".check", "drift.csv")) or []
    # Stocks and flows that do not add up (stock + starts - ends against the next stock) are the first kind of
    # contradiction; assessments fewer than the referrals not closed at the door the second (LocalConsistency).
    stock_bad = bad - {"assessments_completed"}
    row = {"code": code, "targets": len(check), "missed": len(missed), "contradicted_targets": len(bad & {r["metric"] for r in check}),
           "missed_not_contradicted": len([m for m in missed if m not in bad]), "contradicts": int(bool(bad)),
           "stocks_contradict": int(bool(stock_bad)), "assessments_contradict": int("assessments_completed" in bad),
           "missed_not_stock_contradicted": len([m for m in missed if m not in stock_bad]),
           "drift_within": sum(1 for r in drift if r["pass"] == "pass"), "drift_measures": len(drift),
           "drift_beyond_95": sum(1 for r in drift if r["beyond_at_95"] == "yes")}
    for year in (2013, 2014):
        bt = rows(os.path.join(out, f"{code}.bt{year}", "backtest.csv")) or []
        for r in bt:
            if r["model_error_pct"] and r["persistence_error_pct"]:
                r["code"] = code
                r["contradicts"] = row["contradicts"]
                cells.append(r)
    survey.append(row)

if not survey:
    sys.exit(f"no checked LAs in {out}")
with open(os.path.join(out, "survey.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(survey[0].keys()))
    w.writeheader()
    w.writerows(survey)
if cells:
    with open(os.path.join(out, "backtest-all.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(cells[0].keys()))
        w.writeheader()
        w.writerows(cells)

n = len(survey)
print(f"{n} LAs checked; {sum(r['contradicts'] for r in survey)} have published figures that contradict each other: "
      f"{sum(r['stocks_contradict'] for r in survey)} a stock + starts - ends against the next stock, "
      f"{sum(r['assessments_contradict'] for r in survey)} assessments fewer than referrals not closed at the door (each more than 5% apart)")
print(f"targets missed in-sample: median {statistics.median(r['missed'] for r in survey)}, "
      f"not counting targets on stocks and flows that do not add up median {statistics.median(r['missed_not_stock_contradicted'] for r in survey)}, "
      f"not counting any contradicted target median {statistics.median(r['missed_not_contradicted'] for r in survey)}; "
      f"{sum(1 for r in survey if r['missed'] == 0)} meet every target, {sum(1 for r in survey if r['missed_not_contradicted'] <= 1)} miss at most one uncontradicted")
print(f"no-change drift: {sum(1 for r in survey if r['drift_measures'] and r['drift_within'] == r['drift_measures'])} hold every headline measure within 1% a year, "
      f"{sum(1 for r in survey if r['drift_measures'] and r['drift_beyond_95'] == 0)} have none beyond it at 95%")


def summarise(label, subset):
    if not subset:
        print(f"{label}: no scored cells")
        return
    m = [float(r["model_error_pct"]) for r in subset]
    p = [float(r["persistence_error_pct"]) for r in subset]
    t = [(float(r["model_error_pct"]), float(r["linear_trend_error_pct"])) for r in subset if r["linear_trend_error_pct"]]
    beats = sum(1 for a, b in zip(m, p) if a <= b)
    inside = sum(1 for r in subset if r["inside_95"] == "true")
    print(f"{label}: {len(subset)} LA x measure x year cells; model at least as close as persistence in {beats} ({100 * beats / len(subset):.0f}%), "
          f"as the linear trend in {sum(1 for a, b in t if a <= b)} of {len(t)}; published inside the model's 95% range in {inside} ({100 * inside / len(subset):.0f}%); "
          f"median absolute error: model {statistics.median(m):.1f}%, persistence {statistics.median(p):.1f}%"
          + (f", linear trend {statistics.median(b for _, b in t):.1f}%" if t else ""))


if cells:
    summarise("back-tests, all", cells)
    for year in ("2013", "2014"):
        summarise(f"  fit through {year}", [r for r in cells if r["fit_through"] == year])
    for measure in sorted({r["measure"] for r in cells}):
        summarise(f"  {measure}", [r for r in cells if r["measure"] == measure])


def predictability(out):
    """How much of a year's change the model and smoothed naive forecasts catch (docs/forecasting.md,
    section 6): per measure, the correlation of the model's one-year change (its projection against
    the last published figure) with the published change, and how often two smoothed naive
    forecasts are at least as close as persistence, from each back-test's years.csv."""
    changes, smooth = {}, {}
    for d in sorted(os.listdir(out)):
        if not (d.startswith("E") and (d.endswith(".bt2013") or d.endswith(".bt2014"))):
            continue
        fit = int(d[-4:])
        bt, years = rows(os.path.join(out, d, "backtest.csv")), rows(os.path.join(out, d, "years.csv"))
        if not bt or not years:
            continue
        published = {}
        for r in years:
            if r["published"]:
                published.setdefault(r["measure"], {})[int(r["year_ending"])] = float(r["published"])
        for r in bt:
            m, y = r["measure"], int(r["year_ending"])
            s = published.get(m, {})
            if fit not in s or y not in s or s[fit] <= 0 or s[y] <= 0 or not r["model"]:
                continue
            last, actual = s[fit], s[y]
            if r["horizon"] == "1":
                changes.setdefault(m, []).append((float(r["model"]) / last - 1, actual / last - 1))
            history = [s[k] for k in range(fit - 2, fit + 1) if k in s]
            forecasts = {"mean of the last two": (last + s.get(fit - 1, last)) / 2,
                         "0.7 x last + 0.3 x mean of three": 0.7 * last + 0.3 * statistics.mean(history)}
            for name, f in forecasts.items():
                smooth.setdefault((m, name), []).append(abs(f - actual) <= abs(last - actual))
    if not changes:
        return
    print("one-year changes, model against published (correlation; standard deviations):")
    for m, xy in sorted(changes.items()):
        if len(xy) > 2:
            xs, ys = [a for a, _ in xy], [b for _, b in xy]
            print(f"  {m}: {len(xy)} cells, correlation {statistics.correlation(xs, ys):.2f}; "
                  f"sd model {statistics.stdev(xs):.3f}, published {statistics.stdev(ys):.3f}")
    print("smoothed naive forecasts at least as close as persistence:")
    for (m, name), wins in sorted(smooth.items()):
        print(f"  {m}, {name}: {sum(wins) / len(wins):.0%} of {len(wins)}")


def combinations(subset):
    """Whether the model knows anything persistence does not (docs/forecasting.md, section 6): the
    median error of w x the model's figure + (1 - w) x persistence over the scored cells. If a
    little weight on the model does better than none, its changes carry information."""
    scored = [r for r in subset if r["published"] and r["persistence"] and r["model"] and float(r["published"]) > 0]
    if not scored:
        return
    parts = []
    for w in (0, 0.1, 0.25, 0.5, 1):
        errors = [abs(w * float(r["model"]) + (1 - w) * float(r["persistence"]) - float(r["published"])) / float(r["published"]) * 100
                  for r in scored]
        parts.append(f"{w:g}: {statistics.median(errors):.1f}%")
    print("median absolute error of w x model + (1 - w) x persistence, by w: " + ", ".join(parts))


combinations(cells)
predictability(out)
