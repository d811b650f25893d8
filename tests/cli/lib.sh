# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# lib.sh: helpers for the command-line tests. Each test script sources this
# file, runs the built command ($ZG) on inputs under $ZG_ROOT/geodata, and
# checks outputs with tools other than zoneguard (sqlite3, spatialite,
# GeographicLib's Planimeter, python3's json).
set -euo pipefail
: "${ZG:?set ZG to the zoneguard binary}"
: "${ZG_ROOT:?set ZG_ROOT to the source tree}"
# shellcheck disable=SC2034 # for the tests that source this file
GEO="$ZG_ROOT/geodata"
T=$(mktemp -d /tmp/zg_cli_XXXXXX)
# python3 is Debian's (/usr/bin/python3, which has python3-gdal and all the
# checks need): one earlier on PATH may be a version manager's shim, whose
# every start costs ten times the interpreter's (pyenv's: 0.45 s of CPU).
# A folder of its own, not in $T, whose contents some tests list.
ZG_PYBIN=$(mktemp -d /tmp/zg_py_XXXXXX)
trap 'rm -rf "$T" "$ZG_PYBIN"' EXIT
if [[ -x /usr/bin/python3 ]]; then
  ln -s /usr/bin/python3 "$ZG_PYBIN/python3"
  PATH="$ZG_PYBIN:$PATH"
fi
FAILS=0
CHECKS=0

ok() { CHECKS=$((CHECKS + 1)); echo "ok   $*"; }
bad() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "FAIL $*"; }

# expect_eq WHAT EXPECTED OBTAINED
expect_eq() {
  if [[ "$2" == "$3" ]]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi
}

# expect_rel WHAT EXPECTED OBTAINED REL: |o - e| <= rel * |e|
expect_rel() {
  if python3 -c "import sys; e,o,r=map(float,sys.argv[1:4]); sys.exit(0 if abs(o-e)<=r*abs(e) else 1)" "$2" "$3" "$4"; then
    ok "$1 ($3 vs $2, rel $4)"
  else
    bad "$1: expected $2, got $3 (rel tolerance $4)"
  fi
}

# expect_exit WHAT CODE PATTERN -- command...: exit code and stderr match
expect_exit() {
  local what=$1 code=$2 pat=$3; shift 4
  local rc=0
  "$@" >"$T/stdout" 2>"$T/stderr" || rc=$?
  if [[ $rc -ne $code ]]; then
    bad "$what: exit $rc, expected $code; stderr: $(head -c 400 "$T/stderr")"
  elif ! grep -q -- "$pat" "$T/stderr"; then
    bad "$what: stderr does not match '$pat': $(head -c 400 "$T/stderr")"
  else
    ok "$what (exit $code)"
  fi
}

# expect_true WHAT command...: the command succeeds
expect_true() {
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}

q() { sqlite3 -batch -noheader "$1" "$2"; }

# D=$(demo_run): the folder `zoneguard run -o D --timings` made of the
# bundled demo (its stderr in D.err). Under ctest, the fixture demo_run made it once
# for every test that needs it (tests/CMakeLists.txt): read it, never
# write there (copy it first). Run by hand, the test makes its own.
demo_run() {
  if [[ -n ${ZG_DEMO_RUN:-} ]]; then echo "$ZG_DEMO_RUN"; return; fi
  if [[ ! -d $T/demo_run ]]; then
    "$ZG" run -o "$T/demo_run" --timings >/dev/null 2>"$T/demo_run.err" ||
      { echo "zoneguard run of the demo failed: $(head -c 1000 "$T/demo_run.err")" >&2; return 1; }
  fi
  echo "$T/demo_run"
}

# S=$(bench_scene SIZE): scripts/bench/make_scene.py's scene of that size
# (its default seed: the same files every time). Under ctest it is made
# once per build, in $ZG_CACHE (the build folder's tests/cache), in a
# folder named by the hash of the generator's sources (a changed
# generator makes a new one); run by hand, in $T. Read it, never write
# there: other tests share it.
bench_scene() {
  local ms="$ZG_ROOT/scripts/bench/make_scene.py" dir key tmp
  if [[ -z ${ZG_CACHE:-} ]]; then
    dir="$T/scene_$1"
    [[ -d $dir ]] || /usr/bin/python3 "$ms" --size "$1" --out "$dir" >/dev/null || return 1
    echo "$dir"
    return
  fi
  key=$(cat "$ZG_ROOT"/scripts/bench/*.py | sha256sum | cut -c1-16)
  dir="$ZG_CACHE/scene_$1_$key"
  if [[ ! -d $dir ]]; then
    mkdir -p "$ZG_CACHE"
    tmp=$(mktemp -d "$ZG_CACHE/.new_XXXXXX")
    /usr/bin/python3 "$ms" --size "$1" --out "$tmp/s" >/dev/null || { rm -rf "$tmp"; return 1; }
    # Whole or not at all: renamed into place; if a test beside this one
    # made it first, theirs stays (the same bytes).
    mv -T "$tmp/s" "$dir" 2>/dev/null || true
    rm -rf "$tmp"
  fi
  echo "$dir"
}

finish() {
  echo "$((CHECKS - FAILS)) passed, $FAILS failed"
  [[ $FAILS -eq 0 ]]
}
