#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A small land-use scene whose shares are known by hand, written in any CRS.

  make DIR EPSG...  write DIR/clusters_EPSG.gpkg and DIR/parcels_EPSG.gpkg
                    for each EPSG code: the same scene, drawn in EPSG:5897
                    and its vertices transformed by OGR (so an edge is
                    straight in the CRS it is stored in).
  areas FILE FIELD [STEP]
                    print "FIELD area_m2" of each polygon of FILE, its
                    vertices in lon/lat measured by GeographicLib's
                    Planimeter (not by zoneguard); with STEP, its edges
                    first cut in pieces of STEP units of its CRS, as an
                    overlay cutting along them measures it; an invalid
                    polygon is first repaired (MakeValid, structure)
  odd DIR           write, in EPSG:4326, DIR/odd_clusters_NAME.gpkg: cluster
                    A and one that an overlay cannot cut straight (NAME:
                    world, a box over the whole Earth; antimeridian, 2 km
                    across 180°; wide, 4° of longitude near Hanoi), and
                    DIR/odd_parcels_4326.gpkg: the scene's parcels, then a
                    parcel with a vertex at longitude 1e300 and one at
                    latitude -1e300 (over A), and a box over the whole
                    Earth (feature 9), in DGT; DIR/pacific_clusters.gpkg
                    (EPSG:4326, cluster P at 179.0-179.05° E) and
                    DIR/pacific_parcels.gpkg (EPSG:3832, Mercator about
                    150° E: one parcel from 178.9° E across the
                    antimeridian to 179.9° W, which covers P)
  point EPSG X Y    print the point (X, Y) of the scene's frame (metres from
                    its origin in EPSG:5897) in EPSG

The scene, in metres from (X0, Y0) in EPSG:5897, parcels in reading order:

  cluster A, the square [0, 200] x [0, 200]: 40 000 m²
    1 LUC  [-50, 100] x [-50, 200]   in A: 20 000  50 %
    2 ONT  [100, 200] x [0, 100]     in A: 10 000  25 %
    3 SKN  [100, 200] x [100, 150]   in A:  5 000  12.5 %
    4 DGT  [150, 250] x [125, 175]   in A:  2 500, of which 1 250 under 3
                                     (met earlier): 1 250  3.125 %
    NONE   [100, 200] x [150, 200] less 4's part: 3 750  9.375 %
  cluster B, the square [400, 600] x [0, 200]: 40 000 m²
    5 ONT  a bow-tie (400,0) (600,200) (600,0) (400,200): invalid, crossing
           itself at (500, 100); repaired, two triangles: 20 000  50 %
           (its rings' signed area before repair: 0)
    6 LUC  [400, 600] x [0, 200], under 5 by 20 000: 20 000  50 %
    NONE   0
"""
import subprocess
import sys

from osgeo import gdal, ogr, osr

gdal.PushErrorHandler("CPLQuietErrorHandler")

X0, Y0 = 586000.0, 2325000.0


def box(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


CLUSTERS = [("A", box(0, 0, 200, 200)), ("B", box(400, 0, 600, 200))]
PARCELS = [
    ("LUC", box(-50, -50, 100, 200)),
    ("ONT", box(100, 0, 200, 100)),
    ("SKN", box(100, 100, 200, 150)),
    ("DGT", box(150, 125, 250, 175)),
    ("ONT", [(400, 0), (600, 200), (600, 0), (400, 200)]),
    ("LUC", box(400, 0, 600, 200)),
]


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(int(epsg))
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def polygon(points):
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in points + [points[0]]:
        r.AddPoint_2D(X0 + x, Y0 + y)
    p = ogr.Geometry(ogr.wkbPolygon)
    p.AddGeometry(r)
    return p


def write(path, name, field, rows, epsg):
    tr = osr.CoordinateTransformation(srs(5897), srs(epsg))
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer(name, srs(epsg), ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for value, pts in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(field, value)
        g = polygon(pts)
        g.Transform(tr)
        f.SetGeometryDirectly(g)
        lyr.CreateFeature(f)
    ds = None


def make(d, *codes):
    for epsg in codes:
        write("%s/clusters_%s.gpkg" % (d, epsg), "clusters", "ma_ccn",
              CLUSTERS, epsg)
        write("%s/parcels_%s.gpkg" % (d, epsg), "parcels", "ma_ldat",
              PARCELS, epsg)


def areas(path, field, step=None):
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    src = lyr.GetSpatialRef()
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(src, srs(4326))
    names, text, order = [], [], []
    for f in lyr:
        g = f.GetGeometryRef().Clone()
        if not g.IsValid():  # as zoneguard repairs it, in its own CRS
            g = g.MakeValid(["METHOD=STRUCTURE"])
        if step:
            g.Segmentize(float(step))
        g.Transform(tr)
        polys = [g] if g.GetGeometryType() == ogr.wkbPolygon else \
            [g.GetGeometryRef(k) for k in range(g.GetGeometryCount())]
        names.append(f.GetField(field))
        for p in polys:
            for k in range(p.GetGeometryCount()):
                r = p.GetGeometryRef(k)
                pts = [r.GetPoint_2D(i) for i in range(r.GetPointCount() - 1)]
                text.append("\n".join("%.15f %.15f" % (y, x) for x, y in pts) + "\n\n")
                order.append((len(names) - 1, -1 if k else 1))
    out = subprocess.run(["Planimeter", "-p", "10"], input="".join(text),
                         capture_output=True, text=True, check=True).stdout
    sums = [0.0] * len(names)
    for (i, sign), line in zip(order, out.split("\n")):
        sums[i] += sign * abs(float(line.split()[2]))
    for name, a in zip(names, sums):
        print(name, a)


def raw_layer(path, name, field, rows):
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer(name, srs(4326), ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for value, wkt in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(field, value)
        f.SetGeometryDirectly(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None


def odd(d):
    tr = osr.CoordinateTransformation(srs(5897), srs(4326))
    a = polygon(CLUSTERS[0][1])
    a.Transform(tr)
    x0, x1, y0, y1 = a.GetEnvelope()
    world = "POLYGON((-180 -90,180 -90,180 90,-180 90,-180 -90))"
    odd_clusters = {
        "world": world,
        "antimeridian": "POLYGON((179.99 0,180.01 0,180.01 0.01,179.99 0.01,179.99 0))",
        "wide": "POLYGON((103 20,107 20,107 20.1,103 20.1,103 20))",
    }
    for name, wkt in odd_clusters.items():
        raw_layer("%s/odd_clusters_%s.gpkg" % (d, name), "clusters", "ma_ccn",
                  [("A", a.ExportToWkt()), ("X", wkt)])
    rows = []
    for code, pts in PARCELS:
        g = polygon(pts)
        g.Transform(tr)
        rows.append((code, g.ExportToWkt()))
    rows.append(("DGT", "POLYGON((%r %r,1e300 %r,%r %r,%r %r))" % (x0, y0, y0, x1, y1, x0, y0)))
    rows.append(("DGT", "POLYGON((%r %r,%r -1e300,%r %r,%r %r))" % (x0, y0, x1, x1, y1, x0, y0)))
    rows.append(("DGT", world))
    raw_layer("%s/odd_parcels_4326.gpkg" % d, "parcels", "ma_ldat", rows)
    raw_layer("%s/pacific_clusters.gpkg" % d, "clusters", "ma_ccn",
              [("P", "POLYGON((179 0,179.05 0,179.05 0.05,179 0.05,179 0))")])
    to = osr.CoordinateTransformation(srs(4326), srs(3832))
    pts = [to.TransformPoint(x, y)[:2] for x, y in
           [(178.9, -0.1), (180.1, -0.1), (180.1, 0.2), (178.9, 0.2)]]
    ds = ogr.GetDriverByName("GPKG").CreateDataSource("%s/pacific_parcels.gpkg" % d)
    lyr = ds.CreateLayer("parcels", srs(3832), ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("ma_ldat", ogr.OFTString))
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("ma_ldat", "DGT")
    f.SetGeometryDirectly(ogr.CreateGeometryFromWkt(
        "POLYGON((%s))" % ",".join("%r %r" % p for p in pts + pts[:1])))
    lyr.CreateFeature(f)
    ds = None


def point(epsg, x, y):
    tr = osr.CoordinateTransformation(srs(5897), srs(epsg))
    p = tr.TransformPoint(X0 + float(x), Y0 + float(y))
    print("%.17g %.17g" % (p[0], p[1]))


if __name__ == "__main__":
    {"make": make, "areas": areas, "point": point, "odd": odd}[sys.argv[1]](*sys.argv[2:])
