# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The unions of free land, piece by piece against OGR's: reserve unites a
# role's pieces by groups of pieces whose boxes meet (union_grouped in
# reserve.c), so the pieces here chain (A overlaps B, B overlaps C, A and
# C apart), touch at a corner, lie apart, overlap within water, bridge
# two groups with a two-part parcel, stick out of the cluster, and the
# footprints overlap the map's housing. Expected: each role's pieces
# cut by the cluster, united by OGR (GEOS), taken to WGS 84 by OSR and
# measured on the ellipsoid by pyproj's Geod (numbers.md: 1e-7).
. "$(dirname "$0")/lib.sh"
python3 - "$T" <<'EOF'
import json, sys
from osgeo import ogr, osr
T = sys.argv[1]
E, N = 588000, 2326000
def box(x0, y0, x1, y1):
    return [[[E + x0, N + y0], [E + x1, N + y0], [E + x1, N + y1],
             [E + x0, N + y1], [E + x0, N + y0]]]
def fc(path, feats):
    crs = {"type": "name",
           "properties": {"name": "urn:ogc:def:crs:EPSG::5897"}}
    json.dump({"type": "FeatureCollection", "crs": crs, "features": [
        {"type": "Feature", "properties": p, "geometry": g}
        for p, g in feats]}, open(path, "w"))
def poly(*b):
    return {"type": "Polygon", "coordinates": box(*b)}
def multi(*bs):
    return {"type": "MultiPolygon", "coordinates": [box(*b) for b in bs]}
K = poly(0, 0, 300, 200)
lu = [("ONT", poly(10, 10, 60, 40)),     # A
      ("ONT", poly(50, 30, 100, 60)),    # B: overlaps A
      ("ONT", poly(90, 50, 140, 80)),    # C: overlaps B, not A
      ("ONT", poly(200, 10, 220, 30)),   # D: apart
      ("ONT", poly(220, 30, 240, 50)),   # E: touches D at a corner
      ("ODT", multi((10, 150, 20, 160), (250, 150, 260, 160))),  # F
      ("ONT", poly(255, 155, 270, 170)),  # G: overlaps F's second part
      ("ONT", poly(280, 100, 320, 120)),  # H: half out of the cluster
      ("SON", poly(150, 0, 180, 200)),    # river
      ("SON", poly(170, 100, 190, 110)),  # a canal overlapping it
      ("DGD", poly(120, 120, 130, 130)),  # a school
      ("LUC", poly(0, 90, 140, 140))]     # rice, overlapping A..C's row
houses = [poly(55, 35, 65, 45), poly(100, 150, 110, 160),
          poly(215, 25, 225, 35), poly(295, 190, 310, 210)]
fc(T + "/k.geojson", [({"ma_ccn": "K"}, K)])
fc(T + "/lu.geojson", [({"ma_ldat": c}, g) for c, g in lu])
fc(T + "/h.geojson", [({"h": i}, g) for i, g in enumerate(houses)])
open(T + "/codes.csv", "w").write(
    "code,role\nONT,residential\nODT,residential\nSON,water\n"
    "DGD,sensitive\nLUC,protected_agri\n")

from pyproj import Geod
src = osr.SpatialReference(); src.ImportFromEPSG(5897)
ll = osr.SpatialReference(); ll.ImportFromEPSG(4326)
for s in (src, ll):
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
tr = osr.CoordinateTransformation(src, ll)
geod = Geod(ellps="WGS84")
def og(g):
    return ogr.CreateGeometryFromJson(json.dumps(g))
k = og(K)
def union(gs):
    u = ogr.Geometry(ogr.wkbMultiPolygon)
    for g in gs:
        u = u.Union(og(g).Intersection(k))
    return u
def area(g):
    g = g.Clone(); g.Transform(tr)
    a = 0.0
    polys = [g] if g.GetGeometryType() == ogr.wkbPolygon else \
        [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    for p in polys:
        for r in range(p.GetGeometryCount()):
            pts = p.GetGeometryRef(r).GetPoints()
            s = abs(geod.polygon_area_perimeter([q[0] for q in pts],
                                                [q[1] for q in pts])[0])
            a += s if r == 0 else -s
    return a / 1e4
res = union([g for c, g in lu if c in ("ONT", "ODT")] + houses)
water = union([g for c, g in lu if c == "SON"])
other = union([g for c, g in lu if c == "DGD"])
free = k.Difference(res.Union(water).Union(other))
with open(T + "/expected", "w") as f:
    for name, g in (("residential_ha", res), ("water_ha", water),
                    ("other_unbuildable_ha", other), ("free_ha", free)):
        f.write("%s %.15g\n" % (name, area(g)))
EOF
for t in 1 2; do
  "$ZG" reserve "$T/k.geojson" --landuse "$T/lu.geojson" --codes "$T/codes.csv" \
    --residential "$T/h.geojson" --threads $t -o "$T/r$t.sqlite" -q
done
while read -r col want; do
  expect_rel "$col as OGR's union measured by pyproj" "$want" \
    "$(q "$T/r1.sqlite" "SELECT $col FROM reserve")" 1e-7
done < "$T/expected"
expect_eq "the free land is a valid geometry" 1 \
  "$(sqlite3 -batch -noheader -cmd '.load mod_spatialite' "$T/r1.sqlite" \
     "SELECT ST_IsValid(geom) FROM reserve")"
expect_eq "1 and 2 threads, the same rows" \
  "$(q "$T/r1.sqlite" "SELECT * FROM reserve")" "$(q "$T/r2.sqlite" "SELECT * FROM reserve")"
finish
