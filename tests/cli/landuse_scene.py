#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generated scene for the land-use cross-check (deterministic).

  make DIR        write DIR/parcels.gpkg (a 40 x 40 tiling of jittered
                  quadrilaterals, 50 m cells, EPSG:5897, field ma_ldat) and
                  DIR/clusters.gpkg (4 clusters: rotated rectangle, triangle,
                  concave L, one half outside the parcels)
  reference DB    read the SpatiaLite database DB, in which SpatiaLite SQL
                  cut every parcel by every cluster and transformed the
                  pieces to WGS 84 (table pieces: ma_ccn, code, wkt), measure
                  every piece with GeographicLib's Planimeter, and print
                  "cluster code area_m2" sums
"""
import math
import sqlite3
import subprocess
import sys

from osgeo import ogr, osr

X0, Y0, N, STEP = 586000.0, 2325000.0, 40, 50.0
CODES = ["LUC", "ONT", "SKN", "DGT", "CLN", "LUC", "SON"]


def vertex(i, j):
    # Jitter shared vertices (not the outer frame) deterministically.
    jx = 0 if i in (0, N) else 12 * math.sin(i * 12.9898 + j * 78.233)
    jy = 0 if j in (0, N) else 12 * math.cos(i * 39.3468 + j * 11.135)
    return X0 + i * STEP + jx, Y0 + j * STEP + jy


def ring(points):
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in points + [points[0]]:
        r.AddPoint_2D(x, y)
    p = ogr.Geometry(ogr.wkbPolygon)
    p.AddGeometry(r)
    return p


def layer(path, name, fields):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(5897)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer(name, srs, ogr.wkbPolygon)
    for f in fields:
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    return ds, lyr


def make(d):
    ds, lyr = layer(d + "/parcels.gpkg", "parcels", ["ma_ldat"])
    lyr.StartTransaction()
    for i in range(N):
        for j in range(N):
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetField("ma_ldat", CODES[(i * 7 + j * 3 + (i * j) % 5) % len(CODES)])
            f.SetGeometry(ring([vertex(i, j), vertex(i + 1, j), vertex(i + 1, j + 1), vertex(i, j + 1)]))
            lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None
    ds, lyr = layer(d + "/clusters.gpkg", "clusters", ["ma_ccn"])
    cx, cy, a = X0 + 500, Y0 + 600, math.radians(25)
    rect = [(cx + u * math.cos(a) - v * math.sin(a), cy + u * math.sin(a) + v * math.cos(a))
            for u, v in [(-300, -150), (300, -150), (300, 150), (-300, 150)]]
    shapes = {
        "R1": rect,
        "T2": [(X0 + 1200, Y0 + 200), (X0 + 1900, Y0 + 350), (X0 + 1400, Y0 + 900)],
        "L3": [(X0 + 300, Y0 + 1300), (X0 + 1100, Y0 + 1300), (X0 + 1100, Y0 + 1500),
               (X0 + 600, Y0 + 1500), (X0 + 600, Y0 + 1900), (X0 + 300, Y0 + 1900)],
        "H4": [(X0 + 1700, Y0 + 1500), (X0 + 2300, Y0 + 1500), (X0 + 2300, Y0 + 1900), (X0 + 1700, Y0 + 1900)],
    }
    for k, pts in shapes.items():
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("ma_ccn", k)
        f.SetGeometry(ring(pts))
        lyr.CreateFeature(f)
    ds = None


def reference(db):
    con = sqlite3.connect(db)
    rows = con.execute("SELECT ma_ccn, code, wkt FROM pieces").fetchall()
    text, keys = [], []
    for cid, code, wkt in rows:
        g = ogr.CreateGeometryFromWkb(bytes.fromhex(wkt))
        polys = []
        t = ogr.GT_Flatten(g.GetGeometryType())
        if t == ogr.wkbPolygon:
            polys = [g]
        elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
            polys = [g.GetGeometryRef(k) for k in range(g.GetGeometryCount())
                     if ogr.GT_Flatten(g.GetGeometryRef(k).GetGeometryType()) == ogr.wkbPolygon]
        for p in polys:
            for r in range(p.GetGeometryCount()):
                ringg = p.GetGeometryRef(r)
                pts = [ringg.GetPoint_2D(k) for k in range(ringg.GetPointCount() - 1)]
                text.append("\n".join("%.15f %.15f" % (y, x) for x, y in pts) + "\n\n")
                keys.append((cid, code, r > 0))
    out = subprocess.run(["Planimeter", "-p", "10"], input="".join(text),
                         capture_output=True, text=True, check=True).stdout.split("\n")
    sums = {}
    for (cid, code, hole), line in zip(keys, out):
        a = abs(float(line.split()[2]))
        sums[(cid, code)] = sums.get((cid, code), 0.0) + (-a if hole else a)
    for (cid, code), a in sorted(sums.items()):
        print(cid, code, repr(a))


if __name__ == "__main__":
    {"make": make, "reference": reference}[sys.argv[1]](sys.argv[2])
