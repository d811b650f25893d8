#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# fuzz.sh SECONDS [TARGET...]: fuzz zoneguard's parsers for SECONDS each
# (every target of tests/fuzz/ by default), with clang's libFuzzer, ASan and
# UBSan, from the seed corpus. Run it before a change that touches a parser;
# it is not part of the tests (scripts/test.sh only replays the seeds and
# past finds, so that CI fails only for a real defect). A find stops the
# target, its input in build-fuzz/tests/fuzz/work/TARGET/artifacts/: fix
# the bug, then copy the input to tests/fuzz/regress/TARGET/ under a name
# that says what it found, and the tests replay it from then on.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: SECONDS must be a positive integer" >&2; exit 2; }
shift
bash "$ROOT/scripts/install_deps.sh" --tests
bash "$ROOT/scripts/build.sh" build-fuzz -DZG_FUZZ=ON -DCMAKE_C_COMPILER=clang
dir="$ROOT/build-fuzz/tests/fuzz"
if (($# == 0)); then
  for f in "$ROOT"/tests/fuzz/fuzz_*.c; do
    t=${f##*/fuzz_}
    set -- "$@" "${t%.c}"
  done
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for t in "$@"; do
  [[ -x $dir/fuzz_$t ]] || { echo "fuzz.sh: no target '$t'" >&2; exit 2; }
  echo "== fuzz_$t, ${secs} s"
  bash "$ROOT/tests/fuzz/run_fuzz.sh" fuzz "$dir/fuzz_$t" \
    "$ROOT/tests/fuzz/corpus/$t" "$dir/work/$t" "$secs" || failed+=("$t")
done
if ((${#failed[@]})); then
  echo "fuzz.sh: finds in: ${failed[*]} (inputs under $dir/work/*/artifacts/)" >&2
  exit 1
fi
echo "fuzz.sh: no find in $# targets, ${secs} s each"
