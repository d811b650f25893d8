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
# fuzzing for a time is scripts/fuzz.sh, not a test. Says how long each
# part took.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
t0=$SECONDS
bash "$ROOT/scripts/install_deps.sh" --tests
# ZG_REQUIRE_UNIT_TESTS: here a missing cmocka is an error, not a skip.
bash "$ROOT/scripts/build.sh" build -DZG_WERROR=ON -DZG_REQUIRE_UNIT_TESTS=ON
bash "$ROOT/scripts/build.sh" build-asan -DZG_SANITIZE=ON -DZG_WERROR=ON \
  -DZG_REQUIRE_UNIT_TESTS=ON -DCMAKE_BUILD_TYPE=Debug
bash "$ROOT/scripts/build.sh" build-fuzz -DZG_FUZZ=ON -DZG_WERROR=ON \
  -DCMAKE_C_COMPILER=clang
t_build=$((SECONDS - t0))
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
t0=$SECONDS
echo "== tests, plain build"
(cd "$ROOT/build" && ctest --output-on-failure -j2) || status=1
t_plain=$((SECONDS - t0))
t0=$SECONDS
echo "== tests, ASan + UBSan build"
(cd "$ROOT/build-asan" && ctest --output-on-failure -j2 -LE 'memcheck|once') || status=1
t_asan=$((SECONDS - t0))
t0=$SECONDS
echo "== fuzz tests, libFuzzer + ASan + UBSan build"
(cd "$ROOT/build-fuzz" && ctest --output-on-failure -j2 -L fuzz) || status=1
t_fuzz=$((SECONDS - t0))
echo "== time: install+builds ${t_build}s, plain tests ${t_plain}s," \
     "ASan tests ${t_asan}s, fuzz tests ${t_fuzz}s"
exit $status
