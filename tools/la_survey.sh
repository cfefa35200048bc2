#!/usr/bin/env bash
# Builds and checks the baseline of every LA: the survey behind README "How well LA baselines fit".
#   tools/la_survey.sh [CARESIM] [OUTDIR] [extra caresim baseline options, e.g. --no-fit]
# Prints one line per LA ("CODE N of M targets met; K not met; drift: W of 10 within the limit; B beyond
# it at 95% confidence") and a
# summary; the files stay in OUTDIR. Each check also measures the no-change drift (--drift: five
# years held after the measured year), which about doubles the time.
# About 3.5 minutes on 2 cores when nothing else runs (6 min 15 s at 1f759e4, 17 min before that; much longer beside a build).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/caresim}
OUT=${2:-results/la-survey}
shift $(( $# > 2 ? 2 : $# ))
mkdir -p "$OUT"
"$BIN" baseline --list | grep -E '^E[0-9]' | while read -r code name; do
  if ! "$BIN" baseline --la "$code" --year 2015 --out "$OUT/$code.yaml" --targets "$OUT/$code.csv" "$@" >"$OUT/$code.out" 2>"$OUT/$code.err"; then
    echo "$code cannot be built: $(tail -1 "$OUT/$code.err")"
    continue
  fi
  "$BIN" check "$OUT/$code.yaml" --targets "$OUT/$code.csv" --replications 4 --seed 20150331 --quiet --drift --out "$OUT/$code.check" >"$OUT/$code.txt" 2>&1
  echo "$code $(grep -E 'targets met' "$OUT/$code.txt" | tail -1); drift: $(tail -1 "$OUT/$code.txt")"
done | tee "$OUT/survey.txt"
awk '/targets met/ {
       n++; split($0, parts, "drift:"); t = parts[1]; d = parts[2]
       k = 0; if (match(t, /[0-9]+ not met/)) k = substr(t, RSTART, RLENGTH) + 0
       miss += k; if (k == 0) all++
       split(d, v, " "); if (v[1] != "" && v[1] == v[3]) still++
       if (match(d, /; 0 beyond/)) noise++ }
     END { printf "%d LAs, %d targets missed, %d meet every target; with nothing changed (caresim check --drift), %d hold every headline measure within 1%% a year and %d have none beyond it at 95%% confidence\n", n, miss, all, still, noise }' "$OUT/survey.txt"
