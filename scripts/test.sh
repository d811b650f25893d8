#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# test.sh: the README's test command (and CI's). Installs what is missing,
# builds three times (plain; AddressSanitizer + UBSan; clang with libFuzzer,
# ASan and UBSan) and runs the tests of each: every test in the first two
# (valgrind memcheck, label memcheck, and the tests labelled once, such as
# the bare-machine demo and the package, in the plain build only:
# tests/CMakeLists.txt says why each), in the third the fuzz targets
# replaying their seeds and past finds (label fuzz). Deterministic:
# fuzzing for a time is scripts/fuzz.sh, not a test.
# Each build's tests start as soon as it is built, beside the next build
# (each ctest -j2), so that no core waits for a link step or a suite's
# last long test; each suite's output is shown when all are done. Says
# how long each part took (wall seconds) and the CPU seconds of all.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
t_all=$SECONDS
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# build DIR cmake-options...: build.sh, and its wall seconds in DIR/build.time.
build() {
  local t=$SECONDS
  bash "$ROOT/scripts/build.sh" "$@"
  echo $((SECONDS - t)) >"$ROOT/$1/build.time"
}
# suite DIR ctest-options... &: DIR's tests, output in DIR/ctest.log, exit
# code in DIR/ctest.rc, wall seconds in DIR/ctest.time.
suite() {
  local dir=$ROOT/$1 t=$SECONDS rc=0
  shift
  rm -f "$dir/ctest.rc"
  (cd "$dir" && ctest --output-on-failure -j2 "$@") >"$dir/ctest.log" 2>&1 || rc=$?
  echo $((SECONDS - t)) >"$dir/ctest.time"
  echo $rc >"$dir/ctest.rc"
}
t=$SECONDS
bash "$ROOT/scripts/install_deps.sh" --tests
t_install=$((SECONDS - t))
status=0
# ZG_REQUIRE_UNIT_TESTS: here a missing cmocka is an error, not a skip.
build build -DZG_WERROR=ON -DZG_REQUIRE_UNIT_TESTS=ON
suite build &
# Debug is -O0: -O1 (ASan's documentation's advice) measured no faster
# here (a demo run 24 CPU-s at -O0, 27 at -O1; unit_arrow_rows alike): the
# time is ASan's allocator and the kernel's page faults, dynamic loading
# and the libraries, which are not rebuilt (zoneguard's own code: ~1 % of
# a run's samples under perf).
if build build-asan -DZG_SANITIZE=ON -DZG_WERROR=ON \
    -DZG_REQUIRE_UNIT_TESTS=ON -DCMAKE_BUILD_TYPE=Debug; then
  # Two frames of each allocation's stack, not 30: taking them was a
  # quarter of a demo run's CPU under ASan (32 -> 23 s). A report still
  # names the allocating function (#1; run again with
  # ASAN_OPTIONS=malloc_context_size=30 for more), and tests/lsan.supp's
  # fontconfig entry still matches (its module is #1). Not for the fuzz
  # suite: its GEOS entry needs the whole stack (run_fuzz.sh).
  ASAN_OPTIONS=$ASAN_OPTIONS:malloc_context_size=2 suite build-asan -LE 'memcheck|once' &
else
  status=1
fi
if build build-fuzz -DZG_FUZZ=ON -DZG_WERROR=ON -DCMAKE_C_COMPILER=clang; then
  suite build-fuzz -L fuzz &
else
  status=1
fi
wait
parts=""
for b in "build:plain" "build-asan:ASan + UBSan" "build-fuzz:libFuzzer + ASan + UBSan"; do
  d=$ROOT/${b%%:*}
  [[ -e $d/ctest.rc ]] || continue
  echo "== tests, ${b#*:} build"
  cat "$d/ctest.log"
  [[ $(cat "$d/ctest.rc") -eq 0 ]] || status=1
  parts+=", ${b#*:}: build $(cat "$d/build.time") s, tests $(cat "$d/ctest.time") s"
done
# CPU: user + system seconds of every process this script waited for
# (`times` in this shell: in a pipe it would count a subshell's).
times >"$ROOT/build/test.times"
cpu=$(awk 'END { s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] } printf "%.0f", s }' "$ROOT/build/test.times")
echo "== time (wall seconds): install ${t_install} s${parts}" \
     "(each build's tests beside the next build); total $((SECONDS - t_all)) s," \
     "CPU ${cpu} s"
exit $status
