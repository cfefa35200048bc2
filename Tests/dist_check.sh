#!/usr/bin/env bash
# The install tarball (make dist) on a machine without Swift or GSL, run by make test:
#   Tests/dist_check.sh dist/caresim-VERSION-linux-ARCH.tar.gz [REFERENCE]
# Unpacks it into a temporary folder and checks that the binary needs no Swift or GSL library (ldd:
# only glibc, libstdc++ and libgcc_s), then, with a clean environment (env -i, a PATH on which there
# is no swift) and the working directory outside the repository, runs caresim baseline (data found
# from the install prefix, no --data, --base or --england-targets), a run of that baseline and its
# report, and caresim compare of two shipped scenarios at 2 replications and its report, checking
# exit codes and the files written. Then the same binary alone, without its share/caresim: the
# error names the places looked in and CARESIM_DATA, and CARESIM_DATA pointing at the data works; and caresim serve
# from the tarball answers a search.
# With REFERENCE (the test build's caresim, run as it is), the comparison's files must be
# byte-identical to the reference's: linking again changed nothing of the results.
#   Tests/dist_check.sh TARBALL [REFERENCE]
set -euo pipefail
[ $# -eq 1 ] || [ $# -eq 2 ] || { echo "usage: Tests/dist_check.sh TARBALL [REFERENCE_CARESIM]" >&2; exit 2; }
tarball=$(realpath "$1")
reference=${2:+$(realpath "$2")}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/caresim-dist-check-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "dist_check: FAIL: $*" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }

tar -C "$tmp" -xzf "$tarball"
top=$(basename "$tarball" .tar.gz)
prefix="$tmp/$top"
share="$prefix/share/caresim"
[ -x "$prefix/bin/caresim" ] || fail "no $top/bin/caresim in $tarball"
for item in data/dfe scenarios/england-2014-15.yaml calibration/england-2014-15.csv docs/install.md README.md; do
  [ -e "$share/$item" ] || fail "no $top/share/caresim/$item in $tarball"
done
ok

# The libraries it needs: the C and C++ runtimes of every Debian, nothing of Swift or GSL.
ldd "$prefix/bin/caresim" > "$tmp/ldd" || fail "ldd cannot read the binary"
! grep -q 'not found' "$tmp/ldd" || fail "libraries not found: $(grep 'not found' "$tmp/ldd")"
! grep -Eiq 'swift|gsl|Foundation|dispatch|icu' "$tmp/ldd" || fail "linked against Swift or GSL libraries: $(cat "$tmp/ldd")"
unexpected=$(awk '{print $1}' "$tmp/ldd" | xargs -n1 basename |
             grep -Ev '^(linux-vdso\.so|ld-linux-x86-64\.so|ld-linux-aarch64\.so|libc\.so|libm\.so|libstdc\+\+\.so|libgcc_s\.so|libdl\.so|libpthread\.so|librt\.so|libutil\.so)' || true)
[ -z "$unexpected" ] || fail "needs libraries beyond glibc, libstdc++ and libgcc_s: $unexpected"
ok

# A PATH without swift: /usr/bin:/bin, or an empty folder where swift is there (caresim runs no other program).
path=/usr/bin:/bin
if [ -e /usr/bin/swift ] || [ -e /bin/swift ]; then mkdir "$tmp/path"; path="$tmp/path"; fi
mkdir "$tmp/home" "$tmp/work"
clean() { (cd "$tmp/work" && env -i HOME="$tmp/home" PATH="$prefix/bin:$path" "$@"); }
! clean /bin/sh -c 'command -v swift' >/dev/null || fail "swift is on the PATH of the check"
ok

run() {  # run NAME ARGS...: caresim ARGS in the clean environment, its output in $tmp/NAME.out and .err
  local name=$1; shift
  clean caresim "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || fail "caresim $* exited $?: $(tail -5 "$tmp/$name.err")"
  ok
}
expect_files() { for f in "$@"; do [ -s "$tmp/work/$f" ] || fail "expected $f to be written"; done; ok; }

run version --version
version=${top#caresim-}
[ "$(cat "$tmp/version.out")" = "${version%-linux-*}" ] || fail "caresim --version printed $(cat "$tmp/version.out"), the tarball is $top"
run list baseline --list
grep -q ' local authorities; ' "$tmp/list.out" || fail "baseline --list printed no summary line"
run baseline baseline --la Rutland --out rutland/rutland.yaml --targets rutland/rutland.csv
expect_files rutland/rutland.yaml rutland/rutland.csv
base=$(sed -n 's/^extends: //p' "$tmp/work/rutland/rutland.yaml")
[ "$(realpath "$tmp/work/rutland/$base")" = "$(realpath "$share/scenarios/england-2014-15.yaml")" ] ||
  fail "the baseline extends $base, not the installed England scenario"
run run run rutland/rutland.yaml --replications 2 --out rutland/run
expect_files rutland/run/summary.csv rutland/run/years.csv rutland/run/manifest.json
run report report rutland/run
expect_files rutland/run/report.html
run compare compare "$share/scenarios/rsw-units-counterpart.yaml" "$share/scenarios/rsw-units.yaml" --replications 2 --out rsw
expect_files rsw/comparison.csv rsw/manifest.json
run compare-report report rsw
expect_files rsw/report.html
if [ -n "$reference" ]; then
  (cd "$tmp/work" && "$reference" compare "$share/scenarios/rsw-units-counterpart.yaml" "$share/scenarios/rsw-units.yaml" \
     --replications 2 --out rsw-reference >/dev/null 2>"$tmp/reference.err") || fail "the reference $reference: $(tail -3 "$tmp/reference.err")"
  for f in $(cd "$tmp/work/rsw-reference" && ls); do
    [ "$f" = manifest.json ] || [ "$f" = report.html ] || cmp -s "$tmp/work/rsw/$f" "$tmp/work/rsw-reference/$f" ||
      fail "$f of the tarball's caresim differs from the reference's ($reference)"
  done
  ok
fi

# The studio from the tarball (SQLite linked in): serves on a free port, finds an authority, stops on SIGTERM.
(cd "$tmp/work" && exec env -i HOME="$tmp/home" PATH="$prefix/bin:$path" caresim serve --port 0 --db "$tmp/studio/studio.sqlite" \
   >"$tmp/serve.out" 2>"$tmp/serve.err") &
serve_pid=$!
for _ in $(seq 1 100); do grep -q '^CareSim Studio: open http' "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^CareSim Studio: open \(http[^ ]*\)$/\1/p' "$tmp/serve.out")
[ -n "$url" ] || { kill "$serve_pid" 2>/dev/null; fail "caresim serve printed no address: $(cat "$tmp/serve.err")"; }
python3 -c "import sys, urllib.request; sys.exit(0 if '/authorities/E08000035' in urllib.request.urlopen(sys.argv[1] + 'authorities?q=leeds').read().decode() else 1)" "$url" ||
  { kill "$serve_pid" 2>/dev/null; fail "the studio at $url did not find Leeds"; }
kill -TERM "$serve_pid"; wait "$serve_pid" || true
[ -s "$tmp/studio/studio.sqlite" ] && [ -f "$tmp/studio/studio-files/.caresim-studio" ] || fail "the studio wrote no database or storage folder"
ok

# The binary alone: nothing to find, and every place looked in named.
mkdir -p "$tmp/alone"
cp "$prefix/bin/caresim" "$tmp/alone/caresim"
if clean "$tmp/alone/caresim" baseline --list >"$tmp/alone.out" 2>"$tmp/alone.err"; then fail "baseline --list without any data succeeded"; fi
for said in "CARESIM_DATA" "--data" "$tmp/share/caresim (the install prefix" "$tmp/work (a folder at or above the working directory)" "$tmp/alone (a folder at or above the executable's)"; do
  grep -qF -- "$said" "$tmp/alone.err" || fail "the error without data does not say '$said': $(cat "$tmp/alone.err")"
done
ok
(cd "$tmp/work" && env -i HOME="$tmp/home" PATH="$path" CARESIM_DATA="$share" "$tmp/alone/caresim" baseline --list >"$tmp/env.out" 2>"$tmp/env.err") ||
  fail "CARESIM_DATA=$share baseline --list: $(cat "$tmp/env.err")"
cmp -s "$tmp/env.out" "$tmp/list.out" || fail "CARESIM_DATA gave another list than the install prefix"
ok
echo "dist_check: $checks checks passed ($top, without Swift or GSL)"
