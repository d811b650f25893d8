# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# `zoneguard info INPUT`: the layers of a source, checked against OGR's own
# listing (names, feature counts, field names and CRS code read with
# Python's OGR), and for the layer a run reads, the text encoding zoneguard
# would detect (TCVN3 fixture without .cpg, whose provenance says TCVN3)
# and the fields a run would take. It writes nothing.
. "$(dirname "$0")/lib.sh"
D="$GEO/demo"
E="$GEO/tests/encodings"
cd "$T"
"$ZG" info "$D/hanoi_clusters_vn2000.shp" >"$T/c.txt"
ref=$(/usr/bin/python3 - "$D/hanoi_clusters_vn2000.shp" <<'PY'
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
l = ds.GetLayer(0)
d = l.GetLayerDefn()
print(l.GetFeatureCount(), l.GetSpatialRef().GetAuthorityCode(None),
      ",".join(d.GetFieldDefn(i).GetName() for i in range(d.GetFieldCount())))
PY
)
read -r nfeat epsg fields <<<"$ref"
expect_true "the layer with OGR's count ($nfeat) and CRS (EPSG:$epsg)" \
  grep -qE "hanoi_clusters_vn2000 +Polygon +$nfeat features +CRS EPSG:$epsg" "$T/c.txt"
got=$(sed -n 's/^  fields *[0-9]*: //p' "$T/c.txt" | sed 's/ ([A-Za-z0-9]*)//g; s/, /,/g')
expect_eq "the fields, as OGR lists them" "$fields" "$got"
expect_true "the id field a run takes: ma_ccn" grep -qE "^  id field +ma_ccn \(default" "$T/c.txt"
expect_true "the name field a run takes: ten_ccn" grep -qE "^  name field +ten_ccn \(default" "$T/c.txt"
expect_true "the CRS as zoneguard resolves it" grep -qE "^  CRS +EPSG:5897" "$T/c.txt"

"$ZG" info "$E/ccn_tcvn3_nocpg.shp" >"$T/t.txt"
expect_true "a TCVN3 .dbf without .cpg: detected as tcvn3" \
  grep -qE "^  text +tcvn3 \(auto-detected" "$T/t.txt"
"$ZG" info "$D/hanoi_landuse_2025.gpkg.zip" >"$T/l.txt"
expect_true "a zipped GeoPackage: the code field a run takes" \
  grep -qE "^  code field +ma_ldat \(default" "$T/l.txt"
expect_true "its id: the FID (no id field)" grep -qE "^  id field +none: the feature id" "$T/l.txt"

# Several layers: every one listed, as OGR lists them, and no layer chosen.
O="$GEO/real/pyogrio-fixtures/sample.osm.pbf"
"$ZG" info "$O" >"$T/o.txt"
names=$(/usr/bin/python3 -c "
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
print(' '.join(ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())))" "$O")
got=$(awk '/^  [a-z_]+ +.* features +CRS / {printf "%s%s", sep, $1; sep=" "}' "$T/o.txt")
expect_eq "several layers: each listed" "$names" "$got"
expect_true "and the user asked to name one" grep -q "name one (--layer)" "$T/o.txt"
"$ZG" info "$O" --layer multipolygons >"$T/m.txt"
expect_true "--layer describes that layer" grep -q "^layer multipolygons, as zoneguard reads it" "$T/m.txt"

expect_exit "a missing input: exit 3" 3 "no such file" -- "$ZG" info "$T/none.shp"
rc=0
"$ZG" info "$D/hanoi_clusters_vn2000.shp" --id-field nope >"$T/n.txt" || rc=$?
expect_eq "a given id field that is not there: still a description" 0 "$rc"
expect_true "... that says so" grep -q "nope (given: NOT in the layer)" "$T/n.txt"
expect_eq "nothing written where it ran" "stderr stdout" "$(find "$T" -mindepth 1 ! -name '*.txt' -printf '%f\n' | sort | tr '\n' ' ' | sed 's/ $//')"
finish
