#!/usr/bin/env python3
"""A small load test of CareSim Studio (`caresim serve`), without a browser (standard library only).

Phase 1: a studio with one job at a time and room for 40 waiting (--jobs 1 --queue 40, --no-fit).
One scenario (Rutland, the smallest authority, so each run is short; Family Safeguarding, all families); then 20 clients at once each start a run
(2 pairs, 1 year) and poll its progress until it ends. Every start is answered 303 (none refused:
20 is within the queue's bound), every run ends done with a saving, no run is lost (20 distinct
ids, each listed on /runs), the pages answer while the runs go (the slowest progress poll is
under POLL_BOUND s), and the server's resident memory (VmRSS in /proc, sampled while the clients
run) stays under RSS_BOUND; its peak is printed.

Phase 2: a studio with --queue 2. Runs started one after another while the first runs: 1 running
and 2 waiting are accepted, the rest refused with HTTP 429 and a message that says the queue is
full (as a page, and as JSON to a client that asks for JSON); a refused run leaves no row; the
accepted ones all finish done; once they have, a new run is accepted again.

    python3 Tests/studio_load.py --caresim PATH

The last line is "N passed, M failed"; the exit status is 1 when anything failed. The servers it
started are stopped in every case.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Tests"))
from studio_server import Checks, Server  # noqa: E402
LA = "E06000017"  # Rutland
CLIENTS = 20
RSS_BOUND = 512 << 20    # bytes: 512 MiB (measured: about 56 MiB idle, a peak of about 75 MiB with 20 clients)
POLL_BOUND = 5.0         # s: the slowest answer to a progress poll while runs use every core
RUN_TIMEOUT = 40         # s: for all of phase 1's runs to end


class LoadServer(Server):
    """The studio's server, with what the load test asks of it."""

    def rss(self):
        """The server's resident memory in bytes (VmRSS), or None once it has gone."""
        try:
            text = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        m = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
        return int(m.group(1)) * 1024 if m else None

    def request(self, method, path, form=None, accept="text/html"):
        """(status, headers, body text); redirects are not followed."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            body = urllib.parse.urlencode(form) if form is not None else None
            headers = {"Accept": accept}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, dict(r.getheaders()), r.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def json(self, path):
        status, _, body = self.request("GET", path, accept="application/json")
        return status, (json.loads(body) if body.startswith("{") else None)


def new_scenario(checks, server, name):
    """Rutland with Family Safeguarding in all families, ready: its id (None when it failed)."""
    status, headers, _ = server.request("POST", f"/authorities/{LA}/scenarios?year=2015",
                                        {"model": "family-safeguarding", "coverage_kind": "all", "name": name})
    m = re.fullmatch(r"/scenarios/(\d+)", headers.get("Location", ""))
    if not checks.check(status == 303 and m, f"creating the scenario answers 303 to it (got {status}, {headers.get('Location')})"):
        return None
    sid = int(m.group(1))
    deadline = time.monotonic() + 60
    state = None
    while time.monotonic() < deadline:
        _, state = server.json(f"/scenarios/{sid}/status")
        if state and state.get("finished"):
            break
        time.sleep(0.2)
    checks.check(state and state.get("status") == "ready", f"the scenario is ready ({state})")
    return sid


def start_run(server, sid, name, replications=2, years=1, accept="text/html"):
    """(HTTP status, run id or None, body)."""
    status, headers, body = server.request("POST", f"/scenarios/{sid}/runs",
                                           {"replications": str(replications), "years": str(years), "name": name}, accept=accept)
    m = re.fullmatch(r"/runs/(\d+)", headers.get("Location", ""))
    return status, (int(m.group(1)) if m else None), body


def wait_run(server, rid, deadline, latencies=None):
    """Polls the run's progress until it ends (or the deadline): its last progress (a dict)."""
    state = None
    while time.monotonic() < deadline:
        t = time.monotonic()
        _, state = server.json(f"/runs/{rid}/progress")
        if latencies is not None:
            latencies.append(time.monotonic() - t)
        if state and state.get("finished"):
            break
        time.sleep(0.2)
    return state or {}


def phase_one(checks, caresim, tmp):
    server = LoadServer(caresim, tmp / "one" / "studio.sqlite", tmp / "one.log", ["--no-fit", "--queue", "40", "--jobs", "1"])
    try:
        sid = new_scenario(checks, server, "load test")
        if sid is None:
            return
        idle = server.rss()
        peak = [idle or 0]
        sampling = threading.Event()

        def sample():
            while not sampling.is_set():
                rss = server.rss()
                if rss:
                    peak[0] = max(peak[0], rss)
                sampling.wait(0.05)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        barrier = threading.Barrier(CLIENTS)
        results = [None] * CLIENTS
        latencies = []

        def client(i):
            try:
                barrier.wait(timeout=10)
                status, rid, body = start_run(server, sid, f"load {i}")
                final = wait_run(server, rid, time.monotonic() + RUN_TIMEOUT, latencies) if rid else {}
                results[i] = (status, rid, final, body if status != 303 else "")
            except Exception as e:  # noqa: BLE001 (reported as that client's failure)
                results[i] = (None, None, {}, f"{type(e).__name__}: {e}")

        t0 = time.monotonic()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(RUN_TIMEOUT + 30)
        elapsed = time.monotonic() - t0
        sampling.set()
        sampler.join()

        statuses = [r[0] if r else None for r in results]
        ids = [r[1] for r in results if r and r[1] is not None]
        refused = [r for r in results if r and r[0] == 429]
        checks.check(all(s == 303 for s in statuses), f"every start of a run answers 303: {statuses}")
        checks.check(not refused, f"none is refused (429) with --queue 40: {len(refused)} were")
        for r in results:
            if r and r[0] != 303:
                print(f"  a start answered {r[0]}: {re.sub(r'<[^>]+>', ' ', r[3])[:300]!r}")
        checks.check(len(set(ids)) == CLIENTS, f"{CLIENTS} distinct run ids: {sorted(ids)}")
        finals = [r[2] for r in results if r]
        not_done = [(r[1], r[2].get("status")) for r in results if r and r[2].get("status") != "done"]
        checks.check(not not_done and len(finals) == CLIENTS, f"every run ends done: those not done {not_done}")
        checks.check(all(f.get("done") == f.get("total") == 2 for f in finals), "every run did its 2 pairs (done == total == 2)")
        checks.check(all(isinstance(f.get("saving"), (int, float)) for f in finals), "every run has a saving")
        status, _, page = server.request("GET", "/runs")
        listed = {int(x) for x in re.findall(r'<a href="/runs/(\d+)">', page)}
        checks.check(status == 200 and set(ids) <= listed, f"/runs lists every run (missing: {sorted(set(ids) - listed)})")
        checks.check(len(listed) == CLIENTS, f"/runs lists {CLIENTS} runs, no more (got {len(listed)})")
        slowest = max(latencies) if latencies else float("nan")
        checks.check(slowest < POLL_BOUND, f"the slowest progress poll took {slowest:.2f} s (< {POLL_BOUND} s)")
        checks.check(peak[0] < RSS_BOUND, f"the server's peak RSS {peak[0] / 2**20:.0f} MiB is under {RSS_BOUND / 2**20:.0f} MiB")
        print(f"phase 1: {CLIENTS} runs of 2 pairs in {elapsed:.1f} s; {len(latencies)} progress polls, slowest {slowest:.3f} s; "
              f"server RSS idle {(idle or 0) / 2**20:.0f} MiB, peak {peak[0] / 2**20:.0f} MiB (bound {RSS_BOUND / 2**20:.0f} MiB)",
              flush=True)
    finally:
        status = server.stop()
        checks.check(status == 0, f"phase 1's server stops on SIGTERM with status 0 (got {status})")


def phase_two(checks, caresim, tmp):
    server = LoadServer(caresim, tmp / "two" / "studio.sqlite", tmp / "two.log", ["--no-fit", "--queue", "2", "--jobs", "1"])
    try:
        sid = new_scenario(checks, server, "queue bound")
        if sid is None:
            return
        # Longer runs than phase 1's, so that the first is still running while the others are sent.
        sent = []
        for i in range(6):
            accept = "application/json" if i == 5 else "text/html"
            sent.append(start_run(server, sid, f"bound {i}", replications=4, years=1, accept=accept))
        statuses = [s for s, _, _ in sent]
        checks.check(statuses == [303, 303, 303, 429, 429, 429],
                     f"1 running and 2 waiting are accepted, the next are refused with 429: {statuses}")
        html = next((b for s, _, b in sent[3:5] if s == 429), "")
        checks.check("queue is full" in html and 'class="error"' in html,
                     f"the refusal page says the queue is full: {re.sub(r'<[^>]+>', ' ', html)[-300:]!r}")
        body = sent[5][2]
        try:
            j = json.loads(body)
        except ValueError:
            j = {}
        checks.check(j.get("status") == 429 and "queue is full" in j.get("error", ""),
                     f"a client that asks for JSON gets the refusal as JSON: {body[:200]!r}")
        accepted = [rid for s, rid, _ in sent if s == 303 and rid]
        # Where each accepted run is: the first running (or starting), the others waiting 1st and 2nd.
        texts = [(server.json(f"/runs/{rid}/progress")[1] or {}).get("text", "") for rid in accepted]
        checks.check(len(texts) == 3 and texts[1:] == ["waiting: 1 in the queue", "waiting: 2 in the queue"],
                     f"the waiting runs say where they are in the queue: {texts}")
        _, _, page = server.request("GET", "/runs")
        listed = {int(x) for x in re.findall(r'<a href="/runs/(\d+)">', page)}
        checks.check(listed == set(accepted), f"a refused run leaves no row: /runs lists {sorted(listed)}, accepted {accepted}")
        deadline = time.monotonic() + 30
        finals = [wait_run(server, rid, deadline) for rid in accepted]
        checks.check(len(finals) == 3 and all(f.get("status") == "done" for f in finals),
                     f"the accepted runs all finish done: {[f.get('status') for f in finals]}")
        status, rid, _ = start_run(server, sid, "after the queue emptied")
        checks.check(status == 303 and rid, f"once they have finished, a new run is accepted (got {status})")
        if rid:
            final = wait_run(server, rid, time.monotonic() + 30)
            checks.check(final.get("status") == "done", f"and it finishes done ({final.get('status')})")
        print(f"phase 2: starts answered {statuses}", flush=True)
    finally:
        status = server.stop()
        checks.check(status == 0, f"phase 2's server stops on SIGTERM with status 0 (got {status})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--caresim", required=True)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (databases and logs)")
    args = ap.parse_args()
    caresim = str(Path(args.caresim).resolve())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    checks = Checks()
    start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="caresim-studio-load-"))
    try:
        for phase in (phase_one, phase_two):
            try:
                phase(checks, caresim, tmp)
            except Exception as e:  # a phase that could not go on: a failure; the next phase still runs
                checks.check(False, f"{phase.__name__} stopped: {type(e).__name__}: {e}")
        if checks.failed:
            for log in sorted(tmp.glob("*.log")):
                print(f"--- {log.name} ---\n{log.read_text(errors='replace')[-3000:]}")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{time.monotonic() - start:.1f} s")
    print(f"{checks.passed} passed, {checks.failed} failed")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
