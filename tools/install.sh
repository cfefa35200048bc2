#!/usr/bin/env bash
# Installs a caresim binary and the CareSim data under PREFIX (make install, make dist; docs/install.md):
#   PREFIX/bin/caresim
#   PREFIX/share/caresim/{data,scenarios,calibration,docs,README.md}
#   PREFIX/share/caresim/.caresim-install   the SHA-256 of every file installed, paths relative to PREFIX
# Usage: tools/install.sh BINARY PREFIX
# An earlier install is replaced whole (so no file of an older version is left beside the new
# ones) only when it is exactly what this script wrote: every file listed in its .caresim-install,
# unchanged, and nothing else. Otherwise nothing is touched and the files in the way are named.
set -euo pipefail
if [ $# -ne 2 ] || [ -z "$2" ]; then echo "usage: tools/install.sh BINARY PREFIX" >&2; exit 2; fi
binary=$(realpath -m "$1")
prefix=$(realpath -m "$2")
cd "$(dirname "$0")/.."
share="$prefix/share/caresim"
list=share/caresim/.caresim-install
fail() { echo "install: $*; nothing installed" >&2; exit 1; }

[ -x "$binary" ] || fail "no caresim binary at $binary (make dist builds it)"
for item in data scenarios calibration docs README.md; do
  [ -e "$item" ] || fail "expected $item in $(pwd), the repository"
done

# What is in the way must be an earlier install of ours, unchanged.
if [ -e "$share" ] || [ -e "$prefix/bin/caresim" ]; then
  [ -f "$prefix/$list" ] || fail "$share or $prefix/bin/caresim exists but was not installed by make install (no $prefix/$list): move it or choose another PREFIX"
  changed=$(cd "$prefix" && sha256sum --check --quiet "$list" 2>&1 | sed 's/^/  /') ||
    fail "the earlier install in $prefix has files changed or missing since it was installed:
$changed
move them or choose another PREFIX"
  extra=$(cd "$prefix" && find share/caresim \( -type f -o -type l -o -type d -empty \) ! -path "$list" | sort |
          comm -23 - <(sed 's/^[0-9a-f]*  //' "$list" | sort) | sed 's/^/  /')
  [ -z "$extra" ] || fail "$share holds files make install did not write:
$extra
move them or choose another PREFIX"
fi

# Staged beside the destination, then moved into place.
mkdir -p "$prefix/bin" "$prefix/share"
stage=$(mktemp -d "$prefix/share/.caresim-install-XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/share/caresim" "$stage/bin"
# The repository's files (in a git checkout, the tracked ones only: no results or scratch files).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z -- data scenarios calibration docs README.md | tar --null -T - -cf - | tar -C "$stage/share/caresim" -xf -
else
  cp -R data scenarios calibration docs README.md "$stage/share/caresim/"
fi
install -m 755 "$binary" "$stage/bin/caresim"
chmod -R u=rwX,go=rX "$stage/share/caresim"
(cd "$stage" && find bin share -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) > "$stage/list"
mv "$stage/list" "$stage/$list"
if [ -e "$share" ]; then rm -rf "$share"; fi
mv "$stage/share/caresim" "$share"
mv -f "$stage/bin/caresim" "$prefix/bin/caresim"
echo "installed $prefix/bin/caresim and $share"
