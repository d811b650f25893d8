# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Smaller defects (issue 16, item 11), on the scene of crs_scene.py:
#  - a land-use code that is literally NONE is not the row of uncovered
#    land (before: two rows NONE in cluster A, one of them role unknown);
#  - a --plane-crs that is not equal-area to 1e-3 here is warned of, with
#    its excess (Web Mercator: +15.3 % at 21° N, by OGR's plane area in
#    EPSG:3857 over Planimeter's), UTM 48N and EPSG:5897 are not;
#  - encroach refuses clusters whose rings would be drawn in the plane
#    outside its area of use (before: drawn, metres not the ground's).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
S="$ZG_ROOT/tests/cli/crs_scene.py"
$PY "$S" make "$T" 5897 4326
printf 'code,role\nLUC,protected_agri\nONT,residential\nSKN,industrial\nDGT,infrastructure\n' > "$T/codes.csv"

# Parcel 3 (SKN, 12.5 % of A) recoded NONE.
cp "$T/parcels_5897.gpkg" "$T/none.gpkg"
$PY -c "from osgeo import ogr; ds = ogr.Open('$T/none.gpkg', 1); l = ds.GetLayer(0); f = l.GetFeature(3); f.SetField('ma_ldat', 'NONE'); l.SetFeature(f); ds = None"
expect_eq "the recoded parcel reads NONE" NONE \
  "$($PY -c "from osgeo import ogr; ds = ogr.Open('$T/none.gpkg'); print(ds.GetLayer(0).GetFeature(3).GetField('ma_ldat'))")"
"$ZG" landuse "$T/clusters_5897.gpkg" --landuse "$T/none.gpkg" --codes "$T/codes.csv" -o "$T/none.sqlite" -q
expect_eq "code NONE and uncovered land are two rows (hand-worked: 12.5 % and 9.375 %)" \
  "NONE (code)|unknown|12.5
NONE|none|9.375" \
  "$(q "$T/none.sqlite" "SELECT code, role, round(share_pct, 3) FROM landuse_composition WHERE cluster_id = 'A' AND code LIKE 'NONE%' ORDER BY pk")"
expect_eq "one row per (cluster, code)" 0 \
  "$(q "$T/none.sqlite" "SELECT count(*) FROM (SELECT 1 FROM landuse_composition GROUP BY cluster_id, code HAVING count(*) > 1)")"
expect_eq "qa_log says why the code was renamed" 1 \
  "$(q "$T/none.sqlite" "SELECT count(*) FROM qa_log WHERE problem LIKE 'land-use code ''NONE'' (1 features) is also the name of the row of uncovered land' AND action LIKE '%''NONE (code)''%'")"

# The plane's excess over the ellipsoid, worked out without zoneguard.
excess() { # EPSG
  $PY - "$T/clusters_4326.gpkg" "$1" "$($PY "$S" areas "$T/clusters_4326.gpkg" ma_ccn | awk '{s += $2} END {printf "%.10f", s}')" <<'PY'
import sys
from osgeo import ogr, osr
path, epsg, ell = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ds = ogr.Open(path)
lyr = ds.GetLayer(0)
src = lyr.GetSpatialRef(); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
dst = osr.SpatialReference(); dst.ImportFromEPSG(epsg); dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
tr = osr.CoordinateTransformation(src, dst)
plane = 0
for f in lyr:
    g = f.GetGeometryRef().Clone(); g.Transform(tr); plane += g.GetArea()
print("%+.2f" % (100 * (plane / ell - 1)))
PY
}
e3857=$(excess 3857)
expect_eq "Web Mercator overstates by about 15 % here (OGR/Planimeter)" 1 "$($PY -c "print(int(14 < $e3857 < 16))")"
for p in 3857 32648 5897; do
  rc=0
  "$ZG" areas "$T/clusters_4326.gpkg" --plane-crs "EPSG:$p" -o "$T/plane_$p.sqlite" 2>"$T/err_$p" || rc=$?
  expect_eq "--plane-crs EPSG:$p: runs" 0 "$rc"
  e=$(excess "$p")
  if $PY -c "import sys; sys.exit(0 if abs($e) > 0.1 else 1)"; then
    expect_eq "--plane-crs EPSG:$p ($e %): warned, with its excess" 1 \
      "$(grep -c "warning: the plane EPSG:$p is not equal-area here: its areas are $e % of the ellipsoid's" "$T/err_$p")"
    expect_eq "--plane-crs EPSG:$p: the warning in qa_log" 1 \
      "$(q "$T/plane_$p.sqlite" "SELECT count(*) FROM qa_log WHERE problem LIKE 'the plane EPSG:$p is not equal-area here: its areas are $e %'")"
  else
    expect_eq "--plane-crs EPSG:$p ($e %): no warning" 0 "$(grep -c "not equal-area" "$T/err_$p" || true)"
  fi
done

# A cluster at 100° E, 3.5° west of EPSG:5897's area of use (103.5-106.5).
$PY - "$T/far.gpkg" <<'PY'
import sys
from osgeo import ogr, osr
s = osr.SpatialReference(); s.ImportFromEPSG(4326)
ds = ogr.GetDriverByName("GPKG").CreateDataSource(sys.argv[1])
l = ds.CreateLayer("clusters", s, ogr.wkbPolygon)
l.CreateField(ogr.FieldDefn("ma_ccn", ogr.OFTString))
f = ogr.Feature(l.GetLayerDefn()); f.SetField("ma_ccn", "F")
f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((100 21,100.01 21,100.01 21.01,100 21.01,100 21))"))
l.CreateFeature(f)
PY
expect_exit "encroach: rings outside the plane's area of use refused" 4 \
  "outside its area of use (103.50..106.51 E.*choose another plane (setting .plane_crs.) (.*far.gpkg, layer clusters, feature F)" -- \
  "$ZG" encroach "$T/far.gpkg" --residential "$T/parcels_5897.gpkg" -o "$T/far.sqlite"
"$ZG" encroach "$T/far.gpkg" --residential "$T/parcels_5897.gpkg" --plane-crs EPSG:32647 -o "$T/far47.sqlite" -q
expect_eq "encroach: in a plane that covers it (UTM 47N), it runs" 1 "$(q "$T/far47.sqlite" "SELECT count(*) > 0 FROM encroachment")"
finish
