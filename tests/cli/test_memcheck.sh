# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# valgrind memcheck on the command: the bundled demo run (every analysis,
# the map, the report, CSV and GeoJSON) and a re-run with --append
# (test_memcheck_overlay.sh: a threaded overlay and error paths; two
# tests, so that ctest runs them side by side). Any memory error or a
# leak not explained in tests/valgrind/zoneguard.supp makes the command
# exit 99 (tests/valgrind/memcheck.sh), which fails the check. The rest of
# the suite runs under AddressSanitizer and UBSan (scripts/test.sh); this
# test is the second opinion, on the optimised build. The demo run's
# atlas (44 PDF pages drawn by cairo) is left out here (`atlas = none`):
# under valgrind the test took 493 s with it, 154 s without (clean-
# clone CI of 07/12/2026, same machine); test_atlas.sh runs it
# in every build, under ASan, UBSan and LeakSanitizer in theirs.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { bad "valgrind is not installed (scripts/install_deps.sh --tests)"; finish; exit 1; }
export ZG_REAL="$ZG" ZG_ROOT
VG="$ZG_ROOT/tests/valgrind/memcheck.sh"

rc=0
sed -e "s#= hanoi_#= $GEO/demo/hanoi_#g" -e "s#, hanoi_#, $GEO/demo/hanoi_#g" \
    -e "s#= \.\./real#= $GEO/real#" "$GEO/demo/hanoi.scenario" > "$T/demo.scenario"
echo "atlas = none" >> "$T/demo.scenario"
"$VG" run "$T/demo.scenario" -o "$T/out" -q 2>"$T/err" || rc=$?
expect_eq "demo run: no memory error, no leak" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 3000 "$T/err"
expect_eq "demo run: report and map written" 2 "$(ls "$T/out/report.html" "$T/out/map.png" | wc -l)"

rc=0
"$VG" areas "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/out/results.sqlite" --append -q 2>"$T/err" || rc=$?
expect_eq "areas --append: no memory error, no leak" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 3000 "$T/err"
expect_eq "areas --append: a second run recorded" 2 "$(q "$T/out/results.sqlite" "SELECT count(*) FROM runs")"
finish
