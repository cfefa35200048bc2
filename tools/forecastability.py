"""How far any forecast built from an LA's published series can beat persistence: an upper bound.

The LA back-test target (docs/forecasting.md, section 6) asks the model to be at least as close
as persistence (the last published value) in 60% of LA x measure x year cells. This tool asks
whether any forecast from the same inputs could be. It reads each LA's published figures for the
years ending 2012 to 2015 (`caresim baseline --targets-only`, nothing fitted or simulated) and
scores, on the back-test's cells (fit through 2013 projecting 2014 and 2015, through 2014
projecting 2015), forecasts of the form

    last value x exp(a + b . x)

where x is the last published one-year change (log ratio) of the measure itself, or of every
headline measure of the LA at once. The coefficients are fitted by least squares to the very
cells they are scored on, separately for each measure and horizon: an in-sample oracle, which
no honest forecast can do better than on average, since it has seen the answers. If even the
oracle beats persistence in fewer than 60% of cells, no forecast of that family can reach the
target, whatever model produces it.

    .venv/bin/python tools/forecastability.py --caresim .build/release/caresim [--out results/forecastability]

Writes `forecastability-series.csv` into the output folder (every LA x measure x year read; read
again from there on the next run, never overwritten) and prints the table.
"""
import argparse, csv, math, os, subprocess, sys, tempfile
import numpy as np

MEASURES = ["referrals", "section47_enquiries", "cp_plans_started", "cp_plans_open",
            "children_in_need_open", "looked_after_open", "looked_after_started"]
YEARS = [2012, 2013, 2014, 2015]
# (origin, target): the back-test's cells.
CELLS = [(2013, 2014), (2013, 2015), (2014, 2015)]


def read_series(caresim, out):
    """{(code, measure): {year: value}} from caresim baseline --targets-only, cached in out."""
    path = os.path.join(out, "forecastability-series.csv")
    header = ["area", "measure", "year_ending", "published"]
    if not os.path.exists(path):
        codes = [line.split()[0] for line in subprocess.run([caresim, "baseline", "--list"], capture_output=True,
                                                              text=True, check=True).stdout.splitlines() if line.strip()]
        rows = []
        with tempfile.TemporaryDirectory() as work:
            for code in codes:
                for year in YEARS:
                    file = os.path.join(work, f"{code}-{year}.csv")
                    p = subprocess.run([caresim, "baseline", "--targets-only", "--la", code, "--year", str(year),
                                        "--targets", file], capture_output=True, text=True)
                    if p.returncode != 0:
                        continue
                    for r in csv.DictReader(open(file)):
                        if r["metric"] in MEASURES:
                            rows.append((code, r["metric"], year, float(r["value"])))
        tmp = path + ".partial"
        with open(tmp, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        os.replace(tmp, path)
    reader = csv.DictReader(open(path))
    if reader.fieldnames != header:
        sys.exit(f"{path}: expected the columns {','.join(header)} (a file this tool wrote), got {reader.fieldnames}")
    series = {}
    for r in reader:
        series.setdefault((r["area"], r["measure"]), {})[int(r["year_ending"])] = float(r["published"])
    return series


def change(s, year):
    """The log change into year, or None."""
    a, b = s.get(year - 1), s.get(year)
    return math.log(b / a) if a and b and a > 0 and b > 0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--caresim", required=True)
    ap.add_argument("--out", default="results/forecastability")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    series = read_series(a.caresim, a.out)
    areas = sorted({k[0] for k in series})
    print(f"{len(areas)} LAs, published figures for the years ending {YEARS[0]} to {YEARS[-1]}")
    print(f"{'forecast':64} {'cells':>6} {'as close as persistence':>24} {'median error':>13}")
    print(f"{'':64} {'':>6} {'':>24} {'(persistence)':>13}")

    def scored(m, origin, target):
        """The LAs with a positive figure in both years, and their series."""
        for code in areas:
            s = series.get((code, m), {})
            if s.get(origin, 0) > 0 and s.get(target, 0) > 0:
                yield code, s

    def report(name, forecasts):
        """Prints how the (forecast, last, published) triples do against persistence."""
        errors = np.array([abs(f - t) / t for f, _, t in forecasts])
        persistence = np.array([abs(l - t) / t for _, l, t in forecasts])
        print(f"{name:64} {len(errors):>6} {100 * np.mean(errors <= persistence):>23.0f}% "
              f"{100 * np.median(errors):>6.1f}% ({100 * np.median(persistence):.1f}%)")

    def score(name, features):
        """Least squares of the log change on features, fitted to the cells it is scored on."""
        forecasts = []
        for m in MEASURES:
            for origin, target in CELLS:
                rows = [(features(code, m, origin), s[origin], s[target]) for code, s in scored(m, origin, target)]
                rows = [(x, l, t) for x, l, t in rows if x is not None]
                if len(rows) < 10:
                    continue
                X = np.array([[1.0] + x for x, _, _ in rows])
                y = np.array([math.log(t / l) for _, l, t in rows])
                coef, *_ = np.linalg.lstsq(X, y, rcond=None)
                forecasts += [(l * math.exp(f), l, t) for f, (_, l, t) in zip(X @ coef, rows)]
        report(name, forecasts)

    def own(code, m, origin):
        d = change(series.get((code, m), {}), origin)
        return None if d is None else [d]

    def every(code, m, origin):
        xs = [change(series.get((code, k), {}), origin) for k in MEASURES]
        return None if any(x is None for x in xs) else xs

    def every_two(code, m, origin):
        xs = [change(series.get((code, k), {}), y) for k in MEASURES for y in (origin, origin - 1)]
        return None if any(x is None for x in xs) else xs

    # The median LA's log change into each origin year (published by then).
    common = {}
    for m in MEASURES:
        for origin in {o for o, _ in CELLS}:
            xs = [x for x in (change(series.get((code, m), {}), origin) for code in areas) if x is not None]
            common[(m, origin)] = float(np.median(xs)) if xs else None

    def honest(name, share):
        """Persistence times `share` of the median LA's last change per year ahead: a forecast from
        what was published by the origin year only (not fitted to the cells)."""
        report(name, [(s[origin] * math.exp(share * (target - origin) * common[(m, origin)]), s[origin], s[target])
                      for m in MEASURES for origin, target in CELLS if common[(m, origin)] is not None
                      for _, s in scored(m, origin, target)])

    print("not fitted to the cells (only what was published by the origin year):")
    honest("persistence x the median LA's last change, per year ahead", 1)
    honest("persistence x half the median LA's last change, per year ahead", 0.5)
    print("fitted to the cells they are scored on (an upper bound):")
    score("drift only: last value x exp(a)", lambda code, m, origin: [] if own(code, m, origin) is not None else None)
    score("the measure's own last change (a + b x)", own)
    score("every headline measure's last change (8 coefficients)", every)
    score("every headline measure's last two changes (15)", every_two)


if __name__ == "__main__":
    sys.exit(main())
