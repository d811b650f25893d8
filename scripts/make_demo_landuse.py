#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write zoneguard's synthetic land-use maps (2020 and 2025) around the 36
demo clusters, and a layer of proposed clusters to check against them.

Outputs (paths relative to the repository root):

  geodata/demo/hanoi_landuse_2020.gpkg.zip   layer landuse, EPSG:5897
  geodata/demo/hanoi_landuse_2025.gpkg.zip   layer landuse, EPSG:5897
        (GeoPackages, each zipped alone: 1.7 MB instead of 5.6 MB)
        land-use status parcels (field ma_ldat: Circular 08/2024 codes) in
        a window of about 2.5 km around each cluster of
        geodata/demo/hanoi_clusters_vn2000.shp; 2025 = 2020 with housing
        growth and three deliberate defects
  geodata/demo/hanoi_proposals_vn2000.gpkg   layer proposals, EPSG:5897
        eight proposed clusters, each meant to give one verdict
  geodata/demo/PROVENANCE.md
        the section between the markers of this script is (re)written;
        the rest of the file is left as it is

Everything here is drawn, not surveyed. Run it with Debian's Python, which
has GDAL's bindings, after scripts/make_demo_scene.py:

    /usr/bin/python3 scripts/make_demo_landuse.py

How the parcels are made: a jittered lattice (cells of 90 m x 72 m) covers
the windows; every cell gets a base land-use class (villages, gardens,
ponds, rice ...). The cell edges are noded together with the outlines of
the clusters, the parks and the drawn rivers, roads and canals (GEOS
union of the linework), and polygonized: every face lies in one cell and
is classed by what contains it. Faces of the same class are merged into
parcels of 0.2-2 ha. Neighbouring parcels share exactly the same vertices
(they come from one noded linework), so the map has no gaps and no
overlaps.

Deterministic: no clock, every random draw comes from random.Random seeded
with a fixed string or from an integer hash of the lattice indices, and the
GeoPackage timestamps are pinned with OGR_CURRENT_DATE. Two runs give
byte-identical files (with the same GDAL/GEOS/PROJ versions).
"""

import hashlib
import math
import os
import random
import sys
import zipfile

from osgeo import gdal, ogr, osr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_REL = "geodata/demo"
OUT = os.path.join(ROOT, OUT_REL)
CLUSTERS_REL = "geodata/demo/hanoi_clusters_vn2000.shp"
PARKS_REL = "geodata/demo/hanoi_parks_vn2000.gpkg"
DISTRICTS_REL = "geodata/real/dvhcvn/hanoi_districts.geojson"
BLD_HALOI_REL = "geodata/real/comokit-vn-buildings/hanoi_me_linh_ha_loi/buildings.shp"
BND_HALOI_REL = "geodata/real/comokit-vn-buildings/hanoi_me_linh_ha_loi/boundary.shp"
BLD_LB_REL = "geodata/real/comokit-vn-buildings/hanoi_long_bien/buildings.shp"
LU_2020 = "hanoi_landuse_2020.gpkg"
LU_2025 = "hanoi_landuse_2025.gpkg"
PROPOSALS = "hanoi_proposals_vn2000.gpkg"

FIXED_DATE = "2025-01-01"
gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_DATE + "T00:00:00Z")
gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

SEED = "zoneguard-landuse/"
CX, CY = 90.0, 72.0          # lattice cell, metres (0.65 ha)
JIT = 0.2                    # node jitter, share of the cell size
HALF = 1250.0                # half side of a window (2.5 km)
MARGIN = 600.0               # at least this much land around a big cluster
TINY_M2 = 80.0               # faces smaller than this join a neighbour face
MIN_HA, MAX_HA = 0.2, 2.0    # parcel size aim
GROWTH = (0.04, 0.07)        # share of a window's parcels turned into housing

# Clusters whose windows get a river (SON). The courses are invented; the
# comment says which river flows near that commune in reality [U].
RIVER_WINDOWS = {
    "CCN-GL-01": 190.0,   # Bát Tràng: Red River (sông Hồng)
    "CCN-DP-01": 170.0,   # Liên Hà (Đan Phượng): Red River
    "CCN-DA-03": 90.0,    # Vân Hà: Đuống river
    "CCN-MD-01": 110.0,   # Hợp Thanh: Đáy river
    "CCN-CM-02": 70.0,    # Phụng Châu: Đáy / Bùi river
    "CCN-TO-02": 60.0,    # Thanh Thùy: Nhuệ river
    "CCN-ST-01": 60.0,    # Phú Thịnh: Tích river
    "CCN-SS-02": 70.0,    # Minh Phú: Cà Lồ river
    "CCN-PX-02": 70.0,    # Phú Yên: Nhuệ river
}
# Clusters crossed by a road: a DGT strip inside the cluster.
ROAD_THROUGH = ["CCN-SS-01", "CCN-QO-01", "CCN-PX-01", "CCN-TTR-01"]
# Clusters with other land inside: (class, radius m, which vertex) pockets
# drawn at the edge of the cluster (a village or rice land not yet taken).
POCKETS = {
    "CCN-TT-02": [("ONT", 95.0, 0)],
    "CCN-GL-01": [("ONT", 85.0, 2)],
    "CCN-HDU-02": [("ONT", 70.0, 1), ("LUC", 80.0, 3)],
    "CCN-TTN-01": [("LUC", 120.0, 4), ("ONT", 60.0, 9)],
    "CCN-ML-02": [("LUC", 150.0, 2), ("LUC", 120.0, 7)],
    "CCN-ML-01": [("LUC", 90.0, 3)],   # + the real houses inside (below)
}
URBAN = {"Quận Long Biên", "Quận Hà Đông", "Thị xã Sơn Tây", "Quận Bắc Từ Liêm"}

RESIDENTIAL = ("ONT", "ODT")
SENSITIVE = ("DGD", "DYT", "TON")
AGRI = ("LUC", "LUK", "HNK", "CLN")

# Proposed clusters. kind: what the land under and around it must be.
#   clean     no housing within hazard distance + 10 m, no rice land inside
#   ont       part of a village inside
#   luc       mostly specialised rice land inside, no housing near
#   overlap   clean, and overlaps the cluster `target` by 2.5-3.5 ha
#   expand    clean, shares an edge of the cluster `target` (mo_rong)
#   near      housing 90-280 m away, none nearer
# quiet: no housing growth 2020-2025 within 1000 m (the check's rings),
# so that the proposal also passes with two --residential dates.
PROPOSED = [
    dict(ma="DX-01", ten="Cụm công nghiệp Hồng Minh", huyen="Huyện Phú Xuyên",
         window="CCN-PX-01", ha=18.4, hazard="V", kind="clean", quiet=True,
         shape="convex", at=(900.0, 200.0),
         intent="clean pass: 18.4 ha, hazard class V (50 m), no housing within 60 m, "
                "no rice land, no overlap; all rules pass or are skipped"),
    dict(ma="DX-02", ten="Cụm công nghiệp Hợp Tiến", huyen="Huyện Mỹ Đức",
         window="CCN-MD-01", ha=6.5, hazard="V", kind="clean",
         shape="rect", at=(700.0, 30.0),
         intent="R1 fail: 6.5 ha is under the 10 ha minimum of an ordinary cluster "
                "(otherwise clean)"),
    dict(ma="DX-03", ten="Cụm công nghiệp làng nghề Nhị Khê", huyen="Huyện Thường Tín",
         window="CCN-TTN-01", ha=7.0, hazard="V", kind="clean", quiet=True, lang_nghe=1,
         shape="convex", at=(750.0, 110.0),
         intent="R2 pass: craft-village cluster of 7.0 ha (5-75 ha allowed, R1 does not "
                "apply); otherwise clean, so the verdict is pass"),
    dict(ma="DX-04", ten="Cụm công nghiệp Tam Hưng", huyen="Huyện Thanh Oai",
         window="CCN-TO-01", ha=22.0, hazard="V", kind="ont",
         shape="concave", at=(800.0, 300.0),
         intent="R4 fail: part of a village (ONT) lies inside; R9 and R10 fail too when "
                "housing layers are given"),
    dict(ma="DX-05", ten="Cụm công nghiệp Thụy Lâm", huyen="Huyện Đông Anh",
         window="CCN-DA-02", ha=25.0, hazard="V", kind="luc",
         shape="rect", at=(800.0, 250.0),
         intent="R7 warn: takes specialised rice land (LUC); no housing within 60 m, "
                "10-75 ha, no overlap"),
    dict(ma="DX-06", ten="Cụm công nghiệp Đa Tốn", huyen="Huyện Gia Lâm",
         window="CCN-GL-02", ha=20.0, hazard="IV", kind="overlap", target="CCN-GL-02",
         shape="convex", at=(0.0, 200.0),
         intent="R12 fail: overlaps the existing cluster CCN-GL-02 Kiêu Kỵ; hazard class IV "
                "(100 m) and no housing within 110 m, no rice land"),
    dict(ma="DX-07", ten="Cụm công nghiệp Đắc Sở (mở rộng)", huyen="Huyện Hoài Đức",
         window="CCN-HDU-01", ha=12.0, hazard="V", kind="expand", target="CCN-HDU-01",
         intent="R14 warn: expands the legacy cluster CCN-HDU-01 Đắc Sở (6.28 ha, under "
                "10 ha); shares one edge with it (no overlap), 12 ha added, 18.28 ha in all "
                "(R3 passes), otherwise clean"),
    dict(ma="DX-08", ten="Cụm công nghiệp Ngọc Hòa", huyen="Huyện Chương Mỹ",
         window="CCN-CM-03", ha=15.0, hazard="III", kind="near",
         shape="convex", at=(750.0, 160.0),
         intent="R10 fail: hazard class III needs 300 m, housing (ONT) lies 90-280 m away "
                "and none nearer (R4, R9 pass); measured only when housing layers "
                "(--residential) are given"),
]

# Defects written into 2025 only (clusters far from the proposals).
DEFECT_XYZ_IN = "CCN-PX-02"
DEFECT_BOWTIE_IN = "CCN-TT-03"
DEFECT_OVERLAP_IN = "CCN-TT-02"

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


SRS_VN = srs(5897)
SRS_LL = srs(4326)


def rel(path):
    return os.path.relpath(path, ROOT).replace(os.sep, "/")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def h01(a, b, s):
    """Deterministic uniform [0, 1) from two lattice indices and a salt."""
    x = (a * 0x9E3779B1 + b * 0x85EBCA77 + s * 0xC2B2AE3D) & 0xFFFFFFFF
    for _ in range(2):
        x ^= x >> 16
        x = (x * 0x7FEB352D) & 0xFFFFFFFF
        x ^= x >> 15
        x = (x * 0x846CA68B) & 0xFFFFFFFF
        x ^= x >> 16
    return x / 4294967296.0


def polygon(ring):
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ring:
        r.AddPoint_2D(x, y)
    g = ogr.Geometry(ogr.wkbPolygon)
    g.AddGeometry(r)
    return g


def close(pts):
    return list(pts) + [pts[0]]


def rnd(pts):
    return [(round(x, 2), round(y, 2)) for x, y in pts]


def shoelace(ring):
    x0, y0 = ring[0]
    return 0.5 * math.fsum((xa - x0) * (yb - y0) - (xb - x0) * (ya - y0)
                           for (xa, ya), (xb, yb) in zip(ring, ring[1:]))


def polygons_of(g):
    """The polygons of a geometry (collections and multis flattened)."""
    out = []
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPolygon:
        if not g.IsEmpty():
            out.append(g.Clone())
    elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for k in range(g.GetGeometryCount()):
            out.extend(polygons_of(g.GetGeometryRef(k)))
    return out


def shared_length(a, b):
    """Length of the common boundary of two polygons."""
    x = a.Boundary().Intersection(b.Boundary())
    t = ogr.GT_Flatten(x.GetGeometryType())
    if t in (ogr.wkbLineString, ogr.wkbMultiLineString):
        return x.Length()
    if t == ogr.wkbGeometryCollection:
        return sum(x.GetGeometryRef(k).Length() for k in range(x.GetGeometryCount())
                   if ogr.GT_Flatten(x.GetGeometryRef(k).GetGeometryType())
                   in (ogr.wkbLineString, ogr.wkbMultiLineString))
    return 0.0


def rings_of(g):
    """[(exterior [(x, y)], [holes])] of every polygon of g."""
    res = []
    for p in polygons_of(g):
        rs = []
        for k in range(p.GetGeometryCount()):
            r = p.GetGeometryRef(k)
            rs.append([r.GetPoint_2D(i) for i in range(r.GetPointCount())])
        res.append((rs[0], rs[1:]))
    return res


def in_ring(x, y, ring):
    inside = False
    n = len(ring)
    for i in range(n - 1):
        (xa, ya), (xb, yb) = ring[i], ring[i + 1]
        if (ya > y) != (yb > y):
            xi = xa + (y - ya) * (xb - xa) / (yb - ya)
            if xi > x:
                inside = not inside
    return inside


class Shape:
    """A polygonal geometry with a fast point-in-polygon test."""

    def __init__(self, g):
        self.g = g
        self.env = g.GetEnvelope()
        self.parts = rings_of(g)

    def contains(self, x, y):
        e = self.env
        if x < e[0] or x > e[1] or y < e[2] or y > e[3]:
            return False
        for ext, holes in self.parts:
            if in_ring(x, y, ext) and not any(in_ring(x, y, h) for h in holes):
                return True
        return False

    def near_env(self, e2, d=0.0):
        e = self.env
        return not (e2[1] < e[0] - d or e2[0] > e[1] + d or
                    e2[3] < e[2] - d or e2[2] > e[3] + d)


def strip(pts, w):
    """Polygon of width w along a polyline (mitred joins, flat ends)."""
    n = len(pts)
    normals = []
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        L = math.hypot(xb - xa, yb - ya)
        normals.append((-(yb - ya) / L, (xb - xa) / L))
    left, right = [], []
    for i, (x, y) in enumerate(pts):
        if i == 0:
            nx, ny = normals[0]
            k = 1.0
        elif i == n - 1:
            nx, ny = normals[-1]
            k = 1.0
        else:
            (ax, ay), (bx, by) = normals[i - 1], normals[i]
            nx, ny = ax + bx, ay + by
            L = math.hypot(nx, ny)
            nx, ny = nx / L, ny / L
            k = 1.0 / max(0.5, nx * ax + ny * ay)
        left.append((x + nx * w / 2 * k, y + ny * w / 2 * k))
        right.append((x - nx * w / 2 * k, y - ny * w / 2 * k))
    return polygon(close(rnd(left + right[::-1])))


def blob(rng, cx, cy, r, wob=0.25, n=14):
    a1, a2 = rng.uniform(0, wob), rng.uniform(0, wob * 0.7)
    p1, p2 = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
    pts = []
    for k in range(n):
        t = 2 * math.pi * k / n
        rr = r * (1 + a1 * math.sin(2 * t + p1) + a2 * math.sin(3 * t + p2))
        pts.append((cx + rr * math.cos(t), cy + rr * math.sin(t)))
    return Shape(polygon(close(rnd(pts))))


def scale_to(pts, area):
    a = shoelace(close(pts))
    k = math.sqrt(area / abs(a))
    return [(x * k, y * k) for x, y in pts]


def base_shape(rng, kind, area):
    theta = rng.uniform(0.0, math.pi)
    if kind == "rect":
        asp = rng.uniform(1.2, 1.8)
        pts = [(-asp, -1.0), (asp, -1.0), (asp, 1.0), (-asp, 1.0)]
    else:
        n = 6 + int(rng.random() * 4)
        step = 2 * math.pi / n
        ang = [k * step + rng.uniform(-0.25, 0.25) * step for k in range(n)]
        rad = [rng.uniform(0.88, 1.12) for _ in range(n)]
        if kind == "concave":
            rad[int(rng.random() * n)] = rng.uniform(0.55, 0.65)
        el = rng.uniform(1.0, 1.4)
        pts = [(r * math.cos(a) * el, r * math.sin(a)) for a, r in zip(ang, rad)]
        if kind == "convex":
            hull_g = polygon(close(pts)).ConvexHull()
            hull = hull_g.GetGeometryRef(0)
            pts = [hull.GetPoint_2D(i) for i in range(hull.GetPointCount() - 1)]
            if shoelace(close(pts)) < 0:
                pts.reverse()
    c, s = math.cos(theta), math.sin(theta)
    pts = [(x * c - y * s, x * s + y * c) for x, y in pts]
    return scale_to(pts, area)


# --------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------


def read_layer(relpath, key, want_fields):
    ds = ogr.Open(os.path.join(ROOT, relpath))
    lyr = ds.GetLayer(0)
    rows = []
    for f in lyr:
        g = f.GetGeometryRef().Clone()
        d = {k: f.GetField(k) for k in want_fields}
        d["code"] = f.GetField(key)
        d["geom_src"] = g
        rows.append(d)
    ds = None
    return rows


def valid_polygonal(g):
    if g.IsValid():
        return g.Clone()
    v = g.MakeValid()
    parts = polygons_of(v)
    m = ogr.Geometry(ogr.wkbMultiPolygon)
    for p in parts:
        m.AddGeometry(p)
    return m if len(parts) > 1 else parts[0]


def load_buildings(relpath):
    ds = ogr.Open(os.path.join(ROOT, relpath))
    lyr = ds.GetLayer(0)
    ct = osr.CoordinateTransformation(lyr.GetSpatialRef(), SRS_VN)
    out = []
    for f in lyr:
        g = f.GetGeometryRef().Clone()
        g.FlattenTo2D()
        g.Transform(ct)
        c = g.Centroid()
        out.append((c.GetX(), c.GetY(), g.GetArea()))
    ds = None
    return out


def load_districts():
    ds = ogr.Open(os.path.join(ROOT, DISTRICTS_REL))
    lyr = ds.GetLayer(0)
    ct = osr.CoordinateTransformation(SRS_LL, SRS_VN)
    out = {}
    for f in lyr:
        g = f.GetGeometryRef().Clone()
        g.Transform(ct)
        out[f.GetField("ten_huyen")] = g
    ds = None
    return out


# --------------------------------------------------------------------------
# the lattice
# --------------------------------------------------------------------------


class Lattice:
    def __init__(self):
        self.nodes = {}
        self.owner = {}      # (i, j) -> window index (the first window covering it)
        self.base = {}       # (i, j) -> base class

    def node(self, i, j):
        p = self.nodes.get((i, j))
        if p is None:
            p = (round(i * CX + (h01(i, j, 1) - 0.5) * 2 * JIT * CX, 2),
                 round(j * CY + (h01(i, j, 2) - 0.5) * 2 * JIT * CY, 2))
            self.nodes[(i, j)] = p
        return p

    def quad(self, i, j):
        return [self.node(i, j), self.node(i + 1, j), self.node(i + 1, j + 1),
                self.node(i, j + 1), self.node(i, j)]

    def centre(self, i, j):
        q = self.quad(i, j)[:4]
        return (sum(p[0] for p in q) / 4.0, sum(p[1] for p in q) / 4.0)

    def cell_geom(self, i, j):
        return polygon(self.quad(i, j))

    def cell_of(self, x, y):
        i0, j0 = int(math.floor(x / CX)), int(math.floor(y / CY))
        for i in (i0, i0 - 1, i0 + 1):
            for j in (j0, j0 - 1, j0 + 1):
                if (i, j) in self.owner and in_ring(x, y, self.quad(i, j)):
                    return (i, j)
        return None

    def cell_of_any(self, x, y):
        """Cell index of a point even outside the windows."""
        i0, j0 = int(math.floor(x / CX)), int(math.floor(y / CY))
        for i in (i0, i0 - 1, i0 + 1):
            for j in (j0, j0 - 1, j0 + 1):
                if in_ring(x, y, self.quad(i, j)):
                    return (i, j)
        return None

    def cells_in_env(self, e, pad=0.0):
        i0 = int(math.floor((e[0] - pad) / CX)) - 1
        i1 = int(math.floor((e[1] + pad) / CX)) + 1
        j0 = int(math.floor((e[2] - pad) / CY)) - 1
        j1 = int(math.floor((e[3] + pad) / CY)) + 1
        return [(i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1)]


# --------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------


def make_windows(clusters, lat):
    wins = []
    for wi, c in enumerate(clusters):
        e = c["geom"].GetEnvelope()
        cx, cy = (e[0] + e[1]) / 2, (e[2] + e[3]) / 2
        half = max(HALF, (e[1] - e[0]) / 2 + MARGIN, (e[3] - e[2]) / 2 + MARGIN)
        i0, i1 = int(round((cx - half) / CX)), int(round((cx + half) / CX))
        j0, j1 = int(round((cy - half) / CY)), int(round((cy + half) / CY))
        wins.append(dict(code=c["code"], cluster=c, i0=i0, i1=i1, j0=j0, j1=j1,
                         env=(i0 * CX, i1 * CX, j0 * CY, j1 * CY),
                         urban=c["huyen"] in URBAN, mountain=c["mien_nui"] == 1))
        for i in range(i0, i1):
            for j in range(j0, j1):
                if (i, j) not in lat.owner:
                    lat.owner[(i, j)] = wi
    return wins


def clear_of(g, shapes, d, skip=()):
    e = g.GetEnvelope()
    for s in shapes:
        if s in skip or not s.near_env(e, d):
            continue
        if g.Distance(s.g) < d:
            return False
    return True


def make_features(wins, clusters, parks):
    """Rivers (SON), roads (DGT) and canals (DTL) as strips, per window."""
    cl_shapes = [c["shape"] for c in clusters]
    pk_shapes = [p["shape"] for p in parks]
    rivers, roads, canals = [], [], []
    notes = {}
    for w in wins:
        rng = random.Random(SEED + "features/" + w["code"])
        x0, x1, y0, y1 = w["env"]
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        side = max(x1 - x0, y1 - y0)
        got = []
        # -- river
        if w["code"] in RIVER_WINDOWS:
            width = RIVER_WINDOWS[w["code"]]
            for attempt in range(400):
                a = rng.uniform(0, math.pi)
                off = rng.uniform(350, 0.5 * side - 150)
                sgn = -1 if rng.random() < 0.5 else 1
                # centreline: a line at distance `off` from the centre, meandering
                ux, uy = math.cos(a), math.sin(a)
                px, py = cx - uy * off * sgn, cy + ux * off * sgn
                n = 10
                L = side * 1.5
                amp = rng.uniform(40, 110)
                ph = rng.uniform(0, 2 * math.pi)
                pts = []
                for k in range(n + 1):
                    t = -L / 2 + L * k / n
                    m = amp * math.sin(ph + 2 * math.pi * k / rng.choice((4.5, 5.0, 6.0)))
                    pts.append((px + ux * t - uy * m, py + uy * t + ux * m))
                g = strip(rnd(pts), width)
                if g.IsValid() and clear_of(g, cl_shapes, 120.0) and \
                        clear_of(g, pk_shapes, 120.0) and \
                        clear_of(g, [r for r in rivers], 200.0):
                    rivers.append(Shape(g))
                    got.append("river %.0f m wide" % width)
                    break
            else:
                got.append("no river (no course clear of the clusters)")
        # -- roads: a main road, through the cluster when asked, and a minor one
        for kind, width, through in (("main", rng.uniform(16, 24), w["code"] in ROAD_THROUGH),
                                     ("minor", rng.uniform(8, 12), False)):
            if kind == "minor" and rng.random() < 0.35:
                continue
            for attempt in range(300):
                a = rng.uniform(0, math.pi)
                ux, uy = math.cos(a), math.sin(a)
                if through:
                    c = w["cluster"]["geom"].Centroid()
                    px, py = c.GetX(), c.GetY()
                else:
                    off = rng.uniform(-0.45, 0.45) * side
                    px, py = cx - uy * off, cy + ux * off
                L = side * 1.5
                bend = rng.uniform(-0.12, 0.12)
                pts = [(px - ux * L / 2, py - uy * L / 2), (px, py),
                       (px + (ux * math.cos(bend) - uy * math.sin(bend)) * L / 2,
                        py + (uy * math.cos(bend) + ux * math.sin(bend)) * L / 2)]
                g = strip(rnd(pts), width)
                skip = (w["cluster"]["shape"],) if through else ()
                if not (g.IsValid() and clear_of(g, cl_shapes, 25.0, skip) and
                        clear_of(g, pk_shapes, 25.0)):
                    continue
                if any(g.Intersection(r.g).GetArea() > 6000 for r in rivers if r.near_env(g.GetEnvelope())):
                    continue
                roads.append(Shape(g))
                got.append("%s road %.0f m%s" % (kind, width, " through the cluster" if through else ""))
                break
        # -- canal
        if rng.random() < 0.75:
            width = rng.uniform(6, 10)
            for attempt in range(300):
                a = rng.uniform(0, math.pi)
                ux, uy = math.cos(a), math.sin(a)
                off = rng.uniform(-0.45, 0.45) * side
                px, py = cx - uy * off, cy + ux * off
                L = side * 1.5
                pts = [(px - ux * L / 2, py - uy * L / 2), (px + ux * L / 2, py + uy * L / 2)]
                g = strip(rnd(pts), width)
                if not (g.IsValid() and clear_of(g, cl_shapes, 25.0) and clear_of(g, pk_shapes, 25.0)):
                    continue
                if any(g.Intersection(r.g).GetArea() > 3000 for r in rivers if r.near_env(g.GetEnvelope())):
                    continue
                canals.append(Shape(g))
                got.append("canal %.0f m" % width)
                break
        notes[w["code"]] = got
    return rivers, roads, canals, notes


def assign_base(lat, wins, haloi, bld_cells):
    """Base land-use class of every cell (what is there outside clusters,
    parks, rivers, roads and canals)."""
    villages_all = []
    for wi, w in enumerate(wins):
        rng = random.Random(SEED + "land/" + w["code"])
        x0, x1, y0, y1 = w["env"]
        res = "ODT" if w["urban"] else "ONT"
        nvill = rng.randint(4, 7)
        vill = []
        tries = 0
        while len(vill) < nvill and tries < 200:
            tries += 1
            vx, vy = rng.uniform(x0 + 100, x1 - 100), rng.uniform(y0 + 100, y1 - 100)
            r = rng.uniform(110, 260)
            if haloi is not None and haloi.g.Distance(_pt(vx, vy)) < r + 60:
                continue      # the real houses speak for Hạ Lôi
            if w["cluster"]["shape"].contains(vx, vy):
                continue
            if any(math.hypot(vx - v[0], vy - v[1]) < r + v[2] + 80 for v in vill):
                continue
            vill.append((vx, vy, r, blob(rng, vx, vy, r), res))
        w["villages"] = vill
        villages_all.extend(vill)
        # spots: ponds, cemeteries, workshops, unused land, LUK patches
        spots = []
        for cls, k, rr in (("NTS", rng.randint(2, 5), (60, 130)), ("NTD", rng.randint(1, 3), (35, 60)),
                           ("SKC", rng.randint(1, 3), (40, 80)), ("BCS", rng.randint(1, 3), (35, 70)),
                           ("LUK", rng.randint(2, 4), (150, 320))):
            for _ in range(k):
                if cls == "NTS" and vill:
                    v = vill[int(rng.random() * len(vill))]
                    a = rng.uniform(0, 2 * math.pi)
                    sx, sy = v[0] + (v[2] + 70) * math.cos(a), v[1] + (v[2] + 70) * math.sin(a)
                else:
                    sx, sy = rng.uniform(x0, x1), rng.uniform(y0, y1)
                spots.append((cls, blob(rng, sx, sy, rng.uniform(*rr), 0.3)))
        w["spots"] = spots
        w["fac_rng"] = random.Random(SEED + "facilities/" + w["code"])
    # villages of every window that reach into this one (windows overlap)
    for w in wins:
        x0, x1, y0, y1 = w["env"]
        w["near_villages"] = [v for v in villages_all
                              if x0 - 400 < v[0] < x1 + 400 and y0 - 400 < v[1] < y1 + 400]
    # classify cells in lattice order
    for (i, j) in sorted(lat.owner):
        w = wins[lat.owner[(i, j)]]
        x, y = lat.centre(i, j)
        cls = None
        res = "ODT" if w["urban"] else "ONT"
        in_haloi = haloi is not None and haloi.contains(x, y)
        if (i, j) in bld_cells:
            cls = res if not in_haloi else "ONT"
        elif not in_haloi:
            for v in w["near_villages"]:
                if abs(v[0] - x) < v[2] * 1.5 and abs(v[1] - y) < v[2] * 1.5 and v[3].contains(x, y):
                    cls = v[4]
                    break
        if cls is None:
            for sc, s in w["spots"]:
                if s.contains(x, y):
                    cls = sc
                    break
        if cls is None:
            near_v = any(math.hypot(v[0] - x, v[1] - y) < v[2] * 1.25 + 90 for v in w["villages"])
            u = h01(i, j, 7)
            if w["mountain"]:
                cls = "CLN" if u < 0.35 else ("HNK" if u < 0.6 else "LUC")
            elif near_v:
                cls = "HNK" if u < 0.45 else ("CLN" if u < 0.75 else "LUC")
            else:
                cls = "LUC" if u < 0.93 else "HNK"
        lat.base[(i, j)] = cls
    # public buildings in the villages: a pagoda in each, schools, a clinic
    for w in wins:
        rng = w["fac_rng"]
        for k, v in enumerate(w["villages"]):
            c = lat.cell_of(v[0], v[1])
            if c is None or lat.base.get(c) not in RESIDENTIAL:
                continue
            lat.base[c] = "TON"
            for cls, p in (("DGD", 0.6), ("DYT", 0.35 if k else 1.0)):
                if rng.random() < p:
                    a = rng.uniform(0, 2 * math.pi)
                    d = v[2] * 0.5
                    c2 = lat.cell_of(v[0] + d * math.cos(a), v[1] + d * math.sin(a))
                    if c2 and lat.base.get(c2) in RESIDENTIAL:
                        lat.base[c2] = cls


def _pt(x, y):
    p = ogr.Geometry(ogr.wkbPoint)
    p.AddPoint_2D(x, y)
    return p


def building_cells(lat, blds):
    """Cells holding real houses: >= 2 buildings or >= 120 m2 of roof."""
    cnt, area = {}, {}
    for x, y, a in blds:
        c = lat.cell_of(x, y)
        if c is None:
            continue
        cnt[c] = cnt.get(c, 0) + 1
        area[c] = area.get(c, 0.0) + a
    return {c for c in cnt if cnt[c] >= 2 or area[c] >= 120.0}


def pocket_shapes(clusters):
    out = {}
    for c in clusters:
        if c["code"] not in POCKETS:
            continue
        ring = c["geom_src"].GetGeometryRef(0)
        verts = [ring.GetPoint_2D(k) for k in range(ring.GetPointCount() - 1)]
        ce = c["geom"].Centroid()
        lst = []
        rng = random.Random(SEED + "pockets/" + c["code"])
        for cls, r, vi in POCKETS[c["code"]]:
            vx, vy = verts[vi % len(verts)]
            px, py = vx + 0.3 * (ce.GetX() - vx), vy + 0.3 * (ce.GetY() - vy)
            lst.append((cls, blob(rng, px, py, r, 0.2)))
        out[c["code"]] = lst
    return out


# ---- proposals --------------------------------------------------------------


def cells_near(lat, g, d):
    """Covered cells whose polygon is within d of g, with that distance."""
    out = []
    for c in lat.cells_in_env(g.GetEnvelope(), d + max(CX, CY)):
        if c not in lat.owner:
            continue
        dist = lat.cell_geom(*c).Distance(g)
        if dist <= d:
            out.append((c, dist))
    return out


def covered(lat, g, pad):
    e = g.GetEnvelope()
    i0, i1 = int(math.floor((e[0] - pad) / CX)), int(math.floor((e[1] + pad) / CX))
    j0, j1 = int(math.floor((e[2] - pad) / CY)), int(math.floor((e[3] + pad) / CY))
    return all((i, j) in lat.owner for i in range(i0, i1 + 1) for j in range(j0, j1 + 1))


def hazard_m(h):
    return {"I": 1000.0, "II": 500.0, "III": 300.0, "IV": 100.0, "V": 50.0}[h]


def proposal_cost(lat, p, g):
    """How many cells must change for the proposal to show what it is
    meant to (lower is better); None if it cannot work here."""
    kind = p["kind"]
    if kind == "near":
        near = cells_near(lat, g, 300.0)
        bad = sum(1 for c, d in near if d <= 95.0 and lat.base[c] in RESIDENTIAL + SENSITIVE)
        ok = sum(1 for c, d in near if 110.0 <= d <= 270.0 and lat.base[c] in RESIDENTIAL)
        luc = sum(1 for c, d in near if d == 0.0 and lat.base[c] in ("LUC", "LUK"))
        return bad * 2 + luc + (0 if ok >= 3 else 20)
    if kind == "ont":
        inside = [c for c, d in cells_near(lat, g, 0.0)
                  if g.Contains(_pt(*lat.centre(*c)))]
        n = sum(1 for c in inside if lat.base[c] in RESIDENTIAL)
        return 0 if 3 <= n <= 10 else abs(n - 6) + 5
    clear = hazard_m(p["hazard"]) + 10.0
    near = cells_near(lat, g, clear)
    bad = sum(1 for c, d in near if lat.base[c] in RESIDENTIAL + SENSITIVE)
    if kind == "luc":
        notluc = sum(1 for c, d in near if d == 0.0 and lat.base[c] not in ("LUC",))
        return bad * 3 + notluc
    luc = sum(1 for c, d in near if d == 0.0 and lat.base[c] in ("LUC", "LUK"))
    return bad * 3 + luc


def place_proposals(lat, wins, clusters, parks, rivers, districts):
    byc = {c["code"]: c for c in clusters}
    wi_of = {w["code"]: k for k, w in enumerate(wins)}
    cl_shapes = [c["shape"] for c in clusters]
    pk_shapes = [s["shape"] for s in parks]
    placed = []
    for p in PROPOSED:
        rng = random.Random(SEED + "proposal/" + p["ma"])
        w = wins[wi_of[p["window"]]]
        dist = districts[p["huyen"]]
        area = p["ha"] * 1e4
        cands = []
        if p["kind"] == "expand":
            tgt = byc[p["target"]]
            ring = [tgt["geom_src"].GetGeometryRef(0).GetPoint_2D(k)
                    for k in range(tgt["geom_src"].GetGeometryRef(0).GetPointCount())]
            ccw = shoelace(ring) > 0
            edges = sorted(range(len(ring) - 1),
                           key=lambda k: -math.hypot(ring[k + 1][0] - ring[k][0], ring[k + 1][1] - ring[k][1]))
            for k in edges:
                (ax, ay), (bx, by) = ring[k], ring[k + 1]
                L = math.hypot(bx - ax, by - ay)
                # outward normal
                nx, ny = (by - ay) / L, -(bx - ax) / L
                if not ccw:
                    nx, ny = -nx, -ny
                ex, ey = (bx - ax) / L, (by - ay) / L
                for flare in (0.5, 0.3, 0.1):
                    for skew in (0.0, 0.15, -0.15):
                        # a trapezoid on the edge, the far side longer by
                        # 2 * flare * L and shifted by skew * depth
                        def ring_at(d):
                            fa = (ax - ex * flare * L + (nx + ex * skew) * d,
                                  ay - ey * flare * L + (ny + ey * skew) * d)
                            fb = (bx + ex * flare * L + (nx + ex * skew) * d,
                                  by + ey * flare * L + (ny + ey * skew) * d)
                            mid = ((fa[0] + fb[0]) / 2 + nx * d * 0.08,
                                   (fa[1] + fb[1]) / 2 + ny * d * 0.08)
                            return [fa, mid, fb]
                        d = area / (L * (1 + flare))
                        a0 = abs(shoelace(close([(ax, ay)] + ring_at(d) + [(bx, by)])))
                        # the area is linear in the depth: rescale it
                        pts = [(ax, ay)] + rnd(ring_at(d * area / a0)) + [(bx, by)]
                        if shoelace(close(pts)) < 0:
                            pts.reverse()
                        cands.append(polygon(close(pts)))
        else:
            shape = base_shape(rng, p.get("shape", "convex"), area)
            cc = w["cluster"]["geom"].Centroid()
            ax, ay = cc.GetX(), cc.GetY()
            if p["kind"] == "overlap":
                tgt = byc[p["target"]]
                for turn in range(36):
                    a = 2 * math.pi * turn / 36 + rng.uniform(0, 0.1)
                    for t in range(0, 2500, 5):
                        x, y = ax + t * math.cos(a), ay + t * math.sin(a)
                        g = polygon(close(rnd([(x + u, y + v) for u, v in shape])))
                        ov = g.Intersection(tgt["geom"]).GetArea() / 1e4
                        if ov <= 3.5:
                            break
                    if 2.5 <= ov <= 3.5:
                        cands.append(g)
            else:
                r0, a0 = p["at"]
                a0 = math.radians(a0)
                sx, sy = ax + r0 * math.cos(a0), ay + r0 * math.sin(a0)
                for k in range(0, 16):
                    n = max(1, 8 * k)
                    for m in range(n):
                        t = 2 * math.pi * m / n
                        x, y = sx + 60.0 * k * math.cos(t), sy + 60.0 * k * math.sin(t)
                        cands.append(polygon(close(rnd([(x + u, y + v) for u, v in shape]))))
        best = None
        for g in cands:
            if not g.IsValid() or not g.Within(dist):
                continue
            if not covered(lat, g, 320.0 if p["kind"] == "near" else hazard_m(p["hazard"]) + 90):
                continue
            skip = ()
            if p["kind"] in ("overlap", "expand"):
                skip = (byc[p["target"]]["shape"],)
            if not clear_of(g, cl_shapes, 40.0, skip) or not clear_of(g, pk_shapes, 40.0):
                continue
            if not clear_of(g, rivers, 25.0):
                continue
            if any(g.Distance(q["geom"]) < 150.0 for q in placed):
                continue
            if p["kind"] == "overlap":
                others = [s for s in cl_shapes if s is not skip[0]]
                if not clear_of(g, others, 40.0):
                    continue
            cost = proposal_cost(lat, p, g)
            if best is None or cost < best[0]:
                best = (cost, g)
                if cost == 0:
                    break
        if best is None:
            raise SystemExit("cannot place proposal " + p["ma"])
        p["geom"] = best[1]
        p["cost"] = best[0]
        placed.append(p)
    return PROPOSED


def enforce(lat, props):
    """Change the base class of the cells under and around each proposal so
    that it shows what it is meant to. Returns the changes per proposal."""
    changes = {}
    for p in props:
        g, kind = p["geom"], p["kind"]
        rng = random.Random(SEED + "enforce/" + p["ma"])
        n = 0

        def setc(c, cls):
            nonlocal n
            if lat.base[c] != cls:
                lat.base[c] = cls
                n += 1

        if kind == "near":
            near = cells_near(lat, g, 300.0)
            for c, d in near:
                if d <= 95.0 and lat.base[c] in RESIDENTIAL + SENSITIVE:
                    setc(c, "HNK")
                if d == 0.0 and lat.base[c] in ("LUC", "LUK"):
                    setc(c, "HNK" if rng.random() < 0.6 else "CLN")
            if sum(1 for c, d in near if 110.0 <= d <= 270.0 and lat.base[c] in RESIDENTIAL) < 3:
                ring = sorted((c for c, d in near if 130.0 <= d <= 220.0), key=lambda c: c)
                start = ring[int(rng.random() * len(ring))]
                for c in [start] + [(start[0] + di, start[1] + dj) for di, dj in ((1, 0), (0, 1), (1, 1))]:
                    if c in lat.owner and g.Distance(lat.cell_geom(*c)) >= 110.0:
                        setc(c, "ONT")
        elif kind == "ont":
            inside = [c for c, d in cells_near(lat, g, 0.0) if g.Contains(_pt(*lat.centre(*c)))]
            if sum(1 for c in inside if lat.base[c] in RESIDENTIAL) < 3:
                inside.sort()
                for c in inside[:4]:
                    setc(c, "ONT")
            # no rice land under it: the housing is the only problem
            for c, d in cells_near(lat, g, 0.0):
                if lat.base[c] in ("LUC", "LUK"):
                    setc(c, "HNK" if rng.random() < 0.6 else "CLN")
        else:
            clear = hazard_m(p["hazard"]) + 10.0
            for c, d in cells_near(lat, g, clear):
                if lat.base[c] in RESIDENTIAL + SENSITIVE:
                    setc(c, "HNK" if rng.random() < 0.7 else "CLN")
                if d == 0.0:
                    if kind == "luc":
                        if lat.base[c] not in ("LUC",):
                            setc(c, "LUC")
                    elif lat.base[c] in ("LUC", "LUK"):
                        u = rng.random()
                        setc(c, "HNK" if u < 0.55 else ("CLN" if u < 0.85 else "BCS"))
        changes[p["ma"]] = n
    return changes


# ---- linework, faces, parcels ------------------------------------------------


def build_faces(lat, clusters, parks, rivers, roads, canals, pockets, haloi_cells):
    """Polygonize the lattice and the outlines; class every face."""
    lines = ogr.Geometry(ogr.wkbMultiLineString)
    seen = set()
    for (i, j) in sorted(lat.owner):
        keys = [((i, j), (i + 1, j)), ((i + 1, j), (i + 1, j + 1)),
                ((i, j + 1), (i + 1, j + 1)), ((i, j), (i, j + 1))]
        for a, b in keys:
            if (a, b) in seen:
                continue
            seen.add((a, b))
            ln = ogr.Geometry(ogr.wkbLineString)
            pa, pb = lat.node(*a), lat.node(*b)
            ln.AddPoint_2D(*pa)
            ln.AddPoint_2D(*pb)
            lines.AddGeometry(ln)
    # outlines that reach into the windows (others cannot make faces there)
    def near_cov(sh):
        return any(c in lat.owner for c in lat.cells_in_env(sh.env, 0))

    outline_shapes = [c["shape"] for c in clusters] + [p["shape"] for p in parks] + rivers + roads + canals
    for s in outline_shapes:
        if not near_cov(s):
            continue
        for poly in polygons_of(s.g):
            for k in range(poly.GetGeometryCount()):
                r = poly.GetGeometryRef(k)
                ln = ogr.Geometry(ogr.wkbLineString)
                for m in range(r.GetPointCount()):
                    ln.AddPoint_2D(*r.GetPoint_2D(m))
                lines.AddGeometry(ln)
    noded = lines.Union(_pt(*lat.node(*sorted(lat.owner)[0])))
    faces_gc = noded.Polygonize()
    faces = []
    for k in range(faces_gc.GetGeometryCount()):
        f = faces_gc.GetGeometryRef(k).Clone()
        a = f.GetArea()
        if a <= 0:
            continue
        ps = f.PointOnSurface()
        x, y = ps.GetX(), ps.GetY()
        cell = lat.cell_of(x, y)
        if cell is None:
            continue
        faces.append(dict(g=f, area=a, cell=cell, x=x, y=y))
    # class and zone of each face
    for f in faces:
        x, y, cell = f["x"], f["y"], f["cell"]
        cls, zone = None, ("", "")
        for s in roads:
            if s.contains(x, y):
                cls = "DGT"
                break
        if cls is None:
            for s in canals:
                if s.contains(x, y):
                    cls = "DTL"
                    break
        if cls is None:
            for s in rivers:
                if s.contains(x, y):
                    cls = "SON"
                    break
        for c in clusters:
            if c["shape"].contains(x, y):
                zone = ("CCN", c["code"])
                if cls is None:
                    cls = "SKN"
                    cx, cy = lat.centre(*cell)
                    for pc, ps in pockets.get(c["code"], []):
                        if ps.contains(cx, cy):
                            cls = pc
                    if c["code"] == "CCN-ML-01" and cell in haloi_cells:
                        cls = "ONT"
                break
        if zone == ("", ""):
            for p in parks:
                if p["shape"].contains(x, y):
                    zone = ("KCN", p["code"])
                    if cls is None:
                        cls = "SKK"
                    break
        if cls is None:
            cls = lat.base[cell]
        f["cls"], f["zone"] = cls, zone
    faces.sort(key=lambda f: (f["cell"], round(f["x"], 3), round(f["y"], 3)))
    # tiny faces join the neighbouring face of the same zone (outside, or
    # the same cluster or park) with the longest shared boundary, in their
    # cell first, else in the cells around; they take its class
    bycell = {}
    for f in faces:
        bycell.setdefault(f["cell"], []).append(f)
    merged = 0
    tiny = sorted((f for f in faces if f["area"] < TINY_M2),
                  key=lambda f: (f["area"], f["cell"], f["x"], f["y"]))
    for f in tiny:
        if f.get("gone"):
            continue
        i, j = f["cell"]
        best, bl = None, 0.0
        for ring in ([(i, j)], [(i + di, j + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1) if di or dj]):
            for c in ring:
                for o in bycell.get(c, ()):
                    if o is f or o["zone"] != f["zone"]:
                        continue
                    L = shared_length(f["g"], o["g"])
                    if L > bl:
                        best, bl = o, L
            if best is not None:
                break
        if best is None:
            continue
        best["g"] = best["g"].Union(f["g"])
        best["area"] = best["g"].GetArea()
        bycell[f["cell"]].remove(f)
        f["gone"] = True
        merged += 1
    faces = [f for cell in sorted(bycell) for f in bycell[cell]]
    return faces, merged


def group_parcels(lat, faces, wins, singleton_cells=()):
    """Merge faces of the same class and zone into parcels of 0.2-2 ha."""
    bycell = {}
    for k, f in enumerate(faces):
        f["id"] = k
        bycell.setdefault(f["cell"], []).append(k)

    def neighbours(k):
        f = faces[k]
        i, j = f["cell"]
        out = []
        for c in ((i, j), (i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            for m in bycell.get(c, ()):
                if m != k and faces[m]["cls"] == f["cls"] and faces[m]["zone"] == f["zone"]:
                    out.append(m)
        return out

    rng = random.Random(SEED + "parcels")
    group = [-1] * len(faces)
    groups = []
    order = list(range(len(faces)))
    for k in order:
        if group[k] >= 0:
            continue
        f = faces[k]
        cls = f["cls"]
        if f["cell"] in singleton_cells and f["zone"][0] == "CCN":
            gid = len(groups)
            groups.append([k])
            group[k] = gid
            continue
        if cls in RESIDENTIAL:
            target = rng.uniform(0.3, 1.4) * 1e4
        elif cls in SENSITIVE + ("NTD", "SKC", "BCS"):
            target = rng.uniform(0.2, 0.9) * 1e4
        elif cls in ("DGT", "DTL"):
            target = rng.uniform(0.4, 1.5) * 1e4
        elif cls in ("HNK", "CLN"):
            target = rng.uniform(0.6, 2.0) * 1e4
        else:
            target = rng.uniform(1.0, 2.0) * 1e4
        gid = len(groups)
        members = [k]
        group[k] = gid
        total = f["area"]
        frontier = neighbours(k)
        while frontier:
            rng.shuffle(frontier)
            m = frontier.pop()
            if group[m] >= 0 or faces[m]["cell"] in singleton_cells:
                continue
            if total + faces[m]["area"] > target and total >= MIN_HA * 1e4:
                continue
            if total + faces[m]["area"] > MAX_HA * 1e4:
                continue
            group[m] = gid
            members.append(m)
            total += faces[m]["area"]
            frontier.extend(n for n in neighbours(m) if group[n] < 0)
        groups.append(members)
    # small groups join a neighbouring group of the same class and zone:
    # slivers under 0.2 ha always (up to 2.3 ha together), and farm land,
    # water and industry under 0.75 ha when the two stay within 2 ha
    area = [sum(faces[m]["area"] for m in g) for g in groups]
    for gid in range(len(groups)):
        if not groups[gid]:
            continue
        cls = faces[groups[gid][0]]["cls"]
        big = cls not in RESIDENTIAL + SENSITIVE + ("NTD", "SKC", "BCS", "DGT", "DTL")
        if area[gid] >= MIN_HA * 1e4 and not (big and area[gid] < 0.75e4):
            continue
        limit = 2.3e4 if area[gid] < MIN_HA * 1e4 else MAX_HA * 1e4
        if faces[groups[gid][0]]["cell"] in singleton_cells:
            continue
        cand = sorted({group[n] for m in groups[gid] for n in neighbours(m)} - {gid})
        cand = [c for c in cand if groups[c] and area[c] + area[gid] <= limit
                and faces[groups[c][0]]["cell"] not in singleton_cells]
        if not cand:
            continue
        tgt = min(cand, key=lambda c: area[c])
        for m in groups[gid]:
            group[m] = tgt
        groups[tgt].extend(groups[gid])
        area[tgt] += area[gid]
        groups[gid] = []
        area[gid] = 0.0
    parcels = []
    for gid, members in enumerate(groups):
        if not members:
            continue
        members.sort()
        mp = ogr.Geometry(ogr.wkbMultiPolygon)
        for m in members:
            for poly in polygons_of(faces[m]["g"]):
                mp.AddGeometry(poly)
        u = mp.UnionCascaded() if len(members) > 1 else faces[members[0]]["g"].Clone()
        f0 = faces[members[0]]
        cells = sorted({faces[m]["cell"] for m in members})
        for poly in polygons_of(u):
            if poly.GetArea() < 1.0:
                raise SystemExit("degenerate parcel part (%.3f m2, %s) in cell %s"
                                 % (poly.GetArea(), f0["cls"], cells[0]))
            c = poly.PointOnSurface()
            cell = lat.cell_of(c.GetX(), c.GetY()) or cells[0]
            parcels.append(dict(g=poly, cls=f0["cls"], zone=f0["zone"], cells=cells,
                                window=wins[lat.owner[cell]]["code"], wi=lat.owner[cell]))
    return parcels


# ---- 2025 ---------------------------------------------------------------------


def growth_2025(parcels, wins, clusters, props):
    """Turn some farm parcels next to villages or near clusters into housing."""
    cell_parcels = {}
    for k, p in enumerate(parcels):
        for c in p["cells"]:
            cell_parcels.setdefault(c, []).append(k)
    blocked = ogr.Geometry(ogr.wkbMultiPolygon)
    for p in props:
        d = 1010.0 if p.get("quiet") else (320.0 if p["kind"] == "near" else hazard_m(p["hazard"]) + 20.0)
        for poly in polygons_of(p["geom"].Buffer(d, 4)):
            blocked.AddGeometry(poly)
    blocked = blocked.UnionCascaded()
    bl_env = blocked.GetEnvelope()
    cl_near = [(c["shape"], c["geom"].Buffer(300.0, 4)) for c in clusters]
    conv = {}
    stats = {}
    for wi, w in enumerate(wins):
        rng = random.Random(SEED + "growth/" + w["code"])
        mine = [k for k, p in enumerate(parcels) if p["wi"] == wi]
        cands = []
        for k in mine:
            p = parcels[k]
            if p["cls"] not in AGRI or p["zone"][0]:
                continue
            e = p["g"].GetEnvelope()
            if not (e[1] < bl_env[0] or e[0] > bl_env[1] or e[3] < bl_env[2] or e[2] > bl_env[3]) \
                    and p["g"].Intersects(blocked):
                continue
            touch = False
            for (i, j) in p["cells"]:
                for c in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1), (i, j)):
                    for m in cell_parcels.get(c, ()):
                        if m != k and parcels[m]["cls"] in RESIDENTIAL and \
                                parcels[m]["g"].Touches(p["g"]):
                            touch = True
                            break
                    if touch:
                        break
                if touch:
                    break
            near_cl = any(s.near_env(e, 300) and p["g"].Intersects(b) for s, b in cl_near)
            if touch or near_cl:
                cands.append((k, touch, near_cl))
        target = int(round(len(mine) * rng.uniform(*GROWTH)))
        rng.shuffle(cands)
        cands.sort(key=lambda t: 0 if t[1] else 1)   # next to a village first
        chosen = [k for k, _, _ in cands[:target]]
        for k in chosen:
            conv[k] = "ODT" if w["urban"] else "ONT"
        stats[w["code"]] = (len(mine), len(chosen), len(cands))
    return conv, stats


def pick_defects(parcels, clusters):
    byc = {c["code"]: c for c in clusters}
    # XYZ: the largest SKN parcel inside the cluster
    xyz = max((k for k, p in enumerate(parcels) if p["zone"] == ("CCN", DEFECT_XYZ_IN) and p["cls"] == "SKN"),
              key=lambda k: (parcels[k]["g"].GetArea(), -k))
    # bow-tie: the single-cell SKN parcel made for it
    bow = [k for k, p in enumerate(parcels) if p["zone"] == ("CCN", DEFECT_BOWTIE_IN)
           and len(p["cells"]) == 1 and p["cells"][0] == byc[DEFECT_BOWTIE_IN]["bow_cell"]]
    assert len(bow) == 1, bow
    bow = bow[0]
    # overlap: an ONT parcel inside the cluster and a neighbouring SKN parcel
    ont = [k for k, p in enumerate(parcels) if p["zone"] == ("CCN", DEFECT_OVERLAP_IN) and p["cls"] == "ONT"]
    pair = None
    for a in ont:
        for b, q in enumerate(parcels):
            if q["zone"] == ("CCN", DEFECT_OVERLAP_IN) and q["cls"] == "SKN" and q["g"].Touches(parcels[a]["g"]):
                shared = shared_length(parcels[a]["g"], q["g"])
                if shared > 40 and (pair is None or shared > pair[2]):
                    pair = (a, b, shared)
    assert pair, "no ONT/SKN pair for the overlap defect"
    return xyz, bow, pair[:2]


def bowtie_ring(poly):
    r = poly.GetGeometryRef(0)
    pts = [r.GetPoint_2D(k) for k in range(r.GetPointCount() - 1)]
    assert len(pts) == 4, pts
    a, b, c, d = pts
    ring = [a, b, d, c, a]     # edges b-d and c-a cross
    # lobes: triangles a-b-X and d-c-X, X = crossing of b-d and c-a
    (x1, y1), (x2, y2), (x3, y3), (x4, y4) = b, d, c, a
    den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
    t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den
    X = (x1 + t * (x2 - x1), y1 + t * (y2 - y1))
    lob1 = abs(shoelace([a, b, X, a]))
    lob2 = abs(shoelace([d, c, X, d]))
    return polygon(ring), lob1 + lob2, shoelace(ring), X


# --------------------------------------------------------------------------
# write
# --------------------------------------------------------------------------


LU_FIELDS = [("ma_ldat", ogr.OFTString, 10, 0), ("cua_so", ogr.OFTString, 12, 0),
             ("dien_tich", ogr.OFTReal, 10, 4)]
PR_FIELDS = [("ma", ogr.OFTString, 8, 0), ("ten", ogr.OFTString, 100, 0),
             ("huyen", ogr.OFTString, 40, 0), ("lang_nghe", ogr.OFTInteger, 1, 0),
             ("mien_nui", ogr.OFTInteger, 1, 0), ("hazard_class", ogr.OFTString, 3, 0),
             ("mo_rong", ogr.OFTString, 12, 0)]


def write_gpkg(path, layer, fields, rows):
    drv = ogr.GetDriverByName("GPKG")
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path)
    lyr = ds.CreateLayer(layer, SRS_VN, ogr.wkbPolygon, options=["FID=fid", "GEOMETRY_NAME=geom"])
    for name, t, wdt, prec in fields:
        fd = ogr.FieldDefn(name, t)
        fd.SetWidth(wdt)
        fd.SetPrecision(prec)
        lyr.CreateField(fd)
    lyr.StartTransaction()
    defn = lyr.GetLayerDefn()
    for values, g in rows:
        f = ogr.Feature(defn)
        for k, v in values.items():
            f.SetField(k, v)
        f.SetGeometryDirectly(g.Clone())
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------


def main():
    clusters = read_layer(CLUSTERS_REL, "ma_ccn", ["ten_ccn", "huyen", "trang_thai", "dien_tich",
                                                   "lang_nghe", "mien_nui"])
    parks = read_layer(PARKS_REL, "ma_kcn", ["ten_kcn", "huyen"])
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    for c in clusters + parks:
        c["geom"] = valid_polygonal(c["geom_src"])
        c["shape"] = Shape(c["geom"])
    gdal.PopErrorHandler()
    districts = load_districts()

    lat = Lattice()
    wins = make_windows(clusters, lat)
    log("%d windows, %d cells" % (len(wins), len(lat.owner)))

    # the real houses around Hạ Lôi and in Long Biên
    ds = ogr.Open(os.path.join(ROOT, BND_HALOI_REL))
    lyr = ds.GetLayer(0)
    ct = osr.CoordinateTransformation(lyr.GetSpatialRef(), SRS_VN)
    feat = lyr.GetNextFeature()
    hb = feat.GetGeometryRef().Clone()
    feat = None
    hb.Transform(ct)
    ds = None
    haloi = Shape(hb)
    b_ml = load_buildings(BLD_HALOI_REL)
    b_lb = load_buildings(BLD_LB_REL)
    bld_cells = building_cells(lat, b_ml + b_lb)
    byc = {c["code"]: c for c in clusters}
    haloi_cells = {c for c in building_cells(lat, b_ml)}

    rivers, roads, canals, fnotes = make_features(wins, clusters, parks)
    assign_base(lat, wins, haloi, bld_cells)
    props = place_proposals(lat, wins, clusters, parks, rivers, districts)
    forced = enforce(lat, props)
    pockets = pocket_shapes(clusters)

    # a cell well inside the bow-tie cluster, kept as a one-cell parcel
    tgt = byc[DEFECT_BOWTIE_IN]
    ce = tgt["geom"].Centroid()
    cands = []
    for c in lat.cells_in_env(tgt["geom"].GetEnvelope()):
        if c in lat.owner and tgt["geom"].Contains(lat.cell_geom(*c).Buffer(5.0, 1)) and \
                all(not s.g.Intersects(lat.cell_geom(*c)) for s in roads + canals):
            x, y = lat.centre(*c)
            cands.append((math.hypot(x - ce.GetX(), y - ce.GetY()), c))
    tgt["bow_cell"] = min(cands)[1]

    faces, tiny = build_faces(lat, clusters, parks, rivers, roads, canals, pockets, haloi_cells)
    log("%d faces (%d tiny ones merged)" % (len(faces), tiny))
    parcels = group_parcels(lat, faces, wins, singleton_cells={tgt["bow_cell"]})
    log("%d parcels" % len(parcels))

    conv, gstats = growth_2025(parcels, wins, clusters, props)
    xyz, bow, (ov_a, ov_b) = pick_defects(parcels, clusters)

    rows20, rows25 = [], []
    defects = {}
    for k, p in enumerate(parcels):
        a_ha = round(p["g"].GetArea() / 1e4, 4)
        rows20.append(({"ma_ldat": p["cls"], "cua_so": p["window"], "dien_tich": a_ha}, p["g"]))
        cls25, g25 = conv.get(k, p["cls"]), p["g"]
        if k == xyz:
            cls25 = "XYZ"
        if k == bow:
            g25, lobes, net, X = bowtie_ring(p["g"])
            defects["bowtie"] = (k + 1, lobes, net, X, p["g"].GetArea())
        if k == ov_a:
            q = parcels[ov_b]["g"]
            extra = q.Intersection(p["g"].Buffer(8.0, 1))
            g25 = p["g"].Union(extra)
            g25 = polygons_of(g25)
            assert len(g25) == 1
            g25 = g25[0]
            defects["overlap"] = (k + 1, ov_b + 1, g25.Intersection(q).GetArea(), p["cls"],
                                  parcels[ov_b]["cls"])
        rows25.append(({"ma_ldat": cls25, "cua_so": p["window"],
                        "dien_tich": round(g25.GetArea() / 1e4, 4) if k != bow else a_ha}, g25))
    defects["xyz"] = (xyz + 1, parcels[xyz]["cls"], parcels[xyz]["g"].GetArea())

    prows = []
    for p in props:
        prows.append(({"ma": p["ma"], "ten": p["ten"], "huyen": p["huyen"],
                       "lang_nghe": p.get("lang_nghe", 0), "mien_nui": 0,
                       "hazard_class": p["hazard"], "mo_rong": p.get("target", "") if p["kind"] == "expand" else ""},
                      p["geom"]))

    if not os.path.isdir(OUT):
        os.makedirs(OUT)
    paths = [os.path.join(OUT, n) for n in (LU_2020, LU_2025, PROPOSALS)]
    write_gpkg(paths[0], "landuse", LU_FIELDS, rows20)
    write_gpkg(paths[1], "landuse", LU_FIELDS, rows25)
    write_gpkg(paths[2], "proposals", PR_FIELDS, prows)

    facts = verify(paths, parcels, props, clusters, defects)
    paths[0] = zip_deterministic(paths[0])
    paths[1] = zip_deterministic(paths[1])
    write_provenance(paths, parcels, conv, gstats, props, forced, defects, facts, fnotes, wins, tiny)
    for p in paths:
        print("%s  %s  %d bytes" % (sha256(p), rel(p), os.path.getsize(p)))


def zip_deterministic(path):
    """PATH -> PATH.zip, one deflated member with a fixed date, so that two
    runs give the same bytes; PATH itself is removed. zoneguard opens a
    .zip that holds one dataset as that dataset. The two land-use maps are
    5.6 MB each as GeoPackages and 1.7 MB zipped."""
    zpath = path + ".zip"
    info = zipfile.ZipInfo(os.path.basename(path), date_time=(2025, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with open(path, "rb") as f:
        data = f.read()
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.remove(path)
    return zpath


def log(msg):
    sys.stderr.write("make_demo_landuse: %s\n" % msg)


# --------------------------------------------------------------------------
# checks on what was written (read back with OGR)
# --------------------------------------------------------------------------


def read_back(path):
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    s = lyr.GetSpatialRef()
    s.AutoIdentifyEPSG()
    rows = []
    for f in lyr:
        rows.append((f.GetFID(), f.items(), f.GetGeometryRef().Clone()))
    ds = None
    return s.GetAuthorityCode(None), rows


def verify(paths, parcels, props, clusters, defects):
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        return _verify(paths, parcels, props, clusters, defects)
    finally:
        gdal.PopErrorHandler()


def _verify(paths, parcels, props, clusters, defects):
    facts = {}
    e20, r20 = read_back(paths[0])
    e25, r25 = read_back(paths[1])
    e_p, rp = read_back(paths[2])
    assert e20 == e25 == e_p == "5897", (e20, e25, e_p)
    assert len(r20) == len(r25) == len(parcels)
    inv20 = [fid for fid, _, g in r20 if not g.IsValid()]
    inv25 = [fid for fid, _, g in r25 if not g.IsValid()]
    assert inv20 == [], inv20
    assert inv25 == [defects["bowtie"][0]], inv25
    codes20 = sorted({v["ma_ldat"] for _, v, _ in r20})
    codes25 = sorted({v["ma_ldat"] for _, v, _ in r25})
    assert "XYZ" not in codes20 and [v["ma_ldat"] for _, v, _ in r25].count("XYZ") == 1
    facts["codes20"], facts["codes25"] = codes20, codes25
    # area per code (ha), and the coverage: the parcels tile the windows
    area20, area25 = {}, {}
    for _, v, g in r20:
        area20[v["ma_ldat"]] = area20.get(v["ma_ldat"], 0.0) + g.GetArea()
    for _, v, g in r25:
        if g.IsValid():
            area25[v["ma_ldat"]] = area25.get(v["ma_ldat"], 0.0) + g.GetArea()
    facts["area20"], facts["area25"] = area20, area25
    sizes = sorted(g.GetArea() for _, _, g in r20)
    facts["sizes"] = (sizes[0], sizes[len(sizes) // 2], sizes[-1],
                      sum(1 for s in sizes if s < MIN_HA * 1e4), sum(1 for s in sizes if s > MAX_HA * 1e4))
    facts["vertices"] = sum(g.GetGeometryRef(k).GetPointCount() for _, _, g in r20
                            for k in range(g.GetGeometryCount()))
    # no overlap in 2020 (sum of areas = area of the union, per window block)
    tot = sum(g.GetArea() for _, _, g in r20)
    mp = ogr.Geometry(ogr.wkbMultiPolygon)
    for _, _, g in r20:
        mp.AddGeometry(g)
    un = mp.UnionCascaded().GetArea()
    facts["tiling"] = (tot, un)
    assert abs(tot - un) < 1.0, (tot, un)
    # proposals: what lies under and around them, in 2020 and 2025
    pr = {}
    for fid, v, g in rp:
        p = next(q for q in props if q["ma"] == v["ma"])
        d = {}
        for yr, rows in (("2020", r20), ("2025", r25)):
            ont_in = luc_in = 0.0
            nearest = None
            e = g.GetEnvelope()
            for _, pv, pg in rows:
                if pv["ma_ldat"] not in RESIDENTIAL + ("LUC",) or not pg.IsValid():
                    continue
                pe = pg.GetEnvelope()
                if pe[1] < e[0] - 1100 or pe[0] > e[1] + 1100 or pe[3] < e[2] - 1100 or pe[2] > e[3] + 1100:
                    continue
                if pv["ma_ldat"] == "LUC":
                    if pg.Intersects(g):
                        luc_in += pg.Intersection(g).GetArea()
                    continue
                dd = pg.Distance(g)
                if dd == 0:
                    ont_in += pg.Intersection(g).GetArea()
                if nearest is None or dd < nearest:
                    nearest = dd
            d[yr] = (ont_in, luc_in, nearest)
        cl_ov = sum(g.Intersection(c["geom"]).GetArea() for c in clusters if g.Intersects(c["geom"]))
        pr[v["ma"]] = dict(area=g.GetArea(), d=d, cl_ov=cl_ov,
                           touches=[c["code"] for c in clusters if g.Touches(c["geom"])])
    facts["proposals"] = pr
    # each proposal shows what it is meant to
    for p in props:
        f = pr[p["ma"]]
        o20, l20, n20 = f["d"]["2020"]
        o25, l25, n25 = f["d"]["2025"]
        if p["kind"] in ("clean", "overlap", "expand"):
            need = hazard_m(p["hazard"])
            assert o25 == 0 and l25 == 0 and (n25 is None or n25 > need), (p["ma"], f)
        if p["kind"] == "ont":
            assert o25 > 1e4 and l25 == 0, (p["ma"], f)
        if p["kind"] == "luc":
            assert l25 > 0.5 * f["area"] and o25 == 0 and n25 > 50, (p["ma"], f)
        if p["kind"] == "near":
            assert o25 == 0 and l25 == 0 and 50 < n25 < 300, (p["ma"], f)
        if p["kind"] == "overlap":
            assert 2.5e4 <= f["cl_ov"] <= 3.5e4, f
        elif p["kind"] != "expand":
            assert f["cl_ov"] == 0, (p["ma"], f)
        else:
            assert f["cl_ov"] < 1e-3 and f["touches"] == [p["target"]], f
    return facts


# --------------------------------------------------------------------------
# provenance
# --------------------------------------------------------------------------

BEGIN = "<!-- make_demo_landuse.py: begin -->"
END = "<!-- make_demo_landuse.py: end -->"


def write_provenance(paths, parcels, conv, gstats, props, forced, defects, facts, fnotes, wins, tiny):
    L = []
    w = L.append
    n = len(parcels)
    w(BEGIN)
    w("")
    w("## Land-use maps 2020 and 2025, and proposed clusters (synthetic)")
    w("")
    w("Generated by `scripts/make_demo_landuse.py` (this section too; the rest of this file is")
    w("written by `scripts/make_demo_scene.py`, which rewrites the whole file: run")
    w("`make_demo_landuse.py` after it). **Drawn, not surveyed**: no parcel, village, road or")
    w("river below comes from a survey or a real land-use map. Licence: **MIT**, like the code.")
    w("")
    w("| file | layer | CRS | features | geometry | fields | bytes |")
    w("|---|---|---|---|---|---|---|")
    for p, lay, cnt, flds in ((paths[0], "landuse", n, "`ma_ldat`, `cua_so`, `dien_tich`"),
                              (paths[1], "landuse", n, "`ma_ldat`, `cua_so`, `dien_tich`"),
                              (paths[2], "proposals", len(props),
                               "`ma`, `ten`, `huyen`, `lang_nghe`, `mien_nui`, `hazard_class`, `mo_rong`")):
        w("| `%s` | %s | EPSG:5897 | %d | Polygon | %s | %d |" % (os.path.basename(p), lay, cnt, flds,
                                                               os.path.getsize(p)))
    w("")
    w("The two land-use maps are GeoPackages zipped alone (5.6 MB each unzipped): zoneguard opens")
    w("a `.zip` holding one dataset as that dataset; other tools read them as")
    w("`/vsizip/hanoi_landuse_2020.gpkg.zip/hanoi_landuse_2020.gpkg`.")
    w("")
    w("Fields: `ma_ldat` land-use code (Circular 08/2024/TT-BTNMT codes, domain.md §2); `cua_so`")
    w("the window (the `ma_ccn` of the cluster it was drawn around; where windows overlap, the")
    w("first cluster in the Shapefile's order owns the land); `dien_tich` planar area in ha")
    w("(EPSG:5897, 4 decimals). Codes used in 2020: %s; 2025 adds `XYZ` (defect)." %
      ", ".join(facts["codes20"]))
    w("")
    w("### How the land-use maps are made")
    w("")
    w("* A window of 2.5 km × 2.5 km is centred on each of the 36 clusters (wider for a cluster")
    w("  bigger than 1.3 km: at least %.0f m of land on every side). Windows may overlap; a piece of" % MARGIN)
    w("  land is written once.")
    w("* A lattice of cells of %.0f m × %.0f m (%.2f ha) with corners jittered by up to ±%d %% covers" % (CX, CY, CX * CY / 1e4, JIT * 100))
    w("  the windows. Each cell gets a base class: villages (irregular blobs of 110–260 m radius,")
    w("  4–7 per window; `ODT` in Long Biên, Hà Đông, Sơn Tây, `ONT` elsewhere) with a pagoda (`TON`),")
    w("  often a school (`DGD`) and a clinic (`DYT`); gardens (`HNK`, `CLN`) around them; ponds")
    w("  (`NTS`), cemeteries (`NTD`), workshops (`SKC`), unused land (`BCS`) and `LUK` patches;")
    w("  specialised rice land (`LUC`) elsewhere. In Ba Vì (mountainous) `CLN`/`HNK` dominate.")
    w("* Real houses: cells holding ≥ 2 OpenStreetMap buildings (or ≥ 120 m² of roof) from")
    w("  `geodata/real/comokit-vn-buildings/` (Hạ Lôi, Long Biên) are residential; inside the Hạ Lôi")
    w("  commune boundary the villages come from those houses only. The 35 houses inside CCN-ML-01 make")
    w("  `ONT` land inside that cluster.")
    w("* Outlines: the clusters of `hanoi_clusters_vn2000.shp` (land inside: `SKN`; the bow-tie")
    w("  CCN-QO-03 and the spiked CCN-TTN-01 are used as GEOS MakeValid makes them), the parks of")
    w("  `hanoi_parks_vn2000.gpkg` (`SKK`), and drawn strips: rivers (`SON`, 60–190 m wide, in the")
    w("  windows of %s; courses invented, clear of every cluster and park by 120 m)," %
      ", ".join(sorted(RIVER_WINDOWS)))
    w("  roads (`DGT`, 8–24 m) and canals (`DTL`, 6–10 m). Roads cross the clusters %s" % ", ".join(ROAD_THROUGH))
    w("  (a `DGT` strip inside); otherwise roads and canals stay 25 m away from clusters and parks.")
    w("* Inside a few clusters, pockets of other land at the edge: %s." %
      "; ".join("%s %s" % (k, ", ".join(c for c, _, _ in v)) for k, v in sorted(POCKETS.items())))
    w("* The cell edges and all outlines are noded together (GEOS union of the linework) and")
    w("  polygonized; each face is classed by what contains a point inside it (road > canal > river")
    w("  > cluster or park > the cell's class). Faces under %.0f m² (%d of them) join the neighbouring" % (TINY_M2, tiny))
    w("  face of the same zone (outside, or the same cluster or park) with the longest shared edge. Faces")
    w("  of one class and one zone are merged into parcels aiming at 0.2–2 ha (a parcel never crosses a")
    w("  cluster's or park's outline). Neighbouring parcels share")
    w("  the same vertices, so the 2020 map has no gap and no overlap inside the windows (checked: the")
    w("  area of the union equals the sum of the areas, %.2f ha)." % (facts["tiling"][1] / 1e4))
    s = facts["sizes"]
    w("* Parcels: %d in each file, %d vertices in 2020 (%.1f per parcel); areas from %.4f ha to" %
      (n, facts["vertices"], facts["vertices"] / float(n), s[0] / 1e4))
    w("  %.2f ha, median %.2f ha; %d parcels under 0.2 ha (slivers between roads, rivers and cluster" % (s[2] / 1e4, s[1] / 1e4, s[3]))
    w("  edges), %d over 2 ha." % s[4])
    w("* **2025 = 2020 with housing growth**: in every window, farm parcels (`LUC`, `LUK`, `HNK`,")
    w("  `CLN`, outside clusters and parks) that touch a village, or lie within 300 m of a cluster,")
    w("  become `ONT` (`ODT` in urban windows), %d–%d %% of the window's parcels; same geometry, same" % (GROWTH[0] * 100, GROWTH[1] * 100))
    w("  fid. None within the hazard distance (+20 m) of a proposal, none within 1010 m of DX-01 and")
    w("  DX-03 (so the housing-growth rule R13 passes for them). %d parcels changed in all:" % len(conv))
    w("")
    w("| window | parcels owned | turned into housing | share | candidates |")
    w("|---|---|---|---|---|")
    for code in [w_["code"] for w_ in wins]:
        a, b, c = gstats[code]
        w("| %s | %d | %d | %.1f %% | %d |" % (code, a, b, 100.0 * b / a if a else 0.0, c))
    w("")
    w("Area by code (ha, planar EPSG:5897; 2025 without the invalid parcel):")
    w("")
    w("| code | 2020 | 2025 |")
    w("|---|---|---|")
    for code in facts["codes25"]:
        w("| %s | %.2f | %.2f |" % (code, facts["area20"].get(code, 0.0) / 1e4, facts["area25"].get(code, 0.0) / 1e4))
    w("")
    w("Features drawn per window (seeded with `\"%sfeatures/\" + ma_ccn`):" % SEED)
    w("")
    for code in [w_["code"] for w_ in wins]:
        w("* %s: %s" % (code, ", ".join(fnotes[code]) or "nothing"))
    w("")
    w("### Deliberate defects (2025 only; 2020 has none)")
    w("")
    k, cls, a = defects["xyz"]
    w("Exactly three; fids are the GeoPackage fids (1-based, the same in both files).")
    w("")
    w("* **Unknown code**: fid %d, inside %s, has `ma_ldat` = `XYZ` (it is `%s` in 2020, %.1f m²)." %
      (k, DEFECT_XYZ_IN, cls, a))
    k, lobes, net, X, full = defects["bowtie"]
    w("* **Invalid (bow-tie)**: fid %d, inside %s: a one-cell `SKN` parcel whose ring is drawn a, b, d, c" % (k, DEFECT_BOWTIE_IN))
    w("  instead of a, b, c, d, so two edges cross at (%.2f, %.2f) (GEOS: self-intersection). The two" % (X[0], X[1]))
    w("  lobes add up to %.1f m², but they turn opposite ways, so the shoelace (GEOS) area is only" % lobes)
    w("  %.1f m²; `dien_tich` keeps the 2020 value. In 2020 the cell is %.1f m², so %.1f m² of it is" % (abs(net), full, full - lobes))
    w("  left uncovered in 2025 (`zoneguard landuse` reports it as `NONE` inside the cluster after")
    w("  MakeValid). It is the only invalid feature of either file.")
    a_, b_, ov, ca, cb = defects["overlap"]
    w("* **Overlap**: fid %d (`%s`) and fid %d (`%s`), inside %s, overlap by **%.2f m²** (%.4f ha, planar):" %
      (a_, ca, b_, cb, DEFECT_OVERLAP_IN, ov, ov / 1e4))
    w("  fid %d was widened into fid %d by 8 m along their shared edge (GEOS buffer with 1 segment per" % (a_, b_))
    w("  quarter circle, cut to fid %d). No other pair of parcels overlaps." % b_)
    w("")
    w("### Proposed clusters (`%s`)" % os.path.basename(paths[2]))
    w("")
    w("Eight proposals, drawn inside the land-use windows (names after real communes of the district,")
    w("**[U]**, invented projects). `hazard_class` is the TCVN 4449:1987 class (I 1000, II 500, III 300,")
    w("IV 100, V 50 m); `mo_rong` names the cluster an expansion enlarges, empty otherwise. Each was")
    w("placed by scanning positions near a chosen point of its window (inside its district, 40 m clear")
    w("of clusters and parks unless meant to touch one, clear of rivers, 150 m from the other")
    w("proposals), and the land-use cells under and around it were then adjusted so that it shows")
    w("what it is meant to (column *cells changed*; the same change is in both years).")
    w("")
    w("| ma | ten | huyen | ha | hazard | lang_nghe | mo_rong | window | cells changed | ONT inside 2025 (ha) | LUC inside 2025 (ha) | nearest ONT/ODT 2025 (m) | overlap with clusters (ha) | meant to show |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for p in props:
        f = facts["proposals"][p["ma"]]
        o, l, nr = f["d"]["2025"]
        w("| %s | %s | %s | %.2f | %s | %d | %s | %s | %d | %.2f | %.2f | %s | %.2f | %s |" % (
            p["ma"], p["ten"], p["huyen"], f["area"] / 1e4, p["hazard"], p.get("lang_nghe", 0),
            p.get("target", "") if p["kind"] == "expand" else "", p["window"], forced[p["ma"]],
            o / 1e4, l / 1e4, "0 (inside)" if nr == 0 else ("%.1f" % nr if nr is not None else "none in 1.1 km"),
            f["cl_ov"] / 1e4, p["intent"]))
    w("")
    w("Expected verdicts of `zoneguard check` with the default rule table")
    w("(`geodata/rules/hanoi_ccn.csv`):")
    w("")
    w("* with `--clusters hanoi_clusters_vn2000.shp --landuse hanoi_landuse_2025.gpkg.zip` and no housing")
    w("  layer: DX-01 pass, DX-02 fail (R1), DX-03 pass (R2), DX-04 fail (R4), DX-05 warn (R7), DX-06")
    w("  fail (R12), DX-07 warn (R14), DX-08 **pass**: the distance rules R9 and R10 are measured to")
    w("  housing layers only, so they are skipped;")
    w("* with the two maps also given as housing (`--residential hanoi_landuse_2020.gpkg.zip --residential")
    w("  hanoi_landuse_2025.gpkg.zip --residential-code-field ma_ldat`, as `hanoi.scenario` does, or")
    w("  their `ONT`/`ODT` parcels cut out with `ogr2ogr -where \"ma_ldat IN ('ONT','ODT')\"`): the same,")
    w("  except DX-08 **fail** (R10: nearest housing %.1f m, class III needs 300 m); DX-04 also fails R9" %
      facts["proposals"]["DX-08"]["d"]["2025"][2])
    w("  and R10, and R13 (housing growth in the rings, warn) is raised for every proposal but DX-01 and")
    w("  DX-03, which have no growth within 1 km.")
    w("")
    w("### Regenerate")
    w("")
    w("    /usr/bin/python3 scripts/make_demo_landuse.py")
    w("")
    w("Needs Debian's python3-gdal (GDAL 3.6, GEOS 3.11, PROJ 9.1) and the files written by")
    w("`scripts/make_demo_scene.py`. No clock, no unseeded randomness (`random.Random` seeded with")
    w("`\"%s...\"` strings, and an integer hash of the lattice indices for the corners);" % SEED)
    w("GeoPackage timestamps pinned with `OGR_CURRENT_DATE`. Two runs give byte-identical files;")
    w("another GDAL/GEOS version may write different bytes. SHA-256 of this run:")
    w("")
    for p in paths:
        w("    %s  %s" % (sha256(p), os.path.basename(p)))
    w("")
    w("Licence: the generated data (parcels, codes, proposals) is MIT, like the code (repository")
    w("LICENSE). The building footprints used to place houses around Hạ Lôi and in Long Biên are")
    w("OpenStreetMap-derived (ODbL, © OpenStreetMap contributors; see")
    w("`geodata/real/comokit-vn-buildings/PROVENANCE.md`); the maps contain no footprint, only the")
    w("lattice cells that hold some. Districts for the placement of the proposals:")
    w("`geodata/real/dvhcvn/hanoi_districts.geojson` (GPL-3.0), not copied.")
    w("")
    w(END)
    path = os.path.join(OUT, "PROVENANCE.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if BEGIN in text:
        head = text[:text.index(BEGIN)]
        tail = text[text.index(END) + len(END):] if END in text else ""
        tail = tail.lstrip("\n")
    else:
        head, tail = text, ""
    if not head.endswith("\n\n"):
        head = head.rstrip("\n") + "\n\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(head + "\n".join(L) + "\n" + (("\n" + tail) if tail else ""))


if __name__ == "__main__":
    main()
