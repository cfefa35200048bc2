#!/usr/bin/env python3
"""The Dask runner end to end: tools/dask_run.py on a LocalCluster of 2 worker processes, 3 shards,
merged, must equal one unsharded `caresim run` byte for byte in every file (the manifest with only
runtime.threads and runtime.wall_time_seconds blanked). Run by `make test`; exits 1 on a mismatch.

    Tests/dask_check.py --caresim BIN
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = os.path.join(ROOT, "scenarios", "england-2014-15.yaml")
RUN_OPTIONS = ["--set", "scale=0.01", "--replications", "5"]


def normalised(manifest):
    """The manifest with the two fields that differ between any two runs blanked."""
    text = re.sub(r'\n    "threads": \d+,', '\n    "threads": _,', manifest)
    return re.sub(r'\n    "wall_time_seconds": [0-9.e+-]+,', '\n    "wall_time_seconds": _,', text)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--caresim", required=True, help="the caresim binary")
    args = p.parse_args()
    failures = []
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="caresim-dask-") as tmp:
        whole, merged = os.path.join(tmp, "whole"), os.path.join(tmp, "merged")
        subprocess.run([args.caresim, "run", SCENARIO, *RUN_OPTIONS, "--out", whole, "--quiet"], check=True)
        runner = [sys.executable, os.path.join(ROOT, "tools", "dask_run.py"), SCENARIO, "--caresim", args.caresim,
                  "--local", "2", "--shards", "3", "--out", merged, "--", *RUN_OPTIONS]
        done = subprocess.run(runner, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"dask check: the runner failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
        shards = sorted(os.listdir(merged + ".shards"))
        if shards != ["shard-1", "shard-2", "shard-3"]:
            failures.append(f"expected three shard directories in {merged}.shards, got {shards}")
        names = sorted(os.listdir(whole))
        if sorted(os.listdir(merged)) != names:
            failures.append(f"merged files {sorted(os.listdir(merged))} are not the run's {names}")
        for name in names:
            a = open(os.path.join(whole, name), "rb").read()
            path = os.path.join(merged, name)
            b = open(path, "rb").read() if os.path.exists(path) else b""
            if name == "manifest.json":
                a, b = normalised(a.decode()), normalised(b.decode())
                if a == open(os.path.join(whole, name)).read():
                    failures.append("the normalisation did not blank the manifest's runtime fields")
            if a != b:
                failures.append(f"{name} differs between the merged shards and one run")
        if b"\n4," not in open(os.path.join(whole, "stocks.csv"), "rb").read():
            failures.append("stocks.csv should hold replication 4 (5 replications)")
    for f in failures:
        print(f"dask check: FAIL: {f}", file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"dask check: 3 shards on a 2-worker LocalCluster merged into {len(names)} files identical to one run "
          f"({time.monotonic() - start:.1f} s)")


if __name__ == "__main__":
    main()
