#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# test_valgrind.sh: the whole test suite with every zoneguard command (the
# unit tests and the fuzz replays too) under valgrind memcheck (memcheck.sh: a
# memory error or an unexplained leak makes the command exit 99, which its
# test reports). Long (valgrind runs GEOS and PROJ some 20-50 times
# slower), so CI runs only the memcheck-labelled test of scripts/test.sh;
# this is the full run, for a release or after a change to memory handling.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
t0=$SECONDS
bash "$ROOT/scripts/install_deps.sh" --tests
bash "$ROOT/scripts/build.sh" build-valgrind -DZG_VALGRIND=ON -DZG_WERROR=ON
# The memcheck-labelled test wraps the command itself.
(cd "$ROOT/build-valgrind" && ctest --output-on-failure -j2 -LE memcheck) && rc=0 || rc=1
echo "== whole suite under valgrind memcheck: $((SECONDS - t0)) s"
exit $rc
