#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# run_fuzz.sh: how ctest runs the fuzz targets (tests/fuzz/CMakeLists.txt).
#
#   run_fuzz.sh fuzz BIN SEEDS WORK SECONDS
#       fuzz for SECONDS from the seed corpus SEEDS (read only); new inputs
#       go to WORK/corpus, a crashing input to WORK/artifacts/. Fails on a
#       crash, a failed check, a leak, an input slower than 10 s or above
#       2 GiB of memory. scripts/fuzz.sh runs it, never ctest.
#   run_fuzz.sh regress BIN DIR...
#       run every file of every DIR that exists once (libFuzzer does not
#       fuzz when given files); fails when they hold no file at all.
#   run_fuzz.sh replay BIN DIR...
#       the same with a replay binary of a build without libFuzzer, on the
#       files of every DIR that exists.
set -euo pipefail
mode=$1 bin=$2
shift 2
# libFuzzer's own failure code is 77, which ctest takes for "skipped":
# every failure exits 1 here.
limits=(-timeout=10 -rss_limit_mb=2048 -error_exitcode=1 -timeout_exitcode=1)
# LeakSanitizer's suppressions (tests/lsan.supp) name a library's frames,
# which the fast unwinder of this clang build does not reach (it stops in
# libstdc++'s operator new): where a leak must be matched against them,
# the stack is taken in full, at about a tenth of the speed.
full_stacks="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
case $mode in
fuzz)
  seeds=$1 work=$2 secs=$3
  mkdir -p "$work/corpus" "$work/artifacts"
  # A leak libFuzzer reports is taken again with full stacks: if the
  # suppressions then cover it, it is a library's own (GEOS 3.11's buffer
  # leaks inside MakeValid on some rings), and fuzzing goes on for the time
  # left, a few times at most; anything else fails the test.
  end=$((SECONDS + secs)) restarts=0
  while :; do
    left=$((end - SECONDS))
    ((left > 0)) || break
    touch "$work/started"
    if "$bin" "${limits[@]}" -max_total_time="$left" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds"; then
      break
    fi
    leak=$(find "$work/artifacts" -maxdepth 1 -name 'leak-*' -newer "$work/started" -print -quit)
    if [[ -n $leak ]] && ((restarts < 5)) &&
        ASAN_OPTIONS=$full_stacks "$bin" "${limits[@]}" "$leak" >/dev/null 2>&1; then
      echo "run_fuzz: $(basename "$leak"): a leak inside a library, covered by" \
           "tests/lsan.supp once its stack is whole; fuzzing on"
      # libFuzzer may have kept the input in the corpus, under the same
      # SHA-1 name, before it saw the leak: out of it too, or the next run
      # stops on it at once.
      mkdir -p "$work/known"
      rm -f "$work/corpus/$(basename "$leak" | sed 's/^leak-//')"
      mv "$leak" "$work/known/"
      restarts=$((restarts + 1))
      continue
    fi
    echo "run_fuzz: $(basename "$bin") failed; the input is in" \
         "$work/artifacts/. Fix the bug, then add the input to" \
         "tests/fuzz/regress/${bin##*fuzz_}/ so that it is replayed." >&2
    exit 1
  done
  ;;
regress)
  shopt -s nullglob
  files=()
  for d in "$@"; do files+=("$d"/*); done
  if ((${#files[@]} == 0)); then
    echo "run_fuzz: no input in $*" >&2
    exit 1
  fi
  ASAN_OPTIONS=$full_stacks "$bin" "${limits[@]}" "${files[@]}" || exit 1
  ;;
replay)
  dirs=()
  for d in "$@"; do [[ -d $d ]] && dirs+=("$d"); done
  # Under scripts/test_valgrind.sh (ZG_MEMCHECK set to the wrapper), the
  # replay runs under valgrind memcheck as well.
  if [[ -n ${ZG_MEMCHECK:-} ]]; then
    ZG_REAL="$bin" "$ZG_MEMCHECK" "${dirs[@]}" || exit 1
  else
    "$bin" "${dirs[@]}" || exit 1
  fi
  ;;
*)
  echo "run_fuzz: unknown mode $mode" >&2
  exit 2
  ;;
esac
