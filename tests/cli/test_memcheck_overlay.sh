# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# valgrind memcheck on the command (beside test_memcheck.sh, which runs the
# demo): a land-use overlay with two worker threads, on a 6 km square of
# the bench's small scene (ogr2ogr -spat: ~3 600 of its 20 000 parcels,
# the clusters there; candidates go in batches of 256, so both workers
# get some), and the error paths of a bad input and of a refused output. Any
# memory error or a leak not explained in tests/valgrind/zoneguard.supp
# makes the command exit 99 (tests/valgrind/memcheck.sh), which fails the
# check.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { bad "valgrind is not installed (scripts/install_deps.sh --tests)"; finish; exit 1; }
export ZG_REAL="$ZG" ZG_ROOT
VG="$ZG_ROOT/tests/valgrind/memcheck.sh"

S=$(bench_scene small)
ogr2ogr -spat 560000 2300000 566000 2306000 "$T/clusters.gpkg" "$S/clusters.gpkg"
ogr2ogr -spat 559000 2299000 567000 2307000 "$T/parcels.gpkg" "$S/parcels.gpkg"
rc=0
"$VG" landuse "$T/clusters.gpkg" --landuse "$T/parcels.gpkg" --code-field ma_ldat \
  --threads 2 -o "$T/l.sqlite" -q 2>"$T/err" || rc=$?
expect_eq "landuse, 2 threads: no memory error, no leak" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 3000 "$T/err"
expect_true "landuse: rows for several clusters ($(q "$T/l.sqlite" "SELECT count(DISTINCT cluster_id) FROM landuse_composition"))" \
  test "$(q "$T/l.sqlite" "SELECT count(DISTINCT cluster_id) FROM landuse_composition")" -ge 5

# Error paths free what they made, too.
expect_exit "missing .dbf under memcheck" 3 "has no .dbf" -- \
  "$VG" areas "$GEO/real/comokit-vn-buildings/bad_vinh_phuc_son_loi_missing_dbf/buildings.shp" -o "$T/x.sqlite"
expect_exit "existing output under memcheck" 6 "output exists" -- \
  "$VG" areas "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/l.sqlite"
finish
