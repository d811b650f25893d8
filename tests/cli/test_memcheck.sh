# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# valgrind memcheck on the command: the bundled demo run (every analysis,
# the map, the report, CSV and GeoJSON), a re-run with --append, a land-use
# overlay on 20 000 generated parcels with two worker threads, and the
# error paths of a bad input and of a refused output. Any memory error or a
# leak not explained in tests/valgrind/zoneguard.supp makes the command
# exit 99 (tests/valgrind/memcheck.sh), which fails the check. The rest of
# the suite runs under AddressSanitizer and UBSan (scripts/test.sh); this
# test is the second opinion, on the optimised build.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { bad "valgrind is not installed (scripts/install_deps.sh --tests)"; finish; exit 1; }
export ZG_REAL="$ZG" ZG_ROOT
VG="$ZG_ROOT/tests/valgrind/memcheck.sh"

rc=0
"$VG" run -o "$T/out" -q 2>"$T/err" || rc=$?
expect_eq "demo run: no memory error, no leak" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 3000 "$T/err"
expect_eq "demo run: report and map written" 2 "$(ls "$T/out/report.html" "$T/out/map.png" | wc -l)"

rc=0
"$VG" areas "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/out/results.sqlite" --append -q 2>"$T/err" || rc=$?
expect_eq "areas --append: no memory error, no leak" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 3000 "$T/err"
expect_eq "areas --append: a second run recorded" 2 "$(q "$T/out/results.sqlite" "SELECT count(*) FROM runs")"

/usr/bin/python3 "$ZG_ROOT/scripts/bench/make_scene.py" --size small --out "$T/scene" >/dev/null
rc=0
"$VG" landuse "$T/scene/clusters.gpkg" --landuse "$T/scene/parcels.gpkg" --code-field ma_ldat \
  --threads 2 -o "$T/l.sqlite" -q 2>"$T/err" || rc=$?
expect_eq "landuse, 2 threads: no memory error, no leak" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 3000 "$T/err"

# Error paths free what they made, too.
expect_exit "missing .dbf under memcheck" 3 "has no .dbf" -- \
  "$VG" areas "$GEO/real/comokit-vn-buildings/bad_vinh_phuc_son_loi_missing_dbf/buildings.shp" -o "$T/x.sqlite"
expect_exit "existing output under memcheck" 6 "output exists" -- \
  "$VG" areas "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/l.sqlite"
finish
