#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# test.sh: the README's test command (and CI's). Installs what is missing,
# builds twice (plain, and with AddressSanitizer + UBSan), and runs every
# test with ctest in both builds.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/install_deps.sh" --tests
bash "$ROOT/scripts/build.sh" build -DZG_WERROR=ON
bash "$ROOT/scripts/build.sh" build-asan -DZG_SANITIZE=ON -DZG_WERROR=ON \
  -DCMAKE_BUILD_TYPE=Debug
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
echo "== tests, plain build"
(cd "$ROOT/build" && ctest --output-on-failure -j2) || status=1
echo "== tests, ASan + UBSan build"
(cd "$ROOT/build-asan" && ctest --output-on-failure -j2) || status=1
exit $status
