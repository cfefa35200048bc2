"""What the studio's checks share (Tests/studio_e2e.py, Tests/studio_load.py): a tally of checks
and one `caresim serve` process on a free port, stopped with SIGTERM."""

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Checks:
    """Passed and failed checks; safe to use from several threads. `check` returns `ok`."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.lock = threading.Lock()

    def check(self, ok, what):
        with self.lock:
            if ok:
                self.passed += 1
            else:
                self.failed += 1
                print(f"FAIL: {what}", flush=True)
        return ok


class Server:
    """One `caresim serve --port 0` process; its output goes to the log file `log`. Its address
    is `url` (http://HOST:PORT), `host` and `port`, read from the line it prints."""

    def __init__(self, caresim, db, log, extra=()):
        env = dict(os.environ)
        env.setdefault("CARESIM_DATA", str(ROOT))
        self.log = Path(log)
        self.logfile = open(log, "w")
        self.proc = subprocess.Popen([caresim, "serve", "--port", "0", "--db", str(db), *extra],
                                     stdout=self.logfile, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=env, cwd=ROOT)
        self.url = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            m = re.search(r"CareSim Studio: open (http://([^\s/:]+):(\d+))/", self.log.read_text(errors="replace"))
            if m:
                self.url, self.host, self.port = m.group(1), m.group(2), int(m.group(3))
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"caresim serve did not start: {self.log.read_text(errors='replace')[-2000:]}")

    def stop(self, timeout=20):
        """SIGTERM, then SIGKILL after `timeout` s; the exit status (None when it had to be killed)."""
        status = self.proc.poll()
        if status is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                status = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                status = None
        self.logfile.close()
        return status
