#!/usr/bin/env python3
"""SimPy baseline for reference network RN-1 (time unit: days, 1 year = 365 days).

Idiomatic SimPy: one generator process per entity walking through the stages,
a simpy.Resource for the assessment slots (FIFO), env.timeout for every stage
duration, and one random.Random(seed) stream for all draws.

Usage: python3 benchmarks/simpy_rn1.py --scale 1 --years 20 --warmup-years 10 --seed 1
Prints one line of JSON to stdout.
"""
import argparse
import json
import random
import resource
import time

import simpy

DAYS_PER_YEAR = 365.0
BASE_ARRIVAL_RATE = 11.5   # referrals per day, multiplied by --scale
BASE_ASSESSMENT_SLOTS = 260  # multiplied by --scale, rounded

STAGES = ["front_door", "assessment", "cin", "cp", "care", "returned_home", "closed"]
FRONT, ASSESS, CIN, CP, CARE, HOME, CLOSED = range(len(STAGES))
EXIT = -1
MEAN_DAYS = [1.0, 20.0, 250.0, 270.0, 700.0, 365.0, 365.0]
ROUTES = {  # stage -> [(probability, next stage), ...]
    FRONT: [(0.14, EXIT), (0.86, ASSESS)],
    ASSESS: [(0.45, CLOSED), (0.45, CIN), (0.07, CP), (0.03, CARE)],
    CIN: [(0.85, CLOSED), (0.10, CP), (0.05, CARE)],
    CP: [(0.55, CIN), (0.35, CLOSED), (0.10, CARE)],
    CARE: [(0.35, HOME), (0.65, EXIT)],
    HOME: [(0.25, CARE), (0.75, CLOSED)],
    CLOSED: [(0.22, FRONT), (0.78, EXIT)],
}


def cumulative(routes):
    """Turn [(p, next), ...] into [(cumulative p, next), ...]; last bound is
    forced above 1 so float rounding can never fall off the end."""
    out, acc = [], 0.0
    for p, nxt in routes:
        acc += p
        out.append((acc, nxt))
    out[-1] = (2.0, out[-1][1])
    return out


def run(scale, years, warmup_years, seed):
    env = simpy.Environment()
    rng = random.Random(seed)
    expo, uniform = rng.expovariate, rng.random
    horizon, warmup = years * DAYS_PER_YEAR, warmup_years * DAYS_PER_YEAR
    slots = simpy.Resource(env, capacity=max(1, round(BASE_ASSESSMENT_SLOTS * scale)))
    rates = [1.0 / m for m in MEAN_DAYS]
    routes = [cumulative(ROUTES[s]) for s in range(len(STAGES))]

    # Time-averaged stocks: level[s] is the number present in stage s (for
    # assessment: queue + service); area[s] integrates level over time since
    # last[s]. The warm-up process below discards everything before `warmup`.
    n = len(STAGES)
    level, area, last = [0] * n, [0.0] * n, [0.0] * n
    waits = [0.0, 0]  # sum and count of assessment queue waits granted >= warmup
    # Events counted: every external arrival, every stage-duration timeout that
    # completes and every assessment slot grant, i.e. each event a process
    # resumes on (the warm-up bookkeeping timeout is not counted).
    counts = {"events": 0, "created": 0}

    def change(s, delta):
        now = env.now
        area[s] += level[s] * (now - last[s])
        last[s] = now
        level[s] += delta

    def entity(stage):
        while stage != EXIT:
            change(stage, +1)
            if stage == ASSESS:
                queued = env.now
                with slots.request() as req:
                    yield req
                    counts["events"] += 1
                    if env.now >= warmup:
                        waits[0] += env.now - queued
                        waits[1] += 1
                    yield env.timeout(expo(rates[ASSESS]))
            else:
                yield env.timeout(expo(rates[stage]))
            counts["events"] += 1
            change(stage, -1)
            u = uniform()
            for bound, nxt in routes[stage]:
                if u < bound:
                    break
            stage = nxt

    def arrivals(rate):
        while True:
            yield env.timeout(expo(rate))
            counts["events"] += 1
            counts["created"] += 1
            env.process(entity(FRONT))

    def start_window():
        yield env.timeout(warmup)
        for s in range(n):
            area[s], last[s] = 0.0, warmup

    env.process(arrivals(BASE_ARRIVAL_RATE * scale))
    env.process(start_window())
    env.run(until=horizon)
    for s in range(n):  # close the integrals at the horizon
        change(s, 0)

    window = horizon - warmup
    return {
        "events": counts["events"],
        "entities_created": counts["created"],
        "mean_stock": {name: area[s] / window for s, name in enumerate(STAGES)},
        "mean_wait_assessment": waits[0] / waits[1] if waits[1] else None,
    }


def main():
    ap = argparse.ArgumentParser(description="SimPy implementation of RN-1")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--years", type=float, default=20.0)
    ap.add_argument("--warmup-years", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if not 0 <= a.warmup_years < a.years:
        ap.error("need 0 <= --warmup-years < --years")

    t0 = time.perf_counter()
    res = run(a.scale, a.years, a.warmup_years, a.seed)
    wall = time.perf_counter() - t0

    out = {"implementation": "simpy", "scale": a.scale, "years": a.years,
           "wall_seconds": wall, **res,
           "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
