#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# run_fuzz.sh: how ctest runs the fuzz targets (tests/fuzz/CMakeLists.txt).
#
#   run_fuzz.sh fuzz BIN SEEDS WORK SECONDS
#       fuzz for SECONDS from the seed corpus SEEDS (read only); new inputs
#       go to WORK/corpus, a crashing input to WORK/artifacts/. Fails on a
#       crash, a failed check, a leak, an input slower than 10 s or above
#       2 GiB of memory.
#   run_fuzz.sh regress BIN DIR
#       run every file of DIR once (libFuzzer does not fuzz when given
#       files); exit 77 (ctest: skipped) when DIR holds none.
#   run_fuzz.sh replay BIN DIR...
#       the same with a replay binary of a build without libFuzzer, on the
#       files of every DIR that exists.
set -euo pipefail
mode=$1 bin=$2
shift 2
# libFuzzer's own failure code is 77, which ctest takes for "skipped":
# every failure exits 1 here.
limits=(-timeout=10 -rss_limit_mb=2048 -error_exitcode=1 -timeout_exitcode=1)
case $mode in
fuzz)
  seeds=$1 work=$2 secs=$3
  mkdir -p "$work/corpus" "$work/artifacts"
  if ! "$bin" "${limits[@]}" -max_total_time="$secs" -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds"; then
    echo "run_fuzz: $(basename "$bin") failed; the input is in" \
         "$work/artifacts/. Fix the bug, then add the input to" \
         "tests/fuzz/regress/${bin##*fuzz_}/ so that it is replayed." >&2
    exit 1
  fi
  ;;
regress)
  dir=$1
  shopt -s nullglob
  files=("$dir"/*)
  if ((${#files[@]} == 0)); then
    echo "run_fuzz: no regression inputs in $dir"
    exit 77
  fi
  "$bin" "${limits[@]}" "${files[@]}" || exit 1
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
