#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Many clusters with houses at two dates, and their encroachment worked
out without zoneguard.

  make DIR      write DIR/clusters.gpkg and DIR/h1.gpkg, DIR/h2.gpkg
                (EPSG:5897): 48 square clusters 1.5 km apart, around each
                houses in rows (some touching their neighbours, some
                overlapping them), which at the later date are kept, gone,
                moved by 1 m, extended by a touching annex, or joined by
                new ones
  expect DIR RINGS
                print "cluster zone epoch|new|lost area_m2" for every zone
                (inside, ring_a_b) of every cluster: per zone and date the
                union of the houses cut by the zone, new = later union
                minus earlier, lost the reverse (parts under 0.01 m²
                dropped, as zoneguard's overlay noise), rings buffered with
                8 segments per quarter circle; OGR's GEOS for the
                geometry, GeographicLib (pyproj's Geod) for the areas on
                the WGS 84 ellipsoid
"""
import os
import random
import sys

from osgeo import ogr, osr
from pyproj import Geod

ogr.UseExceptions()
X0, Y0 = 570000.0, 2310000.0
SIDE, PITCH, NCL = 200.0, 1500.0, 48


def box(x0, y0, x1, y1):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
        ring.AddPoint_2D(x, y)
    g = ogr.Geometry(ogr.wkbPolygon)
    g.AddGeometry(ring)
    return g


def srs5897():
    s = osr.SpatialReference()
    s.ImportFromEPSG(5897)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def write(path, field, rows):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer("l", srs5897(), ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for name, g in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField(field, name)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    ds = None


def clusters():
    out = []
    for k in range(NCL):
        x = X0 + (k % 8) * PITCH
        y = Y0 + (k // 8) * PITCH
        out.append(("C%02d" % k, x, y))
    return out


def make(d):
    rng = random.Random(19)
    cl = clusters()
    h1, h2 = [], []
    for name, cx, cy in cl:
        # rows of houses west to east, from inside the cluster to 180 m
        # out of its east side, each row at its own height
        for row in range(6):
            y = cy + 15 + row * 30
            x = cx + rng.uniform(-60, 150)
            for i in range(rng.randint(2, 6)):
                w = rng.uniform(8, 14)
                gap = rng.choice((0.0, 0.0, -2.0, 3.0, 6.0))  # touch, overlap, apart
                x0, x1 = x, x + w
                x = x1 + gap
                hid = "%s-%d-%d" % (name, row, i)
                g = box(x0, y, x1, y + 10)
                fate = rng.random()
                if fate < 0.08:
                    h1.append((hid, g))                       # gone
                elif fate < 0.16:
                    h1.append((hid, g))                       # moved 1 m east
                    h2.append((hid, box(x0 + 1, y, x1 + 1, y + 10)))
                elif fate < 0.22:
                    h1.append((hid, g))                       # annex, touching
                    h2.append((hid, g))
                    h2.append((hid + "a", box(x0, y + 10, x1, y + 14)))
                elif fate < 0.32:
                    h2.append((hid, g))                       # new
                else:
                    h1.append((hid, g))                       # unchanged
                    h2.append((hid, g.Clone()))
    write(os.path.join(d, "clusters.gpkg"), "ma_ccn",
          [(n, box(x, y, x + SIDE, y + SIDE)) for n, x, y in cl])
    write(os.path.join(d, "h1.gpkg"), "h", h1)
    write(os.path.join(d, "h2.gpkg"), "h", h2)


GEOD = Geod(ellps="WGS84")


def area_m2(g, tr):
    """Geodesic area of polygonal g (EPSG:5897), parts under 0.01 m²
    dropped when drop."""
    parts = []
    t = g.GetGeometryType()
    if t in (ogr.wkbPolygon, ogr.wkbPolygon25D):
        parts = [g]
    elif g.GetGeometryCount():
        parts = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    out = []
    for p in parts:
        if p.GetGeometryType() not in (ogr.wkbPolygon, ogr.wkbPolygon25D):
            continue
        q = p.Clone()
        q.Transform(tr)
        a = 0.0
        for i in range(q.GetGeometryCount()):
            pts = q.GetGeometryRef(i).GetPoints()
            ar, _ = GEOD.polygon_area_perimeter([x for x, _ in pts],
                                                [y for _, y in pts])
            a += abs(ar) if i == 0 else -abs(ar)
        out.append(a)
    return out


def union(geoms):
    m = ogr.Geometry(ogr.wkbMultiPolygon)
    for g in geoms:
        if g.GetGeometryType() == ogr.wkbPolygon:
            m.AddGeometry(g)
        elif g.GetGeometryType() in (ogr.wkbMultiPolygon,
                                     ogr.wkbGeometryCollection):
            for i in range(g.GetGeometryCount()):
                p = g.GetGeometryRef(i)
                if p.GetGeometryType() == ogr.wkbPolygon:
                    m.AddGeometry(p)
    return m.UnionCascaded() if m.GetGeometryCount() else None


def read(path):
    ds = ogr.Open(path)
    return [f.GetGeometryRef().Clone() for f in ds.GetLayer(0)]


def expect(d, rings):
    rings = [float(r) for r in rings.split(",")]
    ll = osr.SpatialReference()
    ll.ImportFromEPSG(4326)
    ll.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(srs5897(), ll)
    houses = [read(os.path.join(d, "h1.gpkg")), read(os.path.join(d, "h2.gpkg"))]
    for name, x, y in clusters():
        c = box(x, y, x + SIDE, y + SIDE)
        zones = [("inside", c)]
        prev, lo = c, 0.0
        for r in rings:
            b = c.Buffer(r, 8)
            zones.append(("ring_%g_%g" % (lo, r), b.Difference(prev)))
            prev, lo = b, r
        for zname, z in zones:
            u = []
            for e in (0, 1):
                cut = [h.Intersection(z) for h in houses[e] if h.Intersects(z)]
                cut = [p for p in cut if sum(area_m2(p, tr)) >= 0.01]
                u.append(union(cut))
                print(name, zname, e, "%.9f" % (sum(area_m2(u[e], tr)) if u[e] else 0))
            for what, a, b in (("new", u[1], u[0]), ("lost", u[0], u[1])):
                if a is None:
                    v = 0.0
                else:
                    dd = a.Difference(b) if b is not None else a
                    v = sum(p for p in area_m2(dd, tr) if p >= 0.01)
                print(name, zname, what, "%.9f" % v)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "make":
        make(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "expect":
        expect(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
