#!/usr/bin/env python3
"""CareSim Studio (`caresim serve`) end to end in a real browser: Debian's Chromium driven by Playwright.

1. Starts `caresim serve --port 0` on a fresh temporary --db, with the fit on (a user's path).
2. Searches for Leeds and opens it; the scenario form refuses 11 of 10 localities (HTTP 400, the
   message beside the field), then adds Family Safeguarding in 4 of 10 localities; waits for the
   scenario to be ready (its page polls and reloads itself).
3. Runs 8 pairs and waits for the run; reads the net saving and its interval off the page
   (#saving, #saving-ci): both are money (£...), low <= saving <= high. The page holds the
   headline differences, the report (iframe) and the downloads. Renames the run (saves it).
4. Opens the run's report on its own page: every chart is there and drawn (each SVG's region of
   a screenshot has enough non-white pixels), the page is not blank and has colour.
5. Stops the server (SIGTERM) and starts it again on the same --db: the Runs list has the run
   under its new name, and its page shows the same saving and interval.
6. A scenario named <script>alert(1)</script> is shown as that text (escaped) on its page, the
   scenario list and the home page; no dialog opens at any point of the test.

Each step's screenshot (PNG) is kept in --out (default results/studio-e2e) and checked not blank.
Playwright drives the Chromium already installed (never `playwright install`): needs the
`chromium` Debian package and Tests/requirements.txt (playwright, Pillow).

    python3 Tests/studio_e2e.py --caresim PATH [--out DIR] [--chromium PATH]

The last line is "N passed, M failed"; the exit status is 1 when anything failed. The servers it
started are stopped in every case.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_check import ink  # noqa: E402  (shares of non-white and coloured pixels)
from studio_server import Checks, Server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LEEDS = "E08000035"
RUN_NAME = "E2E Leeds FS 4 of 10, 8 pairs"
XSS = "<script>alert(1)</script>"
REPORT_CHARTS = ["chart-differences", "chart-savings", "chart-years", "chart-stocks", "chart-flows",
                 "chart-caseloads", "chart-stability", "chart-costs"]
MONEY = re.compile(r"^([−-]?)£(\d[\d,]*(?:\.\d+)?)(bn|m|k)?$")
SCALE = {"bn": 1e9, "m": 1e6, "k": 1e3, None: 1.0}
BUILD_TIMEOUT = 60   # s: writing and fitting a scenario (about 8 s here)
RUN_TIMEOUT = 60     # s: 8 pairs of Leeds (about 4 s here)


def money(text):
    """The amount of '£10.3m', '−£2.46m', '£950k', '£1,234'; None when it is not money."""
    m = MONEY.match(text.strip())
    if not m:
        return None
    value = float(m.group(2).replace(",", "")) * SCALE[m.group(3)]
    return -value if m.group(1) else value


def interval(text):
    """The bounds of '(95% CI £8.10m to £12.4m)'; None when it does not read so."""
    m = re.match(r"^\(95% CI (\S+) to (\S+)\)$", text.strip())
    if not m:
        return None
    low, high = money(m.group(1)), money(m.group(2))
    return None if low is None or high is None else (low, high)


class Session:
    """The browser's page, the screenshots it keeps and the checks it makes."""

    def __init__(self, checks, page, out):
        self.checks = checks
        self.page = page
        self.out = out
        self.shots = []

    def shot(self, name, full_page=True):
        """A screenshot of the page, kept, and checked not blank."""
        path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        self.shots.append(path)
        img = Image.open(path).convert("RGB")
        dark, colour = ink(img)
        # The studio's header bar alone is about 5% of a 900 px screen: the page below it must have ink too.
        content, _ = ink(img, (0, 50, img.width, img.height))
        self.checks.check(dark > 0.02 and colour > 0.005 and content > 0.005,
                          f"screenshot {path.name} is not blank ({dark:.1%} non-white, {colour:.1%} coloured, "
                          f"{content:.1%} non-white below the header)")
        return img

    def submit(self, button, method="POST"):
        """Clicks a form's submit button; the status of the response to the form's own request (303 when
        it redirects), after the page it leads to has loaded."""
        own = lambda r: r.request.method == method and r.request.is_navigation_request()  # noqa: E731
        with self.page.expect_navigation(wait_until="load"), self.page.expect_response(own) as info:
            self.page.click(button)
        return info.value.status

    def text(self, selector):
        loc = self.page.locator(selector)
        return loc.first.inner_text().strip() if loc.count() else None


def scenario_steps(s, base):
    c, page = s.checks, s.page
    page.goto(base + "/")
    s.shot("home")
    page.fill("#q", "Leeds")
    c.check(s.submit("form[role=search] button[type=submit]", method="GET") == 200, "the search answers 200")
    c.check(page.locator(f'table#authorities a[href="/authorities/{LEEDS}"]').count() == 1,
            "the search for Leeds lists Leeds (E08000035)")
    s.shot("search-leeds")
    page.click(f'table#authorities a[href="/authorities/{LEEDS}"]')
    page.wait_for_load_state()
    c.check(page.url.endswith(f"/authorities/{LEEDS}"), f"choosing Leeds opens its page ({page.url})")
    c.check(page.locator("form#scenario-form").count() == 1, "the authority page has the scenario form")
    s.shot("authority-leeds")

    # A bad value: 11 of 10 localities is refused beside its field, the form keeping what was typed.
    page.select_option("#model", "family-safeguarding")
    page.check('input[name=coverage_kind][value=localities]')
    page.fill("#k", "11")
    page.fill("#n", "10")
    c.check(s.submit("#create-scenario") == 400, "11 of 10 localities is refused with HTTP 400")
    c.check(page.locator("#error-localities").count() == 1 and "--localities" in (s.text("#error-localities") or ""),
            f"the message is beside the localities field: {s.text('#error-localities')!r}")
    c.check(page.input_value("#k") == "11" and page.is_checked('input[name=coverage_kind][value=localities]'),
            "the refused form keeps the values typed")
    s.shot("scenario-form-error")

    page.select_option("#model", "family-safeguarding")
    page.check('input[name=coverage_kind][value=localities]')
    page.fill("#k", "4")
    page.fill("#n", "10")
    c.check(s.submit("#create-scenario") == 303, "the scenario form is accepted (303 to the scenario)")
    c.check(re.search(r"/scenarios/\d+$", page.url) is not None, f"creating the scenario opens its page ({page.url})")
    c.check(page.locator("span.status").count() > 0, "the scenario page shows its status")
    s.shot("scenario-building")
    page.wait_for_selector("span.status-ready, span.status-failed", timeout=BUILD_TIMEOUT * 1000)
    page.wait_for_load_state()
    c.check(page.locator("span.status-ready").count() > 0, f"the scenario is ready: {s.text('p.error')}")
    c.check("4 of 10 localities" in page.inner_text("main"), "the scenario page says 4 of 10 localities")
    c.check(page.locator("table#effects tbody tr").count() > 0, "the scenario page lists effect sizes (table#effects)")
    c.check(page.locator("ul#scenario-files a").count() > 0, "the scenario page lists its files (ul#scenario-files)")
    c.check(page.input_value("#replications") == "20" and page.input_value("#years") == "5",
            "the run form's defaults are 20 pairs and 5 years")
    s.shot("scenario-ready")


def run_steps(s, base):
    """Runs 8 pairs, reads the saving, renames the run: (run page URL, saving, interval)."""
    c, page = s.checks, s.page
    page.fill("#replications", "8")
    page.fill("#years", "5")
    c.check(s.submit("#start-run") == 303, "the run form is accepted (303 to the run)")
    c.check(re.search(r"/runs/\d+$", page.url) is not None, f"starting the run opens its page ({page.url})")
    run_url = page.url
    s.shot("run-started")
    page.wait_for_selector("#saving, span.status-failed, span.status-cancelled", timeout=RUN_TIMEOUT * 1000)
    page.wait_for_load_state()
    c.check(page.locator("span.status-done").count() > 0, f"the run is done: {s.text('#run-error')}")
    saving, ci = s.text("#saving"), s.text("#saving-ci")
    value, bounds = money(saving or ""), interval(ci or "")
    c.check(value is not None, f"the saving reads as money: {saving!r}")
    c.check(bounds is not None, f"its interval reads as money: {ci!r}")
    if value is not None and bounds is not None:
        c.check(bounds[0] <= value <= bounds[1], f"the interval holds the saving: {bounds[0]} <= {value} <= {bounds[1]}")
    c.check("Net saving" in (s.text("p.headline") or ""), f"the headline is a net saving: {s.text('p.headline')!r}")
    c.check(page.locator("table#differences tbody tr").count() >= 5, "the run page has the headline differences")
    c.check(page.locator("ul#run-files a[href$='/files/comparison.csv']").count() == 1, "the downloads list comparison.csv")
    frame = page.frame_locator("iframe.report")
    try:
        frame.locator("svg#chart-savings").wait_for(timeout=10_000)
        in_frame = True
    except Exception:
        in_frame = False
    c.check(in_frame, "the report in the run page's iframe shows its savings chart")
    s.shot("run-done")

    rename = page.locator('form[action$="/rename"]')
    rename.locator('input[name="name"]').fill(RUN_NAME)
    c.check(s.submit('form[action$="/rename"] button[type=submit]') == 303, "the rename is accepted (303 to the run)")
    c.check(page.url == run_url, f"renaming comes back to the run ({page.url})")
    c.check(s.text("h1") == RUN_NAME, f"the run has its new name: {s.text('h1')!r}")
    s.shot("run-renamed")
    return run_url, saving, ci


def report_steps(s, run_url):
    """The run's report on its own page: its charts are there and drawn."""
    c, page = s.checks, s.page
    response = page.goto(run_url + "/report")
    c.check(response is not None and response.status == 200, "the report page answers 200")
    ids = page.eval_on_selector_all("svg.chart", "els => els.map(e => e.id)")
    for chart in REPORT_CHARTS:
        c.check(chart in ids, f"the report has {chart}")
    c.check(page.locator("script").count() == 0, "the report has no scripts")
    height = page.evaluate("document.documentElement.scrollHeight")
    path = s.out / f"{len(s.shots) + 1:02d}-report.png"
    # The page from its top, tall enough for its first charts (Chromium draws at most 16384 px at once).
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": min(height, 16000)})
    s.shots.append(path)
    img = Image.open(path).convert("RGB")
    dark, colour = ink(img)
    c.check(dark > 0.05, f"{path.name}: the report is not blank ({dark:.1%} non-white)")
    c.check(colour > 0.01, f"{path.name}: the report has colour ({colour:.1%} coloured)")
    # Each chart on its own (Playwright scrolls to it): an empty or broken SVG leaves its region white.
    charts = s.out / path.name.replace(".png", "-charts")
    charts.mkdir(exist_ok=True)
    drawn = 0
    for chart in ids:
        el = page.locator(f"svg#{chart}")
        box = el.bounding_box()
        if not c.check(box is not None and box["height"] >= 50 and box["width"] >= 300, f"{chart} is shown on the page ({box})"):
            continue
        el.screenshot(path=str(charts / f"{chart}.png"))
        d, col = ink(Image.open(charts / f"{chart}.png").convert("RGB"))
        c.check(d > 0.02, f"{chart} is drawn ({d:.1%} of its region non-white, {col:.1%} coloured)")
        drawn += 1
    print(f"report: {height} px tall, {drawn} charts checked", flush=True)


def after_restart_steps(s, base, run_url, saving, ci):
    c, page = s.checks, s.page
    page.goto(base + "/runs")
    link = page.locator("table#runs a", has_text=RUN_NAME)
    c.check(link.count() == 1, f"the Runs list has the run named {RUN_NAME!r} after the restart")
    s.shot("runs-after-restart")
    if link.count() != 1:
        return
    link.first.click()
    page.wait_for_load_state()
    c.check(page.url.rsplit("/", 2)[-2:] == run_url.rsplit("/", 2)[-2:], f"the link opens the same run ({page.url})")
    c.check(s.text("h1") == RUN_NAME, f"the run keeps its name: {s.text('h1')!r}")
    c.check(s.text("#saving") == saving, f"the same saving after the restart: {s.text('#saving')!r} (was {saving!r})")
    c.check(s.text("#saving-ci") == ci, f"the same interval after the restart: {s.text('#saving-ci')!r} (was {ci!r})")
    c.check(page.locator("ul#run-files a").count() > 0, "the run's files are listed after the restart")
    s.shot("run-after-restart")


def escaping_steps(s, base, dialogs):
    """A scenario named <script>alert(1)</script> is shown as text, never run."""
    c, page = s.checks, s.page
    page.goto(f"{base}/authorities/{LEEDS}")
    page.select_option("#model", "family-safeguarding")
    page.check('input[name=coverage_kind][value=all]')
    page.fill("#name", XSS)
    c.check(s.submit("#create-scenario") == 303, "the scenario named with a script tag is accepted")
    c.check(s.text("h1") == XSS, f"its page shows the name as text: {s.text('h1')!r}")
    c.check(XSS in page.title(), f"the page title shows the name as text: {page.title()!r}")
    c.check(XSS not in page.content(), "the page's HTML has no live script tag from the name")
    page.wait_for_timeout(1500)  # the page polls its status; let it
    s.shot("scenario-named-script")
    for where, name in (("/scenarios", "scenario-list-named-script"), ("/", "home-named-script")):
        page.goto(base + where)
        c.check(page.locator("table#scenarios a", has_text=XSS).count() == 1, f"{where} lists the name as text")
        c.check(XSS not in page.content(), f"{where}: no live script tag from the name")
        s.shot(name)
    c.check(not dialogs, f"no dialog opened during the test: {dialogs}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--caresim", required=True)
    ap.add_argument("--out", default=str(ROOT / "results" / "studio-e2e"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--keep", action="store_true", help="keep the temporary --db folder")
    args = ap.parse_args()
    caresim = str(Path(args.caresim).resolve())
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("*.png")) + list(out.glob("*-charts/*.png")):
        old.unlink()
    # SIGTERM ends the test through its finally blocks, which stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    checks = Checks()
    start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="caresim-studio-e2e-"))
    db = tmp / "studio.sqlite"
    servers = []
    session = None
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_default_timeout(30_000)
                dialogs = []

                def on_dialog(d):
                    dialogs.append(f"{d.type}: {d.message}")
                    d.dismiss()
                page.on("dialog", on_dialog)
                session = Session(checks, page, out)

                servers.append(Server(caresim, db, out / "server-1.log"))
                base = servers[-1].url
                print(f"studio at {base} (--db {db})", flush=True)
                scenario_steps(session, base)
                run_url, saving, ci = run_steps(session, base)
                report_steps(session, run_url)
                print(f"saving {saving} {ci}; {time.monotonic() - start:.1f} s so far", flush=True)

                t = time.monotonic()
                status = servers[-1].stop()
                checks.check(status == 0, f"the studio stops on SIGTERM with status 0 (got {status}, {time.monotonic() - t:.1f} s)")
                servers.append(Server(caresim, db, out / "server-2.log"))
                base = servers[-1].url
                run_url = base + "/runs/" + run_url.rsplit("/", 1)[-1]
                after_restart_steps(session, base, run_url, saving, ci)
                escaping_steps(session, base, dialogs)
            except Exception:
                if session is not None:
                    try:
                        page.screenshot(path=str(out / "failure.png"), full_page=True)
                    except Exception:
                        pass
                raise
            finally:
                browser.close()
    except Exception as e:  # a step that could not go on: a failure, reported, then the clean-up
        checks.check(False, f"the test stopped: {type(e).__name__}: {e}")
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    if checks.failed:
        for server in servers:
            print(f"--- {server.log} ---\n{Path(server.log).read_text(errors='replace')[-3000:]}")
    shots = sorted(str(p.relative_to(out)) for p in list(out.glob("*.png")) + list(out.glob("*-charts/*.png")))
    print(f"screenshots in {out}: {', '.join(shots)}")
    print(f"{time.monotonic() - start:.1f} s")
    print(f"{checks.passed} passed, {checks.failed} failed")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
