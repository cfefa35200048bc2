#!/usr/bin/env python3
"""Runs a command and prints one JSON line with its wall time and peak resident memory."""
import json
import os
import subprocess
import sys
import time

start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
if code != 0:
    sys.exit(f"command failed with exit code {code}: {' '.join(sys.argv[1:])}")
print(json.dumps({"wall_seconds": wall, "peak_rss_mib": usage.ru_maxrss / 1024}))
