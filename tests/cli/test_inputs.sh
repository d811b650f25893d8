# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# How awkward inputs are read: corrupt shapefiles refused, non-polygons
# logged and counted, Z dropped and logged, deprecated CRS remapped and
# logged, invalid polygons repaired with GEOS's reason and the raw signed
# area (worked out in geodata/tests/bad/invalid/expected.csv), legacy
# CP1258 text decoded whole (GDAL 3.6 drops the last letter).
. "$(dirname "$0")/lib.sh"
B="$GEO/tests/bad"
o="$T/o.sqlite"
expect_exit "truncated .shp: refused before reading, naming the first record cut off" 3 "the .shp is truncated: .* record of feature 1 .*truncated.shp, layer truncated, FID 1" -- \
  "$ZG" areas "$B/corrupt/truncated.shp" -o "$o"
expect_exit "garbage .shp header" 3 "cannot open input.*garbage_header.shp" -- \
  "$ZG" areas "$B/corrupt/garbage_header.shp" -o "$o"

"$ZG" areas "$B/mixed/mixed.gpkg" -o "$T/m.sqlite" -q
expect_eq "mixed layer: 3 polygons kept" 3 "$(q "$T/m.sqlite" "SELECT count(*) FROM clusters")"
expect_eq "point, NULL and empty logged" "4:not a polygon (Point)|5:NULL geometry|6:empty geometry" \
  "$(q "$T/m.sqlite" "SELECT group_concat(feature_id || ':' || problem, '|') FROM qa_log WHERE action = 'skipped'")"
expect_eq "counts in run_inputs" "3|3|0" "$(q "$T/m.sqlite" "SELECT features_kept, features_skipped, features_repaired FROM run_inputs")"

"$ZG" areas "$B/three_d/polygonz.shp" -o "$T/z.sqlite" -q
n_z=$(ogrinfo -so -al "$B/three_d/polygonz.shp" | sed -n 's/^Feature Count: //p')
expect_eq "Z dropped and logged once, with the count" "$n_z 3D geometries" \
  "$(q "$T/z.sqlite" "SELECT group_concat(problem) FROM qa_log WHERE action LIKE 'Z dropped%'")"

"$ZG" areas "$B/deprecated_6957/tm3_6957.shp" -o "$T/d.sqlite" -q
expect_eq "EPSG:6957 read as 5897" "EPSG:5897" "$(q "$T/d.sqlite" "SELECT DISTINCT crs FROM run_inputs")"
expect_eq "remap logged" 1 "$(q "$T/d.sqlite" "SELECT count(*) FROM qa_log WHERE action LIKE 'deprecated EPSG:6957%read as EPSG:5897'")"

"$ZG" areas "$B/invalid/invalid.geojson" -o "$T/i.sqlite" -q
expect_eq "3 repaired, flagged" "3|3" "$(q "$T/i.sqlite" "SELECT count(*), sum(repaired) FROM clusters")"
expect_eq "GEOS's reasons logged" "Self-intersection|Hole lies outside shell|Self-intersection" \
  "$(q "$T/i.sqlite" "SELECT group_concat(substr(problem, 19, instr(problem, '[') - 19), '|') FROM (SELECT * FROM qa_log ORDER BY qa_id)")"
while IFS=, read -r id raw _; do
  [[ "$id" == id ]] && continue
  got=$(q "$T/i.sqlite" "SELECT printf('%.9f', area_before_m2 / 1e4) FROM qa_log WHERE feature_id = '$id'")
  # The expected values are rounded to 1e-9 ha.
  if python3 -c "import sys; sys.exit(0 if abs(float('$raw') - float('$got')) <= 1.5e-9 else 1)"; then
    ok "feature $id: raw signed area before repair $got ha"
  else bad "feature $id: raw signed area: expected $raw, got $got"; fi
done < <(python3 -c "
import csv,sys
for r in csv.DictReader(open(sys.argv[1])):
    print('%s,%s,' % (r['id'], r['raw_signed_area_ha']))" "$B/invalid/expected.csv")

"$ZG" areas "$B/legacy_cp1258/cum_cn_1258.shp" -o "$T/c.sqlite" -q
want=$(python3 -c "
import csv,sys
print('|'.join(r['ten_utf8'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))))" "$B/legacy_cp1258/expected_names.csv")
expect_eq "CP1258 names decoded whole" "$want" "$(q "$T/c.sqlite" "SELECT group_concat(name, '|') FROM (SELECT name FROM clusters ORDER BY fid)")"
expect_eq "field name 'id' kept whole (GDAL would give 'i')" 1 "$(q "$T/c.sqlite" "SELECT count(*) FROM pragma_table_info('clusters') WHERE name = 'src_id'")"

# --encoding overrides the .cpg: read as latin1, the text is wrong but
# valid UTF-8, and the run says what it did.
"$ZG" areas "$B/legacy_cp1258/cum_cn_1258.shp" --encoding latin1 -o "$T/l.sqlite" -q
expect_eq "--encoding recorded" 1 "$(q "$T/l.sqlite" "SELECT encoding LIKE 'latin1%--encoding%' FROM run_inputs LIMIT 1")"

"$ZG" areas "$B/multi_layer.gpkg" --layer b -o "$T/b.sqlite" -q
expect_eq "--layer picks layer b" "3|b" "$(q "$T/b.sqlite" "SELECT count(*), (SELECT layer FROM run_inputs) FROM clusters")"
"$ZG" areas "/vsizip/$B/zipped/clusters.zip/clusters.shp" -o "$T/zip.sqlite" -q
expect_eq "zipped shapefile through /vsizip/" 2 "$(q "$T/zip.sqlite" "SELECT count(*) FROM clusters")"
# A .zip holding one dataset is opened as that dataset: the shapefile's
# zip as it is, and a GeoJSON zipped alone gives the unzipped areas.
"$ZG" areas "$B/zipped/clusters.zip" -o "$T/zip2.sqlite" -q
expect_eq "zipped shapefile given as the .zip" "$(q "$T/zip.sqlite" "SELECT group_concat(area_ha) FROM clusters")" \
  "$(q "$T/zip2.sqlite" "SELECT group_concat(area_ha) FROM clusters")"
cp "$GEO/demo/hanoi_clusters_wgs84.geojson" "$T/c.geojson"
(cd "$T" && python3 -c "import zipfile; zipfile.ZipFile('c.geojson.zip','w',zipfile.ZIP_DEFLATED).write('c.geojson')")
"$ZG" areas "$T/c.geojson" -o "$T/gj.sqlite" -q
"$ZG" areas "$T/c.geojson.zip" -o "$T/gjz.sqlite" -q
expect_eq "GeoJSON zipped alone: the same areas" "$(q "$T/gj.sqlite" "SELECT group_concat(area_ha) FROM clusters")" \
  "$(q "$T/gjz.sqlite" "SELECT group_concat(area_ha) FROM clusters")"
expect_eq "its provenance names the member" "/vsizip/$T/c.geojson.zip/c.geojson" \
  "$(q "$T/gjz.sqlite" "SELECT file FROM run_inputs")"
"$ZG" areas "$B/kml/two_polygons.kml" -o "$T/k.sqlite" -q
expect_eq "KML" 2 "$(q "$T/k.sqlite" "SELECT count(*) FROM clusters")"
"$ZG" areas "$B/no_prj/parcels_no_prj.shp" --s-srs EPSG:5897 -o "$T/n.sqlite" -q
expect_eq "no .prj with --s-srs" "EPSG:5897" "$(q "$T/n.sqlite" "SELECT DISTINCT crs FROM run_inputs")"
finish
