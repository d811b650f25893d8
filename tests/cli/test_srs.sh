# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Output CRS (--t-srs, scenario t_srs) and an assigned input CRS (--a-srs,
# scenario a_srs). The demo clusters are drawn in VN-2000 / TM-3 (EPSG:5897):
# written back in EPSG:5897 they must land on the shapefile's own vertices
# (read with OGR; within the 1 mm a datum shift there and back costs), with
# the same areas and the same GeoJSON (WGS 84 whatever t_srs). A copy of
# the shapefile with a wrong .prj (WGS 84) is refused as it stands, and
# read with --a-srs EPSG:5897 gives the original's areas, logged.
. "$(dirname "$0")/lib.sh"
D="$GEO/demo"
C="$D/hanoi_clusters_vn2000.shp"
"$ZG" areas "$C" -o "$T/ll.sqlite" --geojson "$T/ll.geojson" -q
"$ZG" areas "$C" -o "$T/tm.sqlite" --geojson "$T/tm.geojson" --t-srs EPSG:5897 -q
expect_eq "geometry registered in EPSG:5897" "5897" \
  "$(q "$T/tm.sqlite" "SELECT group_concat(DISTINCT srid) FROM geometry_columns")"
expect_eq "spatial_ref_sys knows it" 1 \
  "$(q "$T/tm.sqlite" "SELECT count(*) FROM spatial_ref_sys WHERE srid = 5897 AND auth_name = 'epsg'")"
expect_true "runs.options says t_srs" grep -q "t_srs=EPSG:5897" <<<"$(q "$T/tm.sqlite" "SELECT options FROM runs")"
expect_eq "the same areas" 0 \
  "$(sqlite3 "$T/tm.sqlite" "ATTACH '$T/ll.sqlite' AS l; SELECT count(*) FROM clusters a JOIN l.clusters b USING (id) WHERE a.area_ha != b.area_ha OR a.area_plane_ha != b.area_plane_ha")"
expect_true "GeoJSON stays WGS 84, byte for byte" cmp -s "$T/ll.geojson" "$T/tm.geojson"
worst=$(/usr/bin/python3 - "$C" "$T/tm.sqlite" <<'PY'
import math, sys
from osgeo import ogr
src = ogr.Open(sys.argv[1]); out = ogr.Open(sys.argv[2])
orig = {f.GetField("ma_ccn"): f.GetGeometryRef().Clone() for f in src.GetLayer(0)}
worst = 0.0
for f in out.GetLayerByName("clusters"):
    if f.GetField("repaired"):
        continue  # MakeValid moved its vertices (see qa_log)
    a, b = f.GetGeometryRef(), orig[f.GetField("id")]
    # Compare the vertex sets: every written vertex near an original one.
    pa = [p for g in (a.GetGeometryRef(i) for i in range(a.GetGeometryCount()))
          for r in (g.GetGeometryRef(j) for j in range(g.GetGeometryCount()))
          for p in r.GetPoints()]
    pb = []
    for g in ([b] if b.GetGeometryType() in (ogr.wkbPolygon,) else
              [b.GetGeometryRef(i) for i in range(b.GetGeometryCount())]):
        for j in range(g.GetGeometryCount()):
            pb += g.GetGeometryRef(j).GetPoints()
    for x, y in pa:
        worst = max(worst, min(math.hypot(x - u, y - v) for u, v in pb))
print("%.6f" % worst)
PY
)
expect_true "written vertices on the source's own, within 2 mm (worst $worst m)" \
  python3 -c "import sys; sys.exit(0 if float('$worst') < 0.002 else 1)"
expect_exit "a run in EPSG:5897 cannot be added to a WGS 84 database" 6 "in EPSG:5897 (t_srs)" -- \
  "$ZG" areas "$C" -o "$T/ll.sqlite" --append --t-srs EPSG:5897 -q
expect_exit "--t-srs takes an EPSG code" 2 "is not an EPSG code" -- \
  "$ZG" areas "$C" -o "$T/x.sqlite" --t-srs "+proj=longlat" -q
"$ZG" areas "$C" -o "$T/tm.gpkg" --t-srs EPSG:5897 -q
expect_eq "a GeoPackage in EPSG:5897" 5897 \
  "$(q "$T/tm.gpkg" "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'clusters'")"

# The map of a database in EPSG:5897 is drawn from the same places: the
# same picture but for the footer's file name (p1, p2: one glyph).
mkdir -p "$T/p1" "$T/p2"
cp "$T/tm.sqlite" "$T/p1/r.sqlite"
cp "$T/ll.sqlite" "$T/p2/r.sqlite"
"$ZG" map "$T/p1/r.sqlite" -o "$T/tm.png" -q
"$ZG" map "$T/p2/r.sqlite" -o "$T/ll.png" -q
diff_px=$(/usr/bin/python3 - "$T/tm.png" "$T/ll.png" <<'PY'
import sys
from osgeo import gdal
a = gdal.Open(sys.argv[1]).ReadRaster(); b = gdal.Open(sys.argv[2]).ReadRaster()
print(sum(1 for x, y in zip(a, b) if abs(x - y) > 64) if len(a) == len(b) else -1)
PY
)
expect_true "the map of the EPSG:5897 database: the same picture (bytes off by more than 64: $diff_px)" \
  test "$diff_px" -ge 0 -a "$diff_px" -lt 400

# A wrong .prj: the VN-2000 metres declared as WGS 84 degrees.
for ext in shp shx dbf cpg; do cp "${C%.shp}.$ext" "$T/wrong.$ext"; done
python3 -c "
from osgeo import osr
s = osr.SpatialReference(); s.ImportFromEPSG(4326); s.MorphToESRI()
open('$T/wrong.prj', 'w').write(s.ExportToWkt())" 2>/dev/null ||
  /usr/bin/python3 -c "
from osgeo import osr
s = osr.SpatialReference(); s.ImportFromEPSG(4326); s.MorphToESRI()
open('$T/wrong.prj', 'w').write(s.ExportToWkt())"
expect_exit "as declared, the coordinates are impossible" 4 "" -- \
  "$ZG" areas "$T/wrong.shp" -o "$T/w0.sqlite" -q
"$ZG" areas "$T/wrong.shp" -o "$T/w.sqlite" --a-srs EPSG:5897 -q
expect_eq "--a-srs EPSG:5897: the original's areas" 0 \
  "$(sqlite3 "$T/w.sqlite" "ATTACH '$T/ll.sqlite' AS l; SELECT count(*) FROM clusters a JOIN l.clusters b USING (id) WHERE a.area_ha != b.area_ha")"
expect_eq "... all 36 clusters" 36 "$(q "$T/w.sqlite" "SELECT count(*) FROM clusters")"
expect_eq "qa_log says what was declared and what was assigned" 1 \
  "$(q "$T/w.sqlite" "SELECT count(*) FROM qa_log WHERE problem = 'CRS assigned: the source declares EPSG:4326' AND action LIKE 'read as EPSG:5897%'")"
expect_eq "run_inputs names both" "EPSG:5897 (assigned; the source declares EPSG:4326)" \
  "$(q "$T/w.sqlite" "SELECT DISTINCT crs FROM run_inputs")"
# The scenario keys.
cat >"$T/s.scenario" <<EOS
clusters = $T/wrong.shp
a_srs = EPSG:5897
t_srs = EPSG:5897
EOS
"$ZG" run "$T/s.scenario" -o "$T/run" -q
expect_eq "run: a_srs and t_srs from the scenario" "36|5897" \
  "$(q "$T/run/results.sqlite" "SELECT (SELECT count(*) FROM clusters), (SELECT srid FROM geometry_columns WHERE f_table_name = 'clusters')")"
finish
