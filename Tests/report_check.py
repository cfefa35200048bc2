#!/usr/bin/env python3
"""Renders `caresim report` pages in headless Chromium and checks that they are not blank.

1. Runs a small Family Safeguarding scenario (caresim run) and its paired comparison
   (caresim compare), and writes a report of each (caresim report).
2. Each page holds every chart id expected of it (a run: years, stocks, flows, caseloads,
   stability, costs; a comparison: differences, savings, sensitivity and the same), and no scripts;
   the run's fan charts (chart-years) draw both bands, the 95% and the 50% range of runs; the
   comparison opens with its summary section.
3. Chromium takes a screenshot of the page (1280 px wide, its first 4000 px): a meaningful
   share of it is not white and some of it is coloured.
4. Each chart is drawn: a copy of the page that shows only its charts, stacked at a known
   width, is screenshotted, and every chart's region (from its viewBox) has enough non-white
   pixels. An empty or broken SVG leaves its region white.

Needs: Pillow (Tests/requirements.txt) and chromium (Debian package). Run from anywhere:
python3 Tests/report_check.py --caresim PATH. The last line is "N passed, M failed"; the exit
status is 1 when anything failed. Screenshots are kept in --out (default results/report-check).
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
RUN_CHARTS = ["chart-years", "chart-stocks", "chart-flows", "chart-caseloads", "chart-stability", "chart-costs"]
COMPARE_CHARTS = ["chart-differences", "chart-savings", "chart-sensitivity-0", "chart-years", "chart-stocks", "chart-flows", "chart-caseloads", "chart-stability", "chart-costs"]
WIDTH = 1000  # px per chart in the charts-only view


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}")


def run(cmd):
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(map(str, cmd))}\n{r.stderr}")
    return r


def screenshot(chromium, html, png, height):
    png.unlink(missing_ok=True)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png}", f"--window-size=1280,{height}", html.resolve().as_uri()],
                   capture_output=True, text=True, timeout=120)
    if not png.exists():
        sys.exit(f"chromium wrote no screenshot of {html}")
    return Image.open(png).convert("RGB")


def ink(img, box=None):
    """Shares of pixels that are not white (darkest channel below 235), and that are coloured
    (channels more than 40 apart), counted from histograms."""
    region = img.crop(box) if box else img
    r, g, b = region.split()
    low = ImageChops.darker(ImageChops.darker(r, g), b)
    spread = ImageChops.subtract(ImageChops.lighter(ImageChops.lighter(r, g), b), low)
    n = max(1, region.width * region.height)
    return sum(low.histogram()[:235]) / n, sum(spread.histogram()[41:]) / n


def charts_only(html_text):
    """The page with only its charts, each WIDTH px wide, stacked from the top without gaps."""
    style = (f"<style>body{{margin:0!important;padding:0!important;max-width:none!important}}"
             f"body>header,body>footer,nav{{display:none!important}}"
             f"main section>*:not(svg){{display:none!important}}"
             f"svg.chart{{width:{WIDTH}px!important;max-width:none!important;height:auto!important;margin:0!important;display:block!important}}</style>")
    return html_text.replace("</head>", style + "</head>")


def check_page(checks, chromium, html, expected, out):
    text = html.read_text(encoding="utf-8")
    ids = re.findall(r'<svg id="([^"]+)"', text)
    for chart in expected:
        checks.check(chart in ids, f"{html.name}: chart {chart} is in the page")
    checks.check("<script" not in text, f"{html.name}: no scripts")

    page = screenshot(chromium, html, out / (html.stem + ".png"), 4000)
    dark, colour = ink(page)
    checks.check(dark > 0.05, f"{html.name}: the page is not blank ({dark:.1%} non-white)")
    checks.check(colour > 0.01, f"{html.name}: the page has colour ({colour:.1%} coloured)")

    # Every chart's region in the charts-only view.
    boxes = re.findall(r'<svg id="([^"]+)" class="chart"[^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"', text)
    view = out / (html.stem + "-charts.html")
    view.write_text(charts_only(text), encoding="utf-8")
    total = sum(WIDTH * float(h) / float(w) for _, w, h in boxes)
    img = screenshot(chromium, view, out / (html.stem + "-charts.png"), int(total) + 50)
    y = 0.0
    for chart, w, h in boxes:
        height = WIDTH * float(h) / float(w)
        d, _ = ink(img, (0, int(y) + 1, WIDTH, int(y + height) - 1))
        checks.check(d > 0.02, f"{html.name}: {chart} is drawn ({d:.1%} of its region non-white)")
        y += height


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--caresim", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    ap.add_argument("--out", default=str(ROOT / "results" / "report-check"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    fs, counterpart = "scenarios/hertfordshire-family-safeguarding.yaml", "scenarios/hertfordshire-family-safeguarding-counterpart.yaml"
    run([args.caresim, "run", fs, "--replications", "4", "--out", out / "run", "--quiet"])
    # Enough replications for sensitivity.csv (more than the effects drawn plus two), at a smaller scale.
    run([args.caresim, "compare", counterpart, fs, "--replications", "16", "--set", "scale=0.3", "--out", out / "compare", "--quiet"])
    run([args.caresim, "report", out / "run", "--out", out / "run.html"])
    run([args.caresim, "report", out / "compare", "--out", out / "compare.html"])

    checks = Checks()
    years = re.search(r'<svg id="chart-years".*?</svg>', (out / "run.html").read_text(encoding="utf-8"), re.S)
    for band in ("range-95", "range-50"):
        checks.check(years is not None and f'class="{band}"' in years.group(0), f"run.html: chart-years draws the {band} band")
    check_page(checks, args.chromium, out / "run.html", RUN_CHARTS, out)
    check_page(checks, args.chromium, out / "compare.html", COMPARE_CHARTS, out)
    first = re.search(r'<section id="([^"]+)"', (out / "compare.html").read_text(encoding="utf-8"))
    checks.check(first is not None and first.group(1) == "summary", "compare.html: the summary is the first section")
    print(f"{checks.passed} passed, {checks.failed} failed")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
