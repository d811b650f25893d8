# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Every bad input gets a clear message naming the file (and layer and
# feature where there is one) and the exit code of its class:
# 2 usage, 3 input, 4 CRS, 5 geometry, 6 output.
. "$(dirname "$0")/lib.sh"
R="$GEO/real"
B="$GEO/tests/bad"
o="$T/o.sqlite"

expect_exit "no arguments" 2 "usage" -- "$ZG"
expect_exit "unknown command" 2 "unknown command 'aeras'" -- "$ZG" aeras x
expect_exit "missing -o" 2 "give the output with -o" -- "$ZG" areas "$R/dvhcvn/hanoi_province.geojson"
expect_exit "unknown option" 2 "unknown option --bogus" -- "$ZG" areas --bogus x -o "$o"
expect_exit "option without value" 2 "needs a value" -- "$ZG" areas x -o
expect_exit "unknown id field" 2 "no field 'nope' for the id" -- \
  "$ZG" areas "$R/dvhcvn/hanoi_province.geojson" --id-field nope -o "$o"
expect_exit "unknown encoding" 2 "unknown encoding 'klingon'" -- \
  "$ZG" areas "$B/no_prj/no_prj.shp" --encoding klingon -o "$o"
expect_exit "geographic plane CRS" 4 "must be projected" -- \
  "$ZG" areas "$R/dvhcvn/hanoi_province.geojson" --plane-crs EPSG:4326 -o "$o"

expect_exit "no such file" 3 "no such file (/nonexistent/x.shp)" -- "$ZG" areas /nonexistent/x.shp -o "$o"
expect_exit "missing .dbf" 3 "has no .dbf" -- \
  "$ZG" areas "$R/comokit-vn-buildings/bad_vinh_phuc_son_loi_missing_dbf/buildings.shp" -o "$o"
expect_exit "missing .shx" 3 "latin1.shx" -- "$ZG" areas "$R/pyshp-bad-inputs/latin1.shp" -o "$o"
expect_exit "empty zip" 3 "empty_zipfile.zip" -- "$ZG" areas "$R/pyshp-bad-inputs/empty_zipfile.zip" -o "$o"
expect_exit "point layer" 3 "no polygon.*not a polygon (Point)" -- \
  "$ZG" areas "$R/pyogrio-fixtures/test_gpkg_nulls.gpkg" -o "$o"
expect_exit "several layers, none chosen" 3 "choose one with --layer" -- \
  "$ZG" areas "$R/pyogrio-fixtures/sample.osm.pbf" -o "$o"
expect_exit "no such layer" 3 "no layer 'nope'" -- \
  "$ZG" areas "$R/pyogrio-fixtures/sample.osm.pbf" --layer nope -o "$o"

# A layer with no feature at all.
printf '{"type":"FeatureCollection","features":[]}' > "$T/empty.geojson"
expect_exit "empty layer" 3 "the layer is empty.*empty.geojson" -- "$ZG" areas "$T/empty.geojson" -o "$o"

# The corrupt shapefile of pyshp has no .prj: a CRS error, with a hint.
expect_exit "no .prj" 4 "declares no CRS.*--s-srs.*corrupt_too_long" -- \
  "$ZG" areas "$R/pyshp-bad-inputs/corrupt_too_long.shp" -o "$o"

# Latitude 95 cannot be WGS 84; VN-2000 metres declared as degrees neither.
cat > "$T/lat95.geojson" <<'J'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ma_ccn":"X1"},
"geometry":{"type":"Polygon","coordinates":[[[105.8,21.0],[105.9,21.0],[105.9,95.0],[105.8,21.0]]]}}]}
J
expect_exit "latitude beyond 90" 4 "latitude beyond ±90.*lat95.geojson.*feature X1" -- \
  "$ZG" areas "$T/lat95.geojson" -o "$o"
cat > "$T/metres.geojson" <<'J'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ma_ccn":"M7"},
"geometry":{"type":"Polygon","coordinates":[[[588000,2326000],[588100,2326000],[588100,2326100],[588000,2326000]]]}}]}
J
expect_exit "metres declared as degrees" 4 "metres declared as degrees.*feature M7" -- \
  "$ZG" areas "$T/metres.geojson" -o "$o"
# A bad --s-srs is a CRS error.
expect_exit "unknown --s-srs" 4 "unknown CRS 'EPSG:999999'" -- \
  "$ZG" areas "$R/pyshp-bad-inputs/corrupt_too_long.shp" --s-srs EPSG:999999 -o "$o"

# Nothing was written by any of these.
left=$(find "$T" -name 'o.sqlite' -o -name '.zoneguard-tmp-*' | wc -l)
expect_eq "no output or temporary left behind" 0 "$left"
finish
