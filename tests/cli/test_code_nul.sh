# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# A NUL inside a land-use code is logged, not a silent cut (issue 16 D11).
# GDAL stops a string at its first NUL, so 'ONT\0X' arrives as 'ONT'. One
# cluster 0..300 x 0..300 m (EPSG:5897) and three parcels of 100 x 300 m:
#   ONT, 'ONT\0X' (SQL in the GeoPackage; bytes patched in the .dbf), SKN.
# Expected: one qa_log row naming the layer, the feature (GeoPackage fid 2;
# the shapefile's record 1, OGR's FID) and the value up to the NUL, and a
# warning; a NUL that only pads the .dbf field ('LUC\0   ') is no row.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
box() { local x0=$((580000 + $2)) y0=$((2320000 + $3)) x1=$((580000 + $4)) y1=$((2320000 + $5))
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" $x0 $y0 $x1 $y0 $x1 $y1 $x0 $y1 $x0 $y0; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
fc "$(box '"ma":"C1"' 0 0 300 300)" > "$T/c.geojson"
fc "$(box '"ma_ldat":"ONT"' 0 0 100 300),$(box '"ma_ldat":"ONTQX"' 100 0 200 300),$(box '"ma_ldat":"LUC"' 200 0 300 300)" > "$T/lu.geojson"

# GeoPackage: the NUL written by SQL (through GDAL, whose SQLite has the
# GeoPackage triggers' functions).
ogr2ogr -f GPKG "$T/lu.gpkg" "$T/lu.geojson" -nln lu 2>/dev/null
ogrinfo -q "$T/lu.gpkg" -sql "UPDATE lu SET ma_ldat = 'ONT' || char(0) || 'X' WHERE fid = 2" >/dev/null 2>&1
expect_eq "fixture: fid 2's code is ONT NUL X" "4F4E540058" "$(q "$T/lu.gpkg" "SELECT hex(ma_ldat) FROM lu WHERE fid = 2")"
"$ZG" landuse "$T/c.geojson" --landuse "$T/lu.gpkg" -o "$T/g.sqlite" 2>"$T/g.err"
expect_eq "GeoPackage: one qa_log row, the layer, fid 2, the value up to the NUL" \
  "landuse:lu|2|code in ma_ldat holds a NUL: 'ONT\\0X'|read as 'ONT' (GDAL stops at the NUL); fix the source" \
  "$(q "$T/g.sqlite" "SELECT layer, feature_id, problem, action FROM qa_log WHERE problem LIKE '%NUL%'")"
expect_eq "GeoPackage: a warning counts it" 1 "$(grep -c 'warning: 1 codes of landuse:lu hold a NUL inside' "$T/g.err")"
"$ZG" report "$T/g.sqlite" -o "$T/g.html" 2>/dev/null
expect_eq "the Vietnamese report's data-quality log says it in Vietnamese" 1 \
  "$(grep -c "mã trong trường ma_ldat chứa ký tự NUL" "$T/g.html")"

# Shapefile: the bytes patched in the .dbf's records.
ogr2ogr -f "ESRI Shapefile" "$T/lu.shp" "$T/lu.geojson" 2>/dev/null
"$PY" - "$T/lu.dbf" <<'EOF'
import sys
p = sys.argv[1]
b = open(p, "rb").read()
assert b.count(b"ONTQX") == 1 and b.count(b"LUC ") == 1
b = b.replace(b"ONTQX", b"ONT\0X").replace(b"LUC ", b"LUC\0")
open(p, "wb").write(b)
EOF
expect_eq "fixture: GDAL reads the patched codes cut at the NUL" "ONT ONT LUC" \
  "$(ogrinfo -q "$T/lu.shp" lu | sed -n 's/^ *ma_ldat (String) = //p' | tr '\n' ' ' | sed 's/ $//')"
"$ZG" landuse "$T/c.geojson" --landuse "$T/lu.shp" -o "$T/s.sqlite" 2>"$T/s.err"
expect_eq "shapefile: one qa_log row (record 1), none for NUL padding" \
  "landuse:lu|1|code in ma_ldat holds a NUL: 'ONT\\0X'" \
  "$(q "$T/s.sqlite" "SELECT layer, feature_id, problem FROM qa_log WHERE problem LIKE '%NUL%'")"

# A clean layer says nothing.
"$ZG" landuse "$T/c.geojson" --landuse "$T/lu.geojson" -o "$T/j.sqlite" 2>"$T/j.err"
expect_eq "no NUL, no row, no warning" "0 0" \
  "$(q "$T/j.sqlite" "SELECT count(*) FROM qa_log WHERE problem LIKE '%NUL%'") $(grep -c NUL "$T/j.err" || true)"
finish
