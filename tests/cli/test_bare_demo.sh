# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The README's first command on a machine that has only what
# install_deps.sh installs without --tests: scripts/demo.sh configures,
# builds and runs with the test-only packages hidden from pkg-config
# (cmocka, the unit tests' framework). Build and results go to a temporary
# folder (ZG_BUILD_DIR, ZG_OUT); the source tree is not touched. The
# build is a Debug one (CMAKE_BUILD_TYPE, which build.sh passes on): -O0 -g
# compiles in under half the time of RelWithDebInfo's -O2 -g, which the
# suite's own plain build compiles already; what this test checks (a
# configure without cmocka, a build, the demo's results) is the same.
. "$(dirname "$0")/lib.sh"
# pkg-config's own search path, every module linked in but the hidden ones.
mkdir -p "$T/pc"
IFS=: read -r -a pcdirs <<<"$(pkg-config --variable pc_path pkg-config)"
for d in "${pcdirs[@]}"; do
  [[ -d $d ]] || continue
  for f in "$d"/*.pc; do
    [[ -e $f && $(basename "$f") != cmocka.pc ]] && ln -sf "$f" "$T/pc/"
  done
done
export PKG_CONFIG_LIBDIR="$T/pc"
if pkg-config --exists cmocka; then
  bad "cmocka hidden from pkg-config"
else
  ok "cmocka hidden from pkg-config"
fi
expect_true "the build packages still seen" \
  pkg-config --exists gdal geos proj spatialite pangocairo

rc=0
CMAKE_BUILD_TYPE=Debug ZG_BUILD_DIR="$T/build" ZG_OUT="$T/out" bash "$ZG_ROOT/scripts/demo.sh" \
  >"$T/demo.log" 2>&1 || rc=$?
expect_eq "scripts/demo.sh exits 0 without cmocka" 0 "$rc"
[[ $rc -eq 0 ]] || tail -20 "$T/demo.log"
expect_true "the command was built" test -x "$T/build/zoneguard"
expect_true "the unit tests left out" test ! -e "$T/build/tests/zg_unit"
expect_eq "built as asked (Debug)" "CMAKE_BUILD_TYPE:STRING=Debug" \
  "$(grep '^CMAKE_BUILD_TYPE:' "$T/build/CMakeCache.txt")"
expect_eq "the demo's 36 clusters" 36 \
  "$(q "$T/out/results.sqlite" "SELECT count(*) FROM clusters" 2>/dev/null || echo none)"
for f in map.png report.html; do
  expect_true "$f written" test -s "$T/out/$f"
done
# CI's build must not skip the unit tests in silence: there a missing
# cmocka stops the configuration.
if cmake -S "$ZG_ROOT" -B "$T/strict" -DZG_REQUIRE_UNIT_TESTS=ON >"$T/strict.log" 2>&1; then
  bad "ZG_REQUIRE_UNIT_TESTS refuses a build without cmocka"
else
  expect_true "ZG_REQUIRE_UNIT_TESTS refuses a build without cmocka" \
    grep -q "cmocka not found" "$T/strict.log"
fi
finish
