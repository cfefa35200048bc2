#!/usr/bin/env bash
# Builds, checks and back-tests the baseline of every LA: the survey behind docs/explanation/calibration-and-validation.md#how-well-la-baselines-fit.
#   tools/la_survey.sh [CARESIM] [OUTDIR] [extra caresim baseline options, e.g. --no-fit]
# For each LA: the 2014-15 baseline and its targets (OUTDIR/CODE.yaml, CODE.csv), `caresim check --drift`
# (targets met in-sample and the no-change drift, OUTDIR/CODE.check), and `caresim backtest` fitted through
# 2013 (projecting 2014 and 2015) and through 2014 (projecting 2015) (OUTDIR/CODE.bt2013, CODE.bt2014).
# Prints one line per LA, then tools/la_survey_summary.py's summary (OUTDIR/survey.csv, backtest-all.csv).
# SURVEY_LIMIT=N surveys the first N LAs only (in --list order); SURVEY_JOBS=N runs N LAs at a time (default: one per core).
# SURVEY_BACKTESTS=0 leaves out the back-tests (about two thirds of the time): the baselines, their checks and drifts only.
# SURVEY_BACKTEST_ARGS="..." adds options to every `caresim backtest` (split on spaces), e.g. "--projection linear".
# SURVEY_SEED=S is the master seed of every baseline, check and back-test (default 20150331): the survey's counts move
# with it (docs/forecasting.md, section 7), so compare two scenarios over more than one seed: tools/la_survey_compare.py
# pairs two scenarios' surveys seed by seed and gives the differences with 95% intervals over LAs.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/caresim}
OUT=${2:-results/la-survey}
shift $(( $# > 2 ? 2 : $# ))
mkdir -p "$OUT"
# One LA per job, SURVEY_JOBS at a time (default: one per core), each job's runs on one thread.
survey_one() {
  code=$1; shift
  if ! "$BIN" baseline --la "$code" --year 2015 --seed "$SEED" --out "$OUT/$code.yaml" --targets "$OUT/$code.csv" "$@" >"$OUT/$code.out" 2>"$OUT/$code.err"; then
    echo "$code cannot be built: $(tail -1 "$OUT/$code.err")" >"$OUT/$code.line"
    return
  fi
  "$BIN" check "$OUT/$code.yaml" --targets "$OUT/$code.csv" --replications 4 --seed "$SEED" --threads 1 --quiet --drift --out "$OUT/$code.check" >"$OUT/$code.txt" 2>&1
  line="$code $(grep -E 'targets met' "$OUT/$code.txt" | tail -1); drift: $(tail -1 "$OUT/$code.txt")"
  [ "$BACKTESTS" = 0 ] || for year in 2013 2014; do
    "$BIN" backtest --la "$code" --fit-through "$year" --horizon $((2015 - year)) --replications 8 --seed "$SEED" --threads 1 --quiet \
      $BACKTEST_ARGS --out "$OUT/$code.bt$year" >"$OUT/$code.bt$year.txt" 2>"$OUT/$code.bt$year.err" \
      || echo "$code back-test through $year failed: $(tail -1 "$OUT/$code.bt$year.err")" >&2
    line="$line; through $year: $(grep -E 'median absolute error' "$OUT/$code.bt$year.txt" | tail -1)"
  done
  echo "$line" >"$OUT/$code.line"
}
export -f survey_one
SEED=${SURVEY_SEED:-20150331}
BACKTESTS=${SURVEY_BACKTESTS:-1}
BACKTEST_ARGS=${SURVEY_BACKTEST_ARGS:-}
export BIN OUT SEED BACKTESTS BACKTEST_ARGS
"$BIN" baseline --list | grep -E '^E[0-9]' | head -n "${SURVEY_LIMIT:-1000}" | awk '{print $1}' >"$OUT/codes.txt"
xargs -P "${SURVEY_JOBS:-$(nproc)}" -I{} bash -c 'survey_one "$@"' _ {} "$@" <"$OUT/codes.txt"
while read -r code; do cat "$OUT/$code.line"; done <"$OUT/codes.txt" | tee "$OUT/survey.txt"
python3 tools/la_survey_summary.py "$OUT"
