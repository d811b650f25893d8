# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# valgrind memcheck on the command: a demo run (every analysis, the map,
# the report, CSV and GeoJSON) and a re-run with --append
# (test_memcheck_overlay.sh: a threaded overlay and error paths; two
# tests, so that ctest runs them side by side). Any memory error or a
# leak not explained in tests/valgrind/zoneguard.supp makes the command
# exit 99 (tests/valgrind/memcheck.sh), which fails the check. The rest of
# the suite runs under AddressSanitizer and UBSan (scripts/test.sh); this
# test is the second opinion, on the optimised build, for what only it
# sees (reads of uninitialised memory): on demo_subset.py's smallest copy
# of the demo, the two overlapping clusters CCN-DA-01 and CCN-DA-03 and
# the ~1 000 parcels within 1 km of them or in a proposal (every input
# route and step of the whole demo still: every analysis table gets rows,
# checked below; 46 s of CPU here against 62 s for the 6-cluster copy
# and 154 s for the demo), and without the atlas (`atlas = none`: 493 s
# with it), which test_atlas.sh runs under ASan, UBSan and LeakSanitizer.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { bad "valgrind is not installed (scripts/install_deps.sh --tests)"; finish; exit 1; }
export ZG_REAL="$ZG" ZG_ROOT
VG="$ZG_ROOT/tests/valgrind/memcheck.sh"

rc=0
/usr/bin/python3 "$ZG_ROOT/tests/cli/demo_subset.py" "$GEO" "$T/sub" CCN-DA-01,CCN-DA-03
"$VG" run "$T/sub/subset.scenario" -o "$T/out" -q 2>"$T/err" || rc=$?
expect_eq "demo run: no memory error, no leak" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 3000 "$T/err"
expect_eq "demo run: report and map written" 2 "$(ls "$T/out/report.html" "$T/out/map.png" | wc -l)"
# The subset still takes every step: rows in every analysis's tables.
expect_eq "demo run: rows of overlaps, land use, housing, reserve, proposals" \
  "1 1 1 1 1 1 1" \
  "$(for t in cluster_overlaps landuse_composition encroachment encroachment_new reserve proposal_checks proposal_evidence; do
       q "$T/out/results.sqlite" "SELECT count(*) > 0 FROM \"$t\""; done | tr '\n' ' ' | sed 's/ $//')"

rc=0
"$VG" areas "$T/sub/clusters.shp" -o "$T/out/results.sqlite" --append -q 2>"$T/err" || rc=$?
expect_eq "areas --append: no memory error, no leak" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 3000 "$T/err"
expect_eq "areas --append: a second run recorded" 2 "$(q "$T/out/results.sqlite" "SELECT count(*) FROM runs")"
finish
