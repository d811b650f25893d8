# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# `zoneguard run SCENARIO`: every analysis the scenario has inputs for,
# into one folder; the same numbers as the single commands; errors in the
# scenario name the line; an earlier run is not overwritten.
. "$(dirname "$0")/lib.sh"
D="$GEO/demo"
mkdir "$T/s"
ogr2ogr -f GPKG "$T/s/houses.gpkg" "$GEO/real/comokit-vn-buildings/hanoi_me_linh_ha_loi/buildings.shp" -nln b -dim XY
ogr2ogr -f GPKG "$T/s/houses_old.gpkg" "$T/s/houses.gpkg" -nln b -dialect SQLite -sql "SELECT * FROM b WHERE fid % 3 <> 0"
cat > "$T/s/study.scenario" <<S
# A study of the demo clusters (comments and blank lines are fine)

title = Thử nghiệm
clusters = $D/hanoi_clusters_vn2000.shp
declared_field = dien_tich
parks = $D/hanoi_parks_vn2000.gpkg
residential = houses_old.gpkg, houses.gpkg
epochs = 2019, 2020
rings = 50, 100
S
"$ZG" run "$T/s/study.scenario" -o "$T/out" -q
for f in results.sqlite geojson/clusters.geojson geojson/overlaps.geojson geojson/reserve.geojson geojson/encroachment_new_2019_2020.geojson csv/clusters.csv csv/encroachment.csv csv/reserve.csv; do
  if [[ -s "$T/out/$f" ]]; then ok "wrote $f"; else bad "missing $f"; fi
done
R="$T/out/results.sqlite"
expect_eq "tables" "cluster_overlaps clusters encroachment encroachment_new reserve" \
  "$(q "$R" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('clusters', 'cluster_overlaps', 'encroachment', 'encroachment_new', 'reserve') ORDER BY name)")"
"$ZG" encroach "$D/hanoi_clusters_vn2000.shp" --residential "$T/s/houses_old.gpkg" --residential "$T/s/houses.gpkg" --epochs 2019,2020 --rings 50,100 -o "$T/e.sqlite" -q
expect_eq "same encroachment as the single command" \
  "$(q "$T/e.sqlite" "SELECT cluster_id, epoch, zone, residential_ha FROM encroachment")" \
  "$(q "$R" "SELECT cluster_id, epoch, zone, residential_ha FROM encroachment")"
expect_eq "the overlap found" "CCN-DA-01|CCN-DA-03" "$(q "$R" "SELECT id_a, id_b FROM cluster_overlaps")"
expect_exit "an earlier run is kept" 6 "results.sqlite" -- "$ZG" run "$T/s/study.scenario" -o "$T/out"
"$ZG" run "$T/s/study.scenario" -o "$T/out" --overwrite -q && ok "--overwrite replaces it" || bad "--overwrite failed"

printf 'clusters = a.shp\ncluster = b.shp\n' > "$T/s/typo.scenario"
expect_exit "unknown key names the line" 3 "unknown key 'cluster' on line 2.*typo.scenario" -- "$ZG" run "$T/s/typo.scenario" -o "$T/x"
printf 'clusters = a.shp\nclusters = b.shp\n' > "$T/s/twice.scenario"
expect_exit "repeated key" 3 "key 'clusters' given twice, again on line 2" -- "$ZG" run "$T/s/twice.scenario" -o "$T/x"
printf 'title = x\n' > "$T/s/none.scenario"
expect_exit "no clusters" 3 "names no clusters layer" -- "$ZG" run "$T/s/none.scenario" -o "$T/x"
printf 'clusters = %s\nresidential = a.gpkg\nepochs = 1,2\n' "$D/hanoi_clusters_vn2000.shp" > "$T/s/ep.scenario"
expect_exit "epochs do not match" 2 "2 epochs for 1 residential" -- "$ZG" run "$T/s/ep.scenario" -o "$T/x"
# Found by fuzz_scenario: these were read silently wrong or as a folder.
printf 'clusters = a.shp\rparks = b.gpkg\rparks = c.gpkg\r' > "$T/s/cr.scenario"
expect_exit "lone CR ends a line" 3 "key 'parks' given twice, again on line 3" -- "$ZG" run "$T/s/cr.scenario" -o "$T/x"
printf 'clusters = a.shp\nresidential = a.gpkg, , b.gpkg\n' > "$T/s/empty.scenario"
expect_exit "empty path names the line" 3 "key 'residential' names an empty path on line 2" -- "$ZG" run "$T/s/empty.scenario" -o "$T/x"
printf 'clusters = a.shp\nthreads = two\n' > "$T/s/threads.scenario"
expect_exit "threads must be a number" 2 "key 'threads' must be a whole number.*got 'two'.*line 2" -- "$ZG" run "$T/s/threads.scenario" -o "$T/x"
printf 'clusters = a.shp\nmin_overlap_m2 = 1 m2\n' > "$T/s/mo.scenario"
expect_exit "min_overlap_m2 must be a number" 2 "key 'min_overlap_m2' must be a number.*line 2" -- "$ZG" run "$T/s/mo.scenario" -o "$T/x"
printf 'clusters = a.shp\nrings = 50, abc, 100\n' > "$T/s/rings.scenario"
expect_exit "rings must be numbers" 2 "key 'rings' must be 1 to 32.*line 2" -- "$ZG" run "$T/s/rings.scenario" -o "$T/x"
finish
