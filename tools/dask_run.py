#!/usr/bin/env python3
"""Run a CareSim scenario's replications as shards on a Dask distributed cluster, then merge them.

Each Dask task runs `caresim run SCENARIO [RUN OPTIONS] --shard K/N --out WORK/shard-K`; when all
N have finished, `caresim merge` combines them into OUT, the files one unsharded run writes (only
the manifest's runtime.threads and runtime.wall_time_seconds differ, as between any two runs).

    tools/dask_run.py SCENARIO --out OUT (--scheduler ADDRESS | --local WORKERS) [--shards N]
                      [--caresim BIN] [--work DIR] [--threads T] [-- RUN OPTIONS...]

Everything after `--` goes to `caresim run` (for example `--replications 40 --set scale=0.1`).
On a cluster, the caresim binary, the scenario (and the data it reads) and the work directory must
be at the same paths on every worker (a shared file system); paths are made absolute here.
Exits 1, naming the shard and with caresim's message, if any shard or the merge fails.
"""
import argparse
import logging
import os
import shutil
import subprocess
import sys


def run_shard(caresim, scenario, run_options, k, n, directory, threads):
    """One Dask task: shard k of n. Returns its directory; raises with caresim's message."""
    command = [caresim, "run", scenario, *run_options, "--shard", f"{k}/{n}", "--out", directory, "--quiet"]
    if threads is not None:
        command += ["--threads", str(threads)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"shard {k}/{n} failed (exit {done.returncode}): {' '.join(command)}\n{done.stderr.strip()}")
    return directory


def parse(argv):
    if "--" in argv:
        cut = argv.index("--")
        ours, run_options = argv[:cut], argv[cut + 1:]
    else:
        ours, run_options = argv, []
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog="Options after -- are passed to caresim run.")
    p.add_argument("scenario", help="the scenario file")
    p.add_argument("--out", required=True, help="the merged results directory")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://head:8786")
    where.add_argument("--local", type=int, metavar="WORKERS", help="start a LocalCluster of this many worker processes")
    p.add_argument("--shards", type=int, help="number of shards N (default: the number of workers)")
    p.add_argument("--caresim", default=shutil.which("caresim"), help="the caresim binary (default: caresim on PATH)")
    p.add_argument("--work", help="where the shard directories go (default: OUT.shards); kept after the merge")
    p.add_argument("--threads", type=int,
                   help="threads each shard uses (default: cores / WORKERS with --local, else caresim's default, all cores)")
    args = p.parse_args(ours)
    if args.caresim is None:
        p.error("no caresim on PATH: give --caresim BIN")
    for name in ("local", "shards", "threads"):
        value = getattr(args, name)
        if value is not None and value < 1:
            p.error(f"--{name} must be at least 1, got {value}")
    if any(o in ("--shard", "--out") or o.startswith(("--shard=", "--out=")) for o in run_options):
        p.error("--shard and --out are set by the runner: do not pass them after --")
    return args, run_options


def main(argv):
    args, run_options = parse(argv)
    from dask.distributed import Client, LocalCluster  # imported here so --help works without Dask

    caresim = os.path.abspath(args.caresim)
    scenario = os.path.abspath(args.scenario)
    out = os.path.abspath(args.out)
    work = os.path.abspath(args.work or out.rstrip("/") + ".shards")
    threads = args.threads
    if threads is None and args.local:
        threads = max(1, (os.cpu_count() or 1) // args.local)

    if args.local:
        # Workers' own logs repeat a failing shard's traceback; the error below says it once.
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.CRITICAL)
        client = Client(cluster)
    else:
        cluster = None
        client = Client(args.scheduler)
    try:
        n = args.shards or len(client.scheduler_info()["workers"])
        if n < 1:
            sys.exit("error: the scheduler has no workers: give --shards N or start workers")
        os.makedirs(work, exist_ok=True)
        directories = [os.path.join(work, f"shard-{k}") for k in range(1, n + 1)]
        futures = [client.submit(run_shard, caresim, scenario, run_options, k, n, d, threads, pure=False, key=f"caresim-shard-{k}-of-{n}")
                   for k, d in zip(range(1, n + 1), directories)]
        try:
            client.gather(futures)
        except RuntimeError as e:
            sys.exit(f"error: {e}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    merged = subprocess.run([caresim, "merge", *directories, "--out", out])
    if merged.returncode != 0:
        sys.exit(f"error: caresim merge failed (exit {merged.returncode}); the shards are in {work}")
    print(f"{n} shards in {work}/, merged into {out}/")


if __name__ == "__main__":
    main(sys.argv[1:])
