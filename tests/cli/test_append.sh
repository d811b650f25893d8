# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# --append adds a run to an existing database and leaves the earlier runs
# exactly as they were: rows compared by sqlite3's own dump format and by
# Python's sqlite3 (run_rows.py), the spatial index checked by SpatiaLite,
# the layers read back by GDAL. Tables whose schema differs are extended
# or refused (exit 6) with the database untouched; the map and the report
# read one run (the latest, or --run N).
. "$(dirname "$0")/lib.sh"
HERE="$(dirname "$0")"
# Debian's python3 has python3-gdal (a python3 earlier on PATH may not).
PY=/usr/bin/python3
G="$GEO/demo"
CL="$G/hanoi_clusters_vn2000.shp"
DB="$T/db.sqlite"
sl() { spatialite -batch -noheader "$1" "$2" 2>/dev/null | grep -v '^SpatiaLite\|^$' | tail -1; }
# The dump of a table's rows of one run, in sqlite3's INSERT format.
dump_rows() { sqlite3 -batch "$1" ".mode insert $2" "SELECT * FROM \"$2\" $3 ORDER BY rowid"; }
NCL=$($PY -c "from osgeo import ogr; ds = ogr.Open('$CL'); print(ds.GetLayer(0).GetFeatureCount())")

# ---- run 1, then the same analysis appended --------------------------------
"$ZG" overlaps "$CL" -o "$DB" -q
expect_eq "run 1: rows carry run_id 1" "1|$NCL" "$(q "$DB" "SELECT group_concat(DISTINCT run_id), count(*) FROM clusters")"
expect_eq "run 1: overlaps carry run_id 1" "1" "$(q "$DB" "SELECT group_concat(DISTINCT run_id) FROM cluster_overlaps")"
cp "$DB" "$T/run1.sqlite"
expect_exit "appending prints the run" 0 "(run 2)" -- "$ZG" overlaps "$CL" -o "$DB" --append
expect_eq "runs: 1 and 2" "1,2" "$(q "$DB" "SELECT group_concat(run_id) FROM (SELECT run_id FROM runs ORDER BY 1)")"
expect_eq "clusters: $NCL rows per run" "1|$NCL 2|$NCL" "$(q "$DB" "SELECT run_id || '|' || count(*) FROM clusters GROUP BY run_id" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "run 2 keys continue after run 1's" "$((NCL + 1))|$((2 * NCL))" "$(q "$DB" "SELECT min(fid), max(fid) FROM clusters WHERE run_id = 2")"
for t in clusters cluster_overlaps cluster_overlap_slivers qa_log run_inputs; do
  expect_eq "$t: run 1 rows byte-identical (sqlite3 .mode insert)" \
    "$(dump_rows "$T/run1.sqlite" $t "")" "$(dump_rows "$DB" $t "WHERE run_id = 1")"
done
expect_eq "runs: run 1's row byte-identical" "$(dump_rows "$T/run1.sqlite" runs "")" "$(dump_rows "$DB" runs "WHERE run_id = 1")"
if $PY "$HERE/run_rows.py" "$T/run1.sqlite" "$DB" > "$T/rows.txt"; then ok "run 1 rows unchanged (Python sqlite3, every table)"; else bad "run 1 rows changed: $(grep DIFF "$T/rows.txt")"; fi
expect_eq "same input, same overlap counts in both runs" 0 \
  "$(q "$DB" "SELECT count(*) FROM clusters a JOIN clusters b ON a.id = b.id AND a.run_id = 1 AND b.run_id = 2 WHERE a.overlap_count IS NOT b.overlap_count OR a.area_ha IS NOT b.area_ha")"
expect_eq "integrity_check" ok "$(q "$DB" "PRAGMA integrity_check")"
expect_eq "geometry_columns: one row per table" "cluster_overlap_slivers|6|4326 cluster_overlaps|6|4326 clusters|6|4326" \
  "$(q "$DB" "SELECT f_table_name || '|' || geometry_type || '|' || srid FROM geometry_columns ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"
for t in clusters cluster_overlaps cluster_overlap_slivers; do
  expect_eq "$t: SpatiaLite's CheckSpatialIndex" 1 "$(sl "$DB" "SELECT CheckSpatialIndex('$t', 'geom')")"
done
expect_eq "the R*Tree holds both runs' clusters" "$((2 * NCL))" "$(q "$DB" "SELECT count(*) FROM idx_clusters_geom")"
# Two per layer: one for QGIS's SpatiaLite provider, one for its OGR
# provider (test_styles.sh).
expect_eq "layer_styles: one default style per layer and route still" "cluster_overlap_slivers|2 cluster_overlaps|2 clusters|2" \
  "$(q "$DB" "SELECT f_table_name || '|' || count(*) FROM layer_styles WHERE useAsDefault GROUP BY f_table_name ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "GDAL reads both runs" "$((2 * NCL))" "$($PY -c "from osgeo import ogr; ds = ogr.Open('$DB'); print(ds.GetLayerByName('clusters').GetFeatureCount())")"
expect_eq "run_tables: what each run wrote" "1|clusters|$NCL 2|clusters|$NCL" \
  "$(q "$DB" "SELECT run_id || '|' || table_name || '|' || row_count FROM run_tables WHERE table_name = 'clusters' ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "no lock file left beside the output" "" "$(cd "$T" && ls -A | grep -i lock || true)"
expect_eq "no temporary directory left" "" "$(cd "$T" && ls -A | grep zoneguard-tmp || true)"

# ---- refusals: the database is left byte for byte --------------------------
sum=$(sha256sum < "$DB")
expect_exit "without --append or --overwrite: refused" 6 "output exists.*--overwrite" -- "$ZG" areas "$CL" -o "$DB"
expect_exit "--append with --overwrite: usage error" 2 "give one of them" -- "$ZG" areas "$CL" -o "$DB" --append --overwrite
cat > "$T/clash.geojson" <<'J'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[
{"type":"Feature","properties":{"ma_ccn":"Z1","ten_ccn":"Cụm Z","dien_tich":"12,5"},
 "geometry":{"type":"Polygon","coordinates":[[[588000,2326000],[588100,2326000],[588100,2326100],[588000,2326100],[588000,2326000]]]}}]}
J
expect_exit "a column of another type: refused" 6 "table clusters has column dien_tich as REAL, this run writes it as TEXT" -- \
  "$ZG" areas "$T/clash.geojson" -o "$DB" --append
expect_eq "database unchanged after the refusals" "$sum" "$(sha256sum < "$DB")"
echo "not a database" > "$T/text.sqlite"
expect_exit "a file that is not SQLite: refused" 6 "not a SQLite database" -- "$ZG" areas "$CL" -o "$T/text.sqlite" --append
expect_eq "that file untouched" "not a database" "$(cat "$T/text.sqlite")"
sqlite3 "$T/other.sqlite" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
osum=$(sha256sum < "$T/other.sqlite")
expect_exit "someone else's SQLite file: refused" 6 "not a zoneguard results database" -- "$ZG" areas "$CL" -o "$T/other.sqlite" --append
expect_eq "that file untouched" "$osum" "$(sha256sum < "$T/other.sqlite")"
# A table as a newer zoneguard might write it: a NOT NULL column we do not know.
cp "$T/run1.sqlite" "$T/newer.sqlite"
sqlite3 "$T/newer.sqlite" "CREATE TABLE landuse_composition (pk INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, cluster_id TEXT, future_m2 REAL NOT NULL)"
nsum=$(sha256sum < "$T/newer.sqlite")
expect_exit "an unknown NOT NULL column: refused" 6 "landuse_composition has a column future_m2 (NOT NULL" -- \
  "$ZG" landuse "$CL" --landuse "$GEO/demo/hanoi_landuse_2025.gpkg.zip" -o "$T/newer.sqlite" --append --threads 1
expect_eq "that database untouched" "$nsum" "$(sha256sum < "$T/newer.sqlite")"
expect_eq "nothing left behind by the refusals" "" "$(cd "$T" && ls -A | grep 'zoneguard-tmp\|lock' || true)"

# ---- a run whose input has other attribute fields: columns added -----------
cat > "$T/other.geojson" <<'J'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[
{"type":"Feature","properties":{"ma_ccn":"N1","ten_ccn":"Cụm mới","loai":"đề xuất","so_lo":4},
 "geometry":{"type":"Polygon","coordinates":[[[588000,2326000],[588200,2326000],[588200,2326100],[588000,2326100],[588000,2326000]]]}},
{"type":"Feature","properties":{"ma_ccn":"N2","ten_ccn":"Cụm mới 2","loai":"hiện có","so_lo":7},
 "geometry":{"type":"Polygon","coordinates":[[[589000,2326000],[589100,2326000],[589100,2326100],[589000,2326100],[589000,2326000]]]}}]}
J
cp "$DB" "$T/run12.sqlite"
"$ZG" areas "$T/other.geojson" -o "$DB" --append -q
expect_eq "run 3: its new fields became columns" "đề xuất|4 hiện có|7" \
  "$(q "$DB" "SELECT loai || '|' || so_lo FROM clusters WHERE run_id = 3 ORDER BY fid" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "earlier runs read NULL there" "$((2 * NCL))" "$(q "$DB" "SELECT count(*) FROM clusters WHERE run_id < 3 AND loai IS NULL AND so_lo IS NULL")"
expect_eq "run 3 did not look for overlaps: overlap_count NULL, not 0" 2 "$(q "$DB" "SELECT count(*) FROM clusters WHERE run_id = 3 AND overlap_count IS NULL")"
expect_eq "the 200 m x 100 m rectangle in its own plane: 2 ha" "2.0000" "$(q "$DB" "SELECT printf('%.4f', area_plane_ha) FROM clusters WHERE run_id = 3 AND id = 'N1'")"
if $PY "$HERE/run_rows.py" "$T/run12.sqlite" "$DB" > "$T/rows.txt"; then ok "runs 1 and 2 unchanged over their columns"; else bad "earlier rows changed: $(grep DIFF "$T/rows.txt")"; fi
expect_eq "integrity_check after ALTER TABLE" ok "$(q "$DB" "PRAGMA integrity_check")"
expect_eq "clusters index still checks" 1 "$(sl "$DB" "SELECT CheckSpatialIndex('clusters', 'geom')")"

# ---- the report and the map read one run -----------------------------------
"$ZG" report "$DB" -o "$T/r.html" -q
grep -q "lần chạy 3 trong 3" "$T/r.html" && ok "the report says which run" || bad "the report does not say which run"
grep -q "<li>2 cụm công nghiệp" "$T/r.html" && ok "latest run: its 2 clusters, not all" || bad "latest run summary: $(grep -o '<li>[^<]*cụm công nghiệp[^<]*' "$T/r.html" | head -1)"
grep -q 'id="overlaps"' "$T/r.html" && bad "run 3 did not look for overlaps, yet the report shows them" || ok "no overlaps section for a run without overlaps"
"$ZG" report "$DB" --run 1 --lang en -o "$T/r1.html" -q
grep -q "run 1 of 3" "$T/r1.html" && ok "--run 1: says so" || bad "--run 1 does not say which run"
grep -q "<li>$NCL clusters" "$T/r1.html" && ok "--run 1: its $NCL clusters" || bad "--run 1 summary: $(grep -o '<li>[^<]*clusters[^<]*' "$T/r1.html" | head -1)"
grep -q 'id="overlaps"' "$T/r1.html" && ok "--run 1: its overlaps" || bad "--run 1 lost its overlaps"
expect_exit "report of a run that is not there" 2 "no run 9.*runs are 1 to 3" -- "$ZG" report "$DB" --run 9 -o "$T/r9.html"
# The map draws one run: its polygons are far fewer for run 3 (2 clusters)
# than for run 1 (36 clusters and an overlap).
"$ZG" map "$DB" -o "$T/m3.svg" --date x -q
"$ZG" map "$DB" --run 1 -o "$T/m1.svg" --date x -q
p3=$(grep -o '<path' "$T/m3.svg" | wc -l); p1=$(grep -o '<path' "$T/m1.svg" | wc -l)
if (( p1 - p3 >= NCL - 2 )); then ok "map of run 3 draws its 2 clusters, not all ($p3 paths vs $p1 for run 1)"; else bad "map paths: run 3 $p3, run 1 $p1"; fi

# ---- GeoJSON and CSV beside an appended database ---------------------------
"$ZG" areas "$CL" -o "$T/c.sqlite" --geojson "$T/c.geojson" --csv "$T/csv" -q
"$ZG" areas "$T/other.geojson" -o "$T/c.sqlite" --geojson "$T/c.geojson" --csv "$T/csv" --append -q
expect_eq "GeoJSON: replaced by the latest run's" 2 "$(python3 -c "import json; print(len(json.load(open('$T/c.geojson'))['features']))")"
expect_eq "CSV: every run, with run_id" "$NCL 2" "$(python3 -c "
import csv, collections
rows = list(csv.DictReader(open('$T/csv/clusters.csv', encoding='utf-8-sig')))
c = collections.Counter(r['run_id'] for r in rows); print(c['1'], c['2'])")"

# ---- a database from before run_id (simulated: run_id dropped) ------------
"$ZG" overlaps "$CL" -o "$T/old.sqlite" -q
sqlite3 "$T/old.sqlite" "ALTER TABLE clusters DROP COLUMN run_id; ALTER TABLE cluster_overlaps DROP COLUMN run_id; ALTER TABLE cluster_overlap_slivers DROP COLUMN run_id; DROP TABLE run_tables;"
cp "$T/old.sqlite" "$T/old0.sqlite"
"$ZG" areas "$CL" -o "$T/old.sqlite" --append -q
expect_eq "old rows belong to run 1, new ones to run 2" "1|$NCL 2|$NCL" "$(q "$T/old.sqlite" "SELECT run_id || '|' || count(*) FROM clusters GROUP BY run_id" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "run_tables learns what run 1 wrote" "cluster_overlap_slivers cluster_overlaps clusters" "$(q "$T/old.sqlite" "SELECT table_name FROM run_tables WHERE run_id = 1 ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"
if $PY "$HERE/run_rows.py" "$T/old0.sqlite" "$T/old.sqlite" > "$T/rows.txt"; then ok "old rows unchanged"; else bad "old rows changed: $(grep DIFF "$T/rows.txt")"; fi
cp "$T/old0.sqlite" "$T/old2.sqlite"
sqlite3 "$T/old2.sqlite" "INSERT INTO runs (zoneguard_version, gdal_version, geos_version, proj_version, sqlite_version, spatialite_version, buffer_quad_segs, started_utc) SELECT zoneguard_version, gdal_version, geos_version, proj_version, sqlite_version, spatialite_version, 8, started_utc FROM runs"
expect_exit "rows without run_id in a database of 2 runs: refused" 6 "cannot be told apart" -- "$ZG" areas "$CL" -o "$T/old2.sqlite" --append
# ---- every subcommand that writes a database, appended to itself ---------
# Run 1 and run 2 are the same command on the same inputs: run 2 must
# give the same rows (keys aside), run 1 must be left as it was. The
# inputs: demo_subset.py's small copy of the demo (6 clusters, the
# parcels around them), a tenth of the overlay work of the whole demo.
$PY "$HERE/demo_subset.py" "$GEO" "$T/sub"
P="$G/hanoi_proposals_vn2000.gpkg"; K="$G/hanoi_parks_vn2000.gpkg"
S="$T/sub/clusters.shp"
L20="$T/sub/hanoi_landuse_2020.gpkg.zip"; L25="$T/sub/hanoi_landuse_2025.gpkg.zip"
declare -A CMDS=(
  [landuse]="landuse $S --landuse $L25 --threads 1"
  [encroach]="encroach $S --residential $L20 --residential $L25 --code-field ma_ldat --epochs 2020,2025 --threads 1"
  [check]="check $P --clusters $S --parks $K --landuse $L25 --threads 1"
  [reserve]="reserve $S --parks $K --landuse $L25 --threads 1"
)
declare -A TABLES=(
  [landuse]="clusters landuse_composition"
  [encroach]="clusters encroachment encroachment_new encroachment_lost"
  [check]="proposals proposal_checks proposal_evidence"
  [reserve]="clusters reserve"
)
for c in landuse encroach check reserve; do
  "$ZG" ${CMDS[$c]} -o "$T/$c.sqlite" -q
  cp "$T/$c.sqlite" "$T/$c.1.sqlite"
  "$ZG" ${CMDS[$c]} -o "$T/$c.sqlite" -q --append
  if $PY "$HERE/run_rows.py" "$T/$c.1.sqlite" "$T/$c.sqlite" > "$T/rows.txt"; then ok "$c --append: run 1 unchanged"; else bad "$c --append: run 1 changed: $(grep DIFF "$T/rows.txt")"; fi
  for t in ${TABLES[$c]}; do
    cols=$(q "$T/$c.sqlite" "SELECT group_concat(quote(name), ',') FROM pragma_table_info('$t') WHERE name NOT IN ('pk', 'fid', 'run_id')" | sed "s/'/\"/g")
    expect_eq "$c --append: $t of run 2 = run 1 (keys aside)" "0|0" \
      "$(q "$T/$c.sqlite" "SELECT (SELECT count(*) FROM (SELECT $cols FROM \"$t\" WHERE run_id = 1 EXCEPT SELECT $cols FROM \"$t\" WHERE run_id = 2)), (SELECT count(*) FROM \"$t\" WHERE run_id = 1) - (SELECT count(*) FROM \"$t\" WHERE run_id = 2)")"
  done
  expect_eq "$c --append: integrity_check" ok "$(q "$T/$c.sqlite" "PRAGMA integrity_check")"
done

# ---- zoneguard run --append ----------------------------------------------
# On the subset's scenario (every step and table of the demo's run, a
# seventh of its parcels, no atlas: test_atlas.sh appends one).
SC="$T/sub/subset.scenario"
"$ZG" run "$SC" -o "$T/out" -q
cp "$T/out/results.sqlite" "$T/out1.sqlite"
expect_exit "run into a folder with results: refused" 6 "output exists.*--append" -- "$ZG" run "$SC" -o "$T/out"
"$ZG" run "$SC" -o "$T/out" --append -q
if $PY "$HERE/run_rows.py" "$T/out1.sqlite" "$T/out/results.sqlite" > "$T/rows.txt"; then ok "run --append: run 1 unchanged"; else bad "run --append: run 1 changed: $(grep DIFF "$T/rows.txt")"; fi
expect_eq "run --append: every table has both runs, equal in size" "" \
  "$(for t in clusters cluster_overlaps landuse_composition encroachment encroachment_new reserve proposals proposal_checks proposal_evidence; do
       q "$T/out/results.sqlite" "SELECT '$t ' || sum(run_id = 1) || ' ' || sum(run_id = 2) FROM \"$t\" HAVING sum(run_id = 1) != sum(run_id = 2) OR sum(run_id = 1) = 0"; done)"
grep -q "lần chạy 2 trong 2" "$T/out/report.html" && ok "run --append: the folder's report is the new run's, and says so" || bad "run --append: report.html does not say run 2 of 2"
expect_eq "run --append: csv/ holds both runs" "2" "$($PY -c "
import csv; print(len({r['run_id'] for r in csv.DictReader(open('$T/out/csv/clusters.csv', encoding='utf-8-sig'))}))")"
expect_eq "run --append: nothing left in the folder" "" "$(ls -A "$T/out" | grep 'zoneguard\|lock' || true)"
finish
