#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write zoneguard's bundled demo scene: Hanoi industrial clusters (CCN) and
industrial parks (KCN), drawn (not surveyed) on the real district polygons of
geodata/real/dvhcvn/hanoi_districts.geojson.

Outputs (paths relative to the repository root):

  geodata/demo/hanoi_clusters_vn2000.shp (+ .shx .dbf .prj .cpg)
        clusters, EPSG:5897 (VN-2000 / TM-3 zone 482), UTF-8 attributes
  geodata/demo/hanoi_clusters_wgs84.geojson
        the same clusters in EPSG:4326 (RFC 7946), transformed by OGR/PROJ
        with PROJ's default VN-2000 -> WGS 84 operation (EPSG:6960)
  geodata/demo/hanoi_parks_vn2000.gpkg
        parks, layer hanoi_parks_vn2000, EPSG:5897
  geodata/demo/PROVENANCE.md
        what all this is, the known answers and the deliberate defects

Run it with Debian's Python, which has GDAL's bindings:

    /usr/bin/python3 scripts/make_demo_scene.py

Deterministic: no clock, no unseeded randomness (each shape has its own
random.Random seeded with a fixed string), the DBF header date is pinned
with DBF_DATE_LAST_UPDATE and the GeoPackage timestamps with
OGR_CURRENT_DATE. Two runs give byte-identical files.
"""

import hashlib
import math
import os
import random
import unicodedata

from osgeo import gdal, ogr, osr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_REL = "geodata/demo"
OUT = os.path.join(ROOT, OUT_REL)
DISTRICTS_REL = "geodata/real/dvhcvn/hanoi_districts.geojson"
PROVINCE_REL = "geodata/real/dvhcvn/hanoi_province.geojson"
BUILDINGS_REL = {
    "hanoi_me_linh_ha_loi": "geodata/real/comokit-vn-buildings/hanoi_me_linh_ha_loi/buildings.shp",
    "hanoi_long_bien": "geodata/real/comokit-vn-buildings/hanoi_long_bien/buildings.shp",
}

FIXED_DATE = "2025-01-01"
gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_DATE + "T00:00:00Z")
gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

CLEARANCE_M = 60.0        # minimum gap between any two features (except the overlap pair)
SEARCH_STEP_M = 120.0     # ring spacing of the placement search
SEARCH_RINGS = 40         # up to ~4.8 km from the commune point
OVERLAP_TARGET_HA = (2.0, 3.0)

# --------------------------------------------------------------------------
# the scene
# --------------------------------------------------------------------------

# District codes used in ma_ccn / ma_kcn (ASCII, no diacritics).
DCODE = {
    "Huyện Ba Vì": "BV", "Huyện Chương Mỹ": "CM", "Huyện Đan Phượng": "DP",
    "Huyện Đông Anh": "DA", "Huyện Gia Lâm": "GL", "Quận Hà Đông": "HDO",
    "Huyện Hoài Đức": "HDU", "Quận Long Biên": "LB", "Huyện Mê Linh": "ML",
    "Huyện Mỹ Đức": "MD", "Huyện Phú Xuyên": "PX", "Huyện Quốc Oai": "QO",
    "Huyện Sóc Sơn": "SS", "Thị xã Sơn Tây": "ST", "Huyện Thạch Thất": "TT",
    "Huyện Thanh Oai": "TO", "Huyện Thanh Trì": "TTR", "Huyện Thường Tín": "TTN",
    "Quận Bắc Từ Liêm": "BTL",
}

# Mountainous districts (flag mien_nui). Only Ba Vì is flagged: it is the
# Hanoi district usually called mountainous as a whole; the other western
# districts have some mountainous communes only. [U] -- the legal list is not
# in domain.md; the flag is an input attribute, the engine must not guess it.
MOUNTAIN_DISTRICTS = {"Huyện Ba Vì"}

OPER, FOUND, PROP = "đang hoạt động", "đã thành lập", "đề xuất"

# name, district (ten_huyen), approx. commune point (lat, lon) WGS 84 [U],
# status, declared ha, craft-village flag, source, options
#   source "press": named in Hanoi press reports (domain.md §5.1)
#   source "commune": invented cluster named after a real commune of the district
#   options: dev = relative difference drawn/declared (None: drawn = declared)
#            shape = "rect" | "convex" | "concave" (default: chosen by seed)
#            defect = "bowtie" | "spike"; overlap_with = name of the anchor
CLUSTERS = [
    ("Cụm công nghiệp Phú Túc", "Huyện Phú Xuyên", (20.725, 105.862), FOUND, 34.50, 0, "press", {}),
    ("Cụm công nghiệp Phú Yên", "Huyện Phú Xuyên", (20.705, 105.877), FOUND, 22.80, 0, "press", {"dev": 0.012}),
    ("Cụm công nghiệp Đa Sỹ", "Quận Hà Đông", (20.952, 105.785), FOUND, 12.60, 1, "press", {}),
    ("Cụm công nghiệp Thiết Bình", "Huyện Đông Anh", (21.148, 105.905), FOUND, 28.40, 0, "press", {"shape": "convex"}),
    ("Cụm công nghiệp Dị Nậu", "Huyện Thạch Thất", (21.075, 105.585), FOUND, 31.20, 0, "press", {}),
    ("Cụm công nghiệp Chàng Sơn", "Huyện Thạch Thất", (21.052, 105.602), OPER, 18.70, 1, "press", {"dev": -0.018}),
    ("Cụm công nghiệp Hữu Bằng", "Huyện Thạch Thất", (21.037, 105.612), OPER, 26.50, 1, "press", {}),
    ("Cụm công nghiệp Bình Phú", "Huyện Thạch Thất", (21.014, 105.604), OPER, 39.90, 0, "press", {"dev": 0.007}),
    ("Cụm công nghiệp Tân Hòa", "Huyện Quốc Oai", (20.975, 105.663), FOUND, 45.00, 0, "press", {}),
    ("Cụm công nghiệp Thạch Thán – Ngọc Mỹ", "Huyện Quốc Oai", (20.990, 105.630), FOUND, 37.60, 0, "press", {"dev": -0.024}),
    ("Cụm công nghiệp Ngọc Liệp", "Huyện Quốc Oai", (20.950, 105.612), FOUND, 49.30, 0, "press", {"defect": "bowtie"}),
    ("Cụm công nghiệp làng nghề Bát Tràng", "Huyện Gia Lâm", (20.977, 105.913), OPER, 16.20, 1, "press", {}),
    ("Cụm công nghiệp Kiêu Kỵ", "Huyện Gia Lâm", (20.990, 105.955), OPER, 52.40, 0, "press", {"dev": 0.015}),
    ("Cụm công nghiệp Phú Thị", "Huyện Gia Lâm", (21.035, 105.965), FOUND, 11.06, 0, "press", {}),
    ("Cụm công nghiệp Bình Minh – Cao Viên", "Huyện Thanh Oai", (20.905, 105.770), FOUND, 49.90, 0, "press", {}),
    ("Cụm công nghiệp CN3 Sóc Sơn", "Huyện Sóc Sơn", (21.255, 105.845), FOUND, 41.70, 0, "press", {"dev": -0.009}),
    ("Cụm công nghiệp Liên Hà", "Huyện Đan Phượng", (21.125, 105.690), OPER, 2.80, 0, "press", {"shape": "rect"}),
    ("Cụm công nghiệp Đắc Sở", "Huyện Hoài Đức", (21.045, 105.675), OPER, 6.28, 0, "press", {}),
    ("Cụm công nghiệp Phùng Xá", "Huyện Thạch Thất", (21.022, 105.630), OPER, 4.20, 1, "press", {}),
    ("Cụm công nghiệp Đại Yên", "Huyện Chương Mỹ", (20.930, 105.628), OPER, 1.40, 0, "press", {"shape": "rect"}),
    ("Cụm công nghiệp Phụng Châu", "Huyện Chương Mỹ", (20.935, 105.700), OPER, 4.50, 0, "press", {"dev": 0.03}),
    ("Cụm công nghiệp Thanh Thùy", "Huyện Thanh Oai", (20.845, 105.815), FOUND, 10.35, 0, "press", {}),
    ("Cụm công nghiệp Ngọc Sơn", "Huyện Chương Mỹ", (20.840, 105.660), FOUND, 12.48, 0, "press", {}),
    ("Cụm công nghiệp Liên Hà", "Huyện Đông Anh", (21.150, 105.880), FOUND, 13.92, 0, "press", {}),
    ("Cụm công nghiệp Vân Hà", "Huyện Đông Anh", (21.140, 105.915), FOUND, 11.64, 0, "press",
     {"overlap_with": ("Cụm công nghiệp Thiết Bình", "Huyện Đông Anh"), "shape": "rect"}),
    ("Cụm công nghiệp Phú Thịnh", "Thị xã Sơn Tây", (21.150, 105.505), FOUND, 10.81, 0, "press", {"dev": -0.006}),
    ("Cụm công nghiệp Hạ Lôi", "Huyện Mê Linh", (21.156, 105.744), PROP, 24.00, 0, "commune", {"shape": "convex"}),
    ("Cụm công nghiệp Tiền Phong", "Huyện Mê Linh", (21.165, 105.765), PROP, 86.50, 0, "commune", {}),
    ("Cụm công nghiệp Minh Phú", "Huyện Sóc Sơn", (21.285, 105.775), PROP, 35.00, 0, "commune", {}),
    ("Cụm công nghiệp Thạch Bàn", "Quận Long Biên", (21.022, 105.925), OPER, 18.30, 0, "commune", {"dev": 0.021}),
    ("Cụm công nghiệp Quất Động", "Huyện Thường Tín", (20.855, 105.870), OPER, 39.70, 0, "commune", {"defect": "spike"}),
    ("Cụm công nghiệp Hợp Thanh", "Huyện Mỹ Đức", (20.715, 105.735), PROP, 9.10, 0, "commune", {}),
    ("Cụm công nghiệp Tản Lĩnh", "Huyện Ba Vì", (21.100, 105.395), PROP, 7.20, 0, "commune", {}),
    ("Cụm công nghiệp Cam Thượng", "Huyện Ba Vì", (21.200, 105.425), FOUND, 21.50, 0, "commune", {"dev": 0.011}),
    ("Cụm công nghiệp Ngọc Hồi", "Huyện Thanh Trì", (20.925, 105.845), OPER, 38.60, 0, "commune", {}),
    ("Cụm công nghiệp làng nghề Dương Liễu", "Huyện Hoài Đức", (21.065, 105.670), PROP, 8.60, 1, "commune", {}),
]

# Parks: domain.md §5, "Individual IPs" table (areas and coordinates [U]).
PARKS = [
    ("Khu công nghiệp Thăng Long", "Huyện Đông Anh", (21.12, 105.78), 274.00, {}),
    ("Khu công nghiệp Nội Bài", "Huyện Sóc Sơn", (21.22, 105.83), 114.00, {}),
    ("Khu công nghiệp Quang Minh", "Huyện Mê Linh", (21.19, 105.77), 344.00, {}),
    ("Khu công nghiệp Nam Thăng Long", "Quận Bắc Từ Liêm", (21.09, 105.77), 30.00, {}),
    ("Khu công nghiệp Sài Đồng B", "Quận Long Biên", (21.04, 105.92), 47.00, {}),
    ("Khu công nghiệp Hà Nội – Đài Tư", "Quận Long Biên", (21.05, 105.90), 40.00, {}),
    ("Khu công nghiệp Thạch Thất – Quốc Oai", "Huyện Thạch Thất", (21.03, 105.60), 155.00, {}),
    ("Khu công nghiệp Phú Nghĩa", "Huyện Chương Mỹ", (20.93, 105.66), 170.00, {}),
]

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
LL_TO_VN = osr.CoordinateTransformation(SRS_LL, SRS_VN)
VN_TO_LL = osr.CoordinateTransformation(SRS_VN, SRS_LL)


def rel(path):
    return os.path.relpath(path, ROOT).replace(os.sep, "/")


def nfc(s):
    if unicodedata.normalize("NFC", s) != s:
        raise SystemExit("not NFC: %r" % s)
    return s


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def shoelace(ring):
    """Signed planar area of a closed ring (CCW positive), m^2."""
    x0, y0 = ring[0]
    terms = []
    for (xa, ya), (xb, yb) in zip(ring, ring[1:]):
        terms.append((xa - x0) * (yb - y0) - (xb - x0) * (ya - y0))
    return 0.5 * math.fsum(terms)


def polygon(ring):
    """OGR polygon from a closed ring [(E, N)], EPSG:5897."""
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ring:
        r.AddPoint_2D(x, y)
    g = ogr.Geometry(ogr.wkbPolygon)
    g.AddGeometry(r)
    g.AssignSpatialReference(SRS_VN)
    return g


def ll_to_vn(lat, lon):
    p = ogr.Geometry(ogr.wkbPoint)
    p.AddPoint_2D(lon, lat)
    p.Transform(LL_TO_VN)
    return p.GetX(), p.GetY()


def close(pts):
    return pts + [pts[0]]


def rnd(pts):
    """Round to the centimetre (short, stable numbers in the files)."""
    return [(round(x, 2), round(y, 2)) for x, y in pts]


def scale_to(pts, area_m2):
    """Scale an open, simple CCW ring about the origin to the given area."""
    a = shoelace(close(pts))
    k = math.sqrt(area_m2 / a)
    return [(x * k, y * k) for x, y in pts]


def rotate(pts, theta):
    c, s = math.cos(theta), math.sin(theta)
    return [(x * c - y * s, x * s + y * c) for x, y in pts]


def base_shape(rng, kind, area_m2):
    """Open CCW ring centred near the origin with the given planar area."""
    theta = rng.uniform(0.0, math.pi)
    if kind == "rect":
        aspect = rng.uniform(1.15, 2.1)
        pts = [(-aspect, -1.0), (aspect, -1.0), (aspect, 1.0), (-aspect, 1.0)]
    else:
        n = 5 + int(rng.random() * 8)            # 5..12 vertices
        elong = rng.uniform(1.0, 1.6)
        step = 2.0 * math.pi / n
        ang = [k * step + rng.uniform(-0.3, 0.3) * step for k in range(n)]
        rad = [rng.uniform(0.85, 1.15) for _ in range(n)]
        if kind == "concave":
            dents = 1 if n < 8 else 2
            first = int(rng.random() * n)
            for j in range(dents):
                rad[(first + j * (n // 2)) % n] = rng.uniform(0.45, 0.62)
        pts = [(r * math.cos(a) * elong, r * math.sin(a)) for a, r in zip(ang, rad)]
    return scale_to(rotate(pts, theta), area_m2)


def is_convex(pts):
    n = len(pts)
    for i in range(n):
        (ax, ay), (bx, by), (cx, cy) = pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        z = (bx - ax) * (cy - by) - (by - ay) * (cx - bx)
        if z < 0:
            return False
    return True


def make_convex(pts):
    """Replace the ring by its convex hull if the jitter made it concave."""
    g = polygon(close(pts)).ConvexHull()
    ring = g.GetGeometryRef(0)
    hull = [ring.GetPoint_2D(i) for i in range(ring.GetPointCount() - 1)]
    if shoelace(close(hull)) < 0:
        hull.reverse()
    return hull


def bowtie(rng, area_m2):
    """A figure-eight ring: two unequal lobes whose areas add up to area_m2.

    Vertices (before rotation): left lobe L1 (-a,-h1), L2 (-a,h1) with a
    mid-point on its outer side, right lobe R1 (c,-h2), R2 (c,h2) with one on
    its outer side; ring L1 -> R2 -> Rm -> R1 -> L2 -> Lm -> L1, whose two
    diagonals cross. Returns (open ring, lobe sum m^2, |shoelace| m^2)."""
    h1, h2 = 1.0, 0.6
    a, c = 1.3, 1.1
    pts = [(-a, -h1), (c, h2), (c + 0.25, 0.0), (c, -h2), (-a, h1), (-a - 0.35, 0.05)]
    # lobe areas: crossing point of L1R2 and R1L2 is on y=0 at x=xc
    # (by symmetry both diagonals meet the x axis at the same x)
    xc = -a + (a + c) * h1 / (h1 + h2)
    left = (xc + a) * h1 + 0.5 * 0.35 * 2 * h1          # triangle + outer cap
    right = (c - xc) * h2 + 0.5 * 0.25 * 2 * h2
    k = math.sqrt(area_m2 / (left + right))
    theta = rng.uniform(0.0, math.pi)
    pts = rotate([(x * k, y * k) for x, y in pts], theta)
    return pts, (left + right) * k * k, abs(shoelace(close(pts)))


def spike(rng, pts):
    """Insert an out-and-back spike at a vertex: ... V, S, V, ... (the edge
    V-S is traversed twice, so the ring touches itself along it)."""
    i = 1 + int(rng.random() * (len(pts) - 2))
    vx, vy = pts[i]
    r = math.hypot(vx, vy)
    tip = (vx + vx / r * 140.0, vy + vy / r * 140.0)   # 140 m outwards
    return pts[:i + 1] + [tip, (vx, vy)] + pts[i + 1:], i


def search_offsets():
    yield (0.0, 0.0)
    for k in range(1, SEARCH_RINGS + 1):
        n = 8 * k
        for j in range(n):
            a = 2.0 * math.pi * j / n
            yield (k * SEARCH_STEP_M * math.cos(a), k * SEARCH_STEP_M * math.sin(a))


def at(ring_open, cx, cy):
    return close(rnd([(cx + x, cy + y) for x, y in ring_open]))


def clear_of(g, others, skip=()):
    for key, o in others:
        if key in skip:
            continue
        if g.Distance(o) < CLEARANCE_M:
            return False
    return True


# --------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------


def load_districts():
    ds = ogr.Open(os.path.join(ROOT, DISTRICTS_REL))
    lyr = ds.GetLayer(0)
    out = {}
    for f in lyr:
        g = f.GetGeometryRef().Clone()
        g.AssignSpatialReference(SRS_LL)
        g.Transform(LL_TO_VN)
        out[f.GetField("ten_huyen")] = g
    ds = None
    return out


def build():
    districts = load_districts()
    province = load_province()
    dcount = {}
    placed = []        # (key, valid footprint geometry) for clearance tests
    parks, clusters = [], []

    # --- parks first (they are the big fixed objects) ---
    for i, (name, huyen, (lat, lon), ha, opt) in enumerate(PARKS):
        nfc(name), nfc(huyen)
        dcount[("KCN", huyen)] = dcount.get(("KCN", huyen), 0) + 1
        code = "KCN-%s-%02d" % (DCODE[huyen], dcount[("KCN", huyen)])
        rng = random.Random("zoneguard-demo/" + code)
        kind = "rect" if rng.random() < 0.4 else "convex"
        shape = base_shape(rng, kind, ha * 1e4)
        if kind == "convex" and not is_convex(shape):
            shape = scale_to(make_convex(shape), ha * 1e4)
        cx0, cy0 = ll_to_vn(lat, lon)
        dist = districts[huyen]
        for dx, dy in search_offsets():
            ring = at(shape, cx0 + dx, cy0 + dy)
            g = polygon(ring)
            # parks may straddle a district boundary (Thạch Thất – Quốc Oai):
            # only the centroid must be in the stated district
            if g.Centroid().Within(dist) and clear_of(g, placed) and \
                    g.Within(province):
                break
        else:
            raise SystemExit("cannot place " + name)
        placed.append((code, g))
        crossed = sorted(n for n, d in districts.items() if g.Intersection(d).GetArea() > 1.0)
        parks.append(dict(code=code, name=name, huyen=huyen, ha=ha, ring=ring, geom=g,
                          kind=kind, offset=math.hypot(dx, dy), crossed=crossed,
                          area=shoelace(ring)))

    # --- clusters ---
    codes = {}
    for i, (name, huyen, (lat, lon), status, ha, craft, source, opt) in enumerate(CLUSTERS):
        nfc(name), nfc(huyen), nfc(status)
        dcount[("CCN", huyen)] = dcount.get(("CCN", huyen), 0) + 1
        code = "CCN-%s-%02d" % (DCODE[huyen], dcount[("CCN", huyen)])
        codes[(name, huyen)] = code
        clusters.append(dict(code=code, name=name, huyen=huyen, status=status, ha=ha,
                             craft=craft, mountain=1 if huyen in MOUNTAIN_DISTRICTS else 0,
                             source=source, opt=opt, ll=(lat, lon)))

    by_key = {(c["name"], c["huyen"]): c for c in clusters}
    # anchors before their overlap partners; otherwise list order
    order = [c for c in clusters if "overlap_with" not in c["opt"]] + \
            [c for c in clusters if "overlap_with" in c["opt"]]
    for c in order:
        rng = random.Random("zoneguard-demo/" + c["code"])
        opt = c["opt"]
        dev = opt.get("dev")
        drawn_m2 = c["ha"] * 1e4 * (1.0 + dev if dev is not None else 1.0)
        kind = opt.get("shape")
        r = rng.random()
        if kind is None:
            kind = "rect" if r < 0.3 else ("convex" if r < 0.65 else "concave")
        defect = opt.get("defect")
        extra = {}
        if defect == "bowtie":
            kind = "bowtie"
            shape, lobes, net = bowtie(rng, drawn_m2)
            footprint_shape = make_convex(shape)       # for the placement tests
            extra.update(lobes_m2=lobes)
        else:
            shape = base_shape(rng, kind, drawn_m2)
            if kind == "convex" and not is_convex(shape):
                shape = scale_to(make_convex(shape), drawn_m2)
            footprint_shape = shape
            if defect == "spike":
                shape, vi = spike(rng, shape)
                extra.update(spike_base=vi)
                footprint_shape = make_convex(shape)
        dist = districts[c["huyen"]]
        cx0, cy0 = ll_to_vn(*c["ll"])
        if "overlap_with" in opt:
            anchor = by_key[opt["overlap_with"]]
            ax, ay = anchor["centre"]
            base = math.atan2(cy0 - ay, cx0 - ax)
            found = None
            for turn in range(24):
                a = base + (turn // 2 + 1) * (math.pi / 12) * (1 if turn % 2 else -1) \
                    if turn else base
                for t in range(0, 4000, 5):
                    cx, cy = ax + t * math.cos(a), ay + t * math.sin(a)
                    fp = polygon(at(footprint_shape, cx, cy))
                    ov = fp.Intersection(anchor["geom"]).GetArea() / 1e4
                    if ov <= OVERLAP_TARGET_HA[1]:
                        break
                if OVERLAP_TARGET_HA[0] <= ov <= OVERLAP_TARGET_HA[1] and fp.Within(dist) \
                        and clear_of(fp, placed, skip=(anchor["code"],)):
                    found = (cx, cy)
                    break
            if found is None:
                raise SystemExit("cannot place overlap partner " + c["name"])
            cx, cy = found
        else:
            for dx, dy in search_offsets():
                cx, cy = cx0 + dx, cy0 + dy
                fp = polygon(at(footprint_shape, cx, cy))
                if fp.Within(dist) and clear_of(fp, placed):
                    break
            else:
                raise SystemExit("cannot place " + c["name"])
        ring = at(shape, cx, cy)
        g = polygon(ring)
        if not g.Centroid().Within(dist):
            raise SystemExit("centroid outside district: " + c["name"])
        placed.append((c["code"], fp))
        if defect == "spike":
            extra.update(spike_base_pt=ring[extra["spike_base"]],
                         spike_tip_pt=ring[extra["spike_base"] + 1])
        c.update(ring=ring, geom=g, footprint=fp, kind=kind, centre=(cx, cy),
                 offset=math.hypot(cx - cx0, cy - cy0), defect=defect,
                 area=shoelace(ring), nverts=len(ring) - 1, **extra)
    return districts, clusters, parks


def load_province():
    ds = ogr.Open(os.path.join(ROOT, PROVINCE_REL))
    f = ds.GetLayer(0).GetNextFeature()
    prov = f.GetGeometryRef().Clone()
    ds = None
    prov.AssignSpatialReference(SRS_LL)
    prov.Transform(LL_TO_VN)
    return prov


# --------------------------------------------------------------------------
# write
# --------------------------------------------------------------------------

CLUSTER_FIELDS = [  # name, type, width, precision
    ("ma_ccn", ogr.OFTString, 12, 0),
    ("ten_ccn", ogr.OFTString, 100, 0),
    ("huyen", ogr.OFTString, 40, 0),
    ("trang_thai", ogr.OFTString, 30, 0),
    ("dien_tich", ogr.OFTReal, 10, 2),
    ("lang_nghe", ogr.OFTInteger, 1, 0),
    ("mien_nui", ogr.OFTInteger, 1, 0),
]
PARK_FIELDS = [
    ("ma_kcn", ogr.OFTString, 12, 0),
    ("ten_kcn", ogr.OFTString, 100, 0),
    ("huyen", ogr.OFTString, 40, 0),
    ("dien_tich", ogr.OFTReal, 10, 2),
]


def write_layer(path, driver, layer_name, srs_, fields, rows, lco=(), dsco=()):
    drv = ogr.GetDriverByName(driver)
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path, options=list(dsco))
    lyr = ds.CreateLayer(layer_name, srs_, ogr.wkbPolygon, options=list(lco))
    for fname, ftype, width, prec in fields:
        fd = ogr.FieldDefn(fname, ftype)
        fd.SetWidth(width)
        fd.SetPrecision(prec)
        lyr.CreateField(fd)
    for values, geom in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in values.items():
            if isinstance(v, str) and len(v.encode("utf-8")) > dict(
                    (n, w) for n, _, w, _ in fields)[k]:
                raise SystemExit("value too long for %s: %s" % (k, v))
            f.SetField(k, v)
        f.SetGeometry(geom)
        lyr.CreateFeature(f)
    ds = None


def cluster_values(c):
    return {"ma_ccn": c["code"], "ten_ccn": c["name"], "huyen": c["huyen"],
            "trang_thai": c["status"], "dien_tich": round(c["ha"], 2),
            "lang_nghe": c["craft"], "mien_nui": c["mountain"]}


def to_wgs84(g):
    h = g.Clone()
    h.Transform(VN_TO_LL)
    h.AssignSpatialReference(SRS_LL)
    return h


def write_all(clusters, parks):
    if os.path.isdir(OUT):
        for fn in os.listdir(OUT):
            if fn.startswith(("hanoi_clusters_", "hanoi_parks_")):
                os.remove(os.path.join(OUT, fn))
    else:
        os.makedirs(OUT)
    shp = os.path.join(OUT, "hanoi_clusters_vn2000.shp")
    write_layer(shp, "ESRI Shapefile", "hanoi_clusters_vn2000", SRS_VN, CLUSTER_FIELDS,
                [(cluster_values(c), c["geom"]) for c in clusters],
                lco=["ENCODING=UTF-8", "DBF_DATE_LAST_UPDATE=" + FIXED_DATE])
    gj = os.path.join(OUT, "hanoi_clusters_wgs84.geojson")
    write_layer(gj, "GeoJSON", "hanoi_clusters_wgs84", SRS_LL, CLUSTER_FIELDS,
                [(cluster_values(c), to_wgs84(c["geom"])) for c in clusters],
                lco=["RFC7946=YES", "COORDINATE_PRECISION=8"])
    gpkg = os.path.join(OUT, "hanoi_parks_vn2000.gpkg")
    write_layer(gpkg, "GPKG", "hanoi_parks_vn2000", SRS_VN, PARK_FIELDS,
                [({"ma_kcn": p["code"], "ten_kcn": p["name"], "huyen": p["huyen"],
                   "dien_tich": round(p["ha"], 2)}, p["geom"]) for p in parks])
    return shp, gj, gpkg


# --------------------------------------------------------------------------
# checks on what was written (read back with OGR)
# --------------------------------------------------------------------------


def read_back(path):
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    s = lyr.GetSpatialRef()
    rows = []
    for f in lyr:
        rows.append((f.GetField(0), f.GetGeometryRef().Clone()))
    ds = None
    return s, rows


def buildings_near(features):
    """Real OSM buildings (comokit copies) inside / within 300 m of features
    (clusters and parks)."""
    res = {}
    for key, relp in BUILDINGS_REL.items():
        ds = ogr.Open(os.path.join(ROOT, relp))
        lyr = ds.GetLayer(0)
        ct = osr.CoordinateTransformation(lyr.GetSpatialRef(), SRS_VN)
        blds = []
        for f in lyr:
            g = f.GetGeometryRef().Clone()
            g.FlattenTo2D()
            g.Transform(ct)
            blds.append(g)
        ds = None
        env = ogr.Geometry(ogr.wkbMultiPolygon)
        for b in blds:
            env.AddGeometry(b)
        ext = env.GetEnvelope()
        for c in features:
            e = c["geom"].GetEnvelope()
            if e[1] < ext[0] - 300 or e[0] > ext[1] + 300 or e[3] < ext[2] - 300 or e[2] > ext[3] + 300:
                continue
            ring300 = c["geom"].Buffer(300.0, 16)
            inside = [b for b in blds if b.Intersects(c["geom"])]
            near = [b for b in blds if b.Intersects(ring300)]
            if near:
                res[c["code"]] = (key, len(inside),
                                  sum(b.Intersection(c["geom"]).GetArea() for b in inside),
                                  len(near))
    return res


def check(shp, gj, gpkg, clusters, parks, districts):
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        return _check(shp, gj, gpkg, clusters, parks, districts)
    finally:
        gdal.PopErrorHandler()


def _check(shp, gj, gpkg, clusters, parks, districts):
    s, rows = read_back(shp)
    s.AutoIdentifyEPSG()
    assert s.GetAuthorityCode(None) == "5897", s.ExportToWkt()
    invalid = [code for code, g in rows if not g.IsValid()]
    want_invalid = [c["code"] for c in clusters if c["defect"]]
    assert invalid == want_invalid, (invalid, want_invalid)
    s2, rows2 = read_back(gj)
    assert [code for code, g in rows2 if not g.IsValid()] == want_invalid
    # overlaps between clusters, as written
    overlaps = []
    valid = [(code, g) for code, g in rows if g.IsValid()]
    for i in range(len(valid)):
        for j in range(i + 1, len(valid)):
            if valid[i][1].Intersects(valid[j][1]):
                a = valid[i][1].Intersection(valid[j][1]).GetArea()
                overlaps.append((valid[i][0], valid[j][0], a))
    pair = [(c["code"], c["opt"]["overlap_with"]) for c in clusters if "overlap_with" in c["opt"]]
    assert len(overlaps) == 1 and len(pair) == 1, overlaps
    # invalid ones must not overlap anything either (test on their footprints)
    for c in clusters:
        if c["defect"]:
            for code, g in valid:
                assert not c["footprint"].Intersects(g), (c["code"], code)
    # every centroid in its district
    for c in clusters:
        assert c["geom"].Centroid().Within(districts[c["huyen"]]), c["code"]
    _, prow = read_back(gpkg)
    assert len(prow) == len(parks) and all(g.IsValid() for _, g in prow)
    # parks vs clusters: no overlap
    for _, pg in prow:
        for c in clusters:
            assert not pg.Intersects(c["footprint"]), c["code"]
    # the same shapes in both files: max distance between matching vertices
    maxd = 0.0
    for (code, g), (code2, h) in zip(rows, rows2):
        assert code == code2
        h = h.Clone()
        h.AssignSpatialReference(SRS_LL)
        h.Transform(LL_TO_VN)
        r1, r2 = g.GetGeometryRef(0), h.GetGeometryRef(0)
        p1 = sorted(r1.GetPoint_2D(k) for k in range(r1.GetPointCount()))
        p2 = sorted(r2.GetPoint_2D(k) for k in range(r2.GetPointCount()))
        assert len(p1) == len(p2)
        for a, b in zip(p1, p2):
            maxd = max(maxd, math.hypot(a[0] - b[0], a[1] - b[1]))
    assert maxd < 0.01, maxd
    reasons = {}
    for (code, g), (_, h) in zip(rows, rows2):
        if code in want_invalid:
            reasons[code] = (gdal_reason(g), gdal_reason(h))
    return overlaps[0], maxd, reasons


# --------------------------------------------------------------------------
# provenance
# --------------------------------------------------------------------------


def fmt_ha(m2):
    return "%.2f" % (m2 / 1e4)


def write_provenance(clusters, parks, overlap, maxd, reasons, bld, outputs):
    invalid = [c for c in clusters if c["defect"]]
    ov_a, ov_b, ov_m2 = overlap
    name = {c["code"]: c["name"] for c in clusters + parks}
    src_note = {"press": "press", "commune": "invented (commune name)"}
    L = []
    w = L.append
    w("# Demo scene: Hà Nội industrial clusters (CCN) and parks (KCN)")
    w("")
    w("Generated by `scripts/make_demo_scene.py` (this file too). **The shapes are drawn, not surveyed**:")
    w("no public source publishes the boundaries of Hanoi's clusters or parks. Names, districts and")
    w("sizes are realistic; positions are approximate and outlines are invented.")
    w("")
    w("## Files")
    w("")
    w("| file | layer | CRS | features | geometry |")
    w("|---|---|---|---|---|")
    w("| `hanoi_clusters_vn2000.shp` (+ .shx .dbf .prj .cpg) | hanoi_clusters_vn2000 | EPSG:5897 VN-2000 / TM-3 zone 482 (ESRI-style .prj; GDAL identifies it as EPSG:5897); .cpg `UTF-8` | %d | Polygon |" % len(clusters))
    w("| `hanoi_clusters_wgs84.geojson` | hanoi_clusters_wgs84 | EPSG:4326 (RFC 7946: lon/lat, no `crs` member, CCW outer rings, 8 decimals) | %d | Polygon |" % len(clusters))
    w("| `hanoi_parks_vn2000.gpkg` | hanoi_parks_vn2000 | EPSG:5897 | %d | Polygon |" % len(parks))
    w("")
    w("The GeoJSON is the Shapefile transformed by OGR/PROJ with PROJ's default VN-2000 → WGS 84")
    w("operation (EPSG:6960, the 7-parameter set of QĐ 05/2007/QĐ-BTNMT); transformed back, every")
    w("vertex lands within %.1f mm of the Shapefile's vertex. Shapefile coordinates are rounded to the" % (maxd * 1000))
    w("centimetre; all areas below are planar areas of those coordinates in EPSG:5897.")
    w("")
    w("## How it was made")
    w("")
    w("* District polygons: `geodata/real/dvhcvn/hanoi_districts.geojson` (dvhcvn-gis, government")
    w("  boundaries, GPL-3.0), transformed to EPSG:5897. Field `huyen` is that file's `ten_huyen`.")
    w("* Each cluster starts from an approximate point of the commune it is named after (typed from")
    w("  memory, **[U]**, ±1–3 km). The outline is drawn around that point; if it leaves the district")
    w("  or comes closer than %d m to a feature already placed, it is moved outwards on rings %d m apart" % (CLEARANCE_M, SEARCH_STEP_M))
    w("  until it fits (column *moved*). Every cluster lies wholly inside its district polygon and its")
    w("  centroid passes OGR `Within(district)`; the two invalid ones were tested on their convex hull.")
    w("  Parks are placed first; only their centroid must be in the stated district.")
    w("* Shapes: rotated rectangles, irregular convex polygons, or star-shaped concave polygons with")
    w("  one or two dents, 5–12 vertices, scaled so that the planar area equals the *drawn* figure.")
    w("  Each shape has its own `random.Random` seeded with `\"zoneguard-demo/\" + code`.")
    w("* `dien_tich` is the *declared* area (a register figure). For most clusters the drawn area")
    w("  equals it (to ±0.005 ha after rounding the coordinates); for some it differs by 0.6–3 %,")
    w("  like a real register (column *drawn/declared*).")
    w("* Names: clusters marked *press* are named in Hanoi press reports summarised in the project's")
    w("  domain notes (domain.md §5.1): the 2018 appraisal/founding lists (Phú Túc, Phú Yên, Đa Sỹ,")
    w("  Thiết Bình, Dị Nậu, Chàng Sơn, Hữu Bằng, Bình Phú, Tân Hòa, Thạch Thán – Ngọc Mỹ, Ngọc Liệp,")
    w("  Bát Tràng, Kiêu Kỵ, Phú Thị), the 2022 reports (Bình Minh – Cao Viên, CN3 Sóc Sơn), the legacy")
    w("  clusters under 10 ha (Liên Hà 2.8, Đắc Sở 6.28, Phùng Xá 4.2, Đại Yên 1.4, Phụng Châu 4.5 ha;")
    w("  https://baomoi.com/ha-noi-thanh-lap-nhieu-cum-cong-nghiep/c/22779437.epi ) and the six founded")
    w("  together with 70.262 ha (Thanh Thùy, Ngọc Sơn, Liên Hà, Vân Hà, Phú Thịnh, Phú Thị;")
    w("  http://vietbuild.info/diemtin/ha-noi-thanh-lap-loat-cum-cong-nghiep-tai-cac-xa-thanh-thuy-ngoc-son-lien-ha-van-ha-phu-thinh-va-phu-thi/ ;")
    w("  here their declared areas add up to 70.26 ha). Their districts follow domain.md, where the")
    w("  district is marked [U] it was chosen by commune name (e.g. Phú Túc and Phú Yên are put in")
    w("  Phú Xuyên, whose communes they are, although the report listed them with Đa Sỹ under Hà Đông).")
    w("  Sizes of the non-legacy press clusters are not from the reports: they are invented.")
    w("  Clusters marked *invented* do not come from any report: they are named after a real commune")
    w("  of the district to make the scene denser (Hạ Lôi and Thạch Bàn were put next to the real")
    w("  building footprints copied in `geodata/real/comokit-vn-buildings/`).")
    w("* Parks: the \"Individual IPs\" table of domain.md §5 (names, districts, approximate areas and")
    w("  coordinates, all **[U]**).")
    w("* `trang_thai` is one of `đang hoạt động` (operating), `đã thành lập` (founded), `đề xuất`")
    w("  (proposed). `lang_nghe` = 1 for craft-village clusters, `mien_nui` = 1 for clusters in a")
    w("  mountainous district (only Ba Vì is flagged here; [U] whether others should be).")
    w("* Text is UTF-8, NFC (precomposed), with the tone mark placement of the press (\"Hòa\").")
    w("  The en dash in \"Thạch Thán – Ngọc Mỹ\" etc. is U+2013.")
    w("")
    w("## Fields")
    w("")
    w("Clusters (Shapefile and GeoJSON): `ma_ccn` String(12) unique code `CCN-<district>-<nn>`;")
    w("`ten_ccn` String(100); `huyen` String(40); `trang_thai` String(30); `dien_tich` Real(10,2)")
    w("declared ha; `lang_nghe` Integer(1); `mien_nui` Integer(1). Parks (GeoPackage): `ma_kcn`")
    w("`KCN-<district>-<nn>`, `ten_kcn`, `huyen`, `dien_tich`. (DBF widths are bytes; the longest")
    w("name takes %d of 100.)" % max(len(c["name"].encode("utf-8")) for c in clusters))
    w("")
    w("District codes: " + ", ".join("%s = %s" % (v, k) for k, v in sorted(DCODE.items(), key=lambda kv: kv[1])) + ".")
    w("")
    w("## Deliberate defects (cluster layer)")
    w("")
    w("Exactly two invalid polygons and exactly one overlapping pair; everything else is valid and")
    w("at least %d m from every other feature (clusters and parks)." % CLEARANCE_M)
    w("")
    for c in invalid:
        if c["defect"] == "bowtie":
            w("* **%s** %s: **bow-tie** (figure-eight) ring, %d vertices, two unequal lobes whose areas add up" % (c["code"], c["name"], c["nverts"]))
            w("  to %s ha; its shoelace (GEOS) area is only %s ha because the lobes have opposite" % (fmt_ha(c["lobes_m2"]), fmt_ha(abs(c["area"]))))
            w("  orientation. GEOS on the Shapefile: `%s`; on the GeoJSON: `%s`." % reasons[c["code"]])
        else:
            w("* **%s** %s: **spike**: the ring goes out 140 m from the vertex (%.2f, %.2f) to (%.2f, %.2f)" % (
                (c["code"], c["name"]) + c["spike_base_pt"] + c["spike_tip_pt"]))
            w("  and straight back to the same vertex (a duplicated, non-consecutive vertex; the ring")
            w("  touches itself along the spike); %d vertices; area %s ha (the spike has no area)." % (c["nverts"], fmt_ha(abs(c["area"]))))
            w("  GEOS on the Shapefile: `%s`; on the GeoJSON: `%s`." % reasons[c["code"]])
    w("* **Overlap**: **%s** %s and **%s** %s overlap by **%s ha** (%.1f m²)." % (
        ov_a, name[ov_a], ov_b, name[ov_b], fmt_ha(ov_m2), ov_m2))
    w("  Thiết Bình is a village of Vân Hà commune, so the two registers plausibly claim the same land.")
    w("")
    w("Other cases the scene contains on purpose (not defects):")
    w("")
    big = [c for c in clusters if c["ha"] > 75]
    small = [c for c in clusters if c["ha"] < 10]
    w("* above 75 ha: " + ", ".join("%s %s (%.2f ha, %s)" % (c["code"], c["name"], c["ha"], c["status"]) for c in big) + ";")
    w("* under 10 ha: " + "; ".join("%s %s %.2f ha, %s%s%s" % (
        c["code"], c["name"], c["ha"], c["status"], ", lang_nghe" if c["craft"] else "",
        ", mien_nui" if c["mountain"] else "") for c in small) + ";")
    w("* the same name in two districts: Cụm công nghiệp Liên Hà (Đan Phượng, legacy 2.8 ha; Đông Anh, 2022).")
    if bld:
        w("* clusters and parks near real building footprints (`geodata/real/comokit-vn-buildings/`, OSM, reprojected")
        w("  from EPSG:3857 to EPSG:5897):")
        for code, (key, nin, ain, nnear) in sorted(bld.items()):
            w("  %s %s vs `%s/buildings.shp`: %d buildings intersect the polygon (%.1f m² of footprint inside), %d intersect its 300 m buffer (GEOS, 16 segments per quarter circle; inside ones included)." % (
                code, name[code], key, nin, ain, nnear))
    w("")
    w("## Clusters")
    w("")
    w("| ma_ccn | ten_ccn | huyen | trang_thai | dien_tich (declared ha) | drawn ha (EPSG:5897) | drawn/declared | lang_nghe | mien_nui | shape | vertices | moved (m) | source |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in clusters:
        area = abs(c["area"]) if c["defect"] != "bowtie" else c["lobes_m2"]
        note = "" if c["defect"] != "bowtie" else " (lobes)"
        w("| %s | %s | %s | %s | %.2f | %s%s | %+.2f %% | %d | %d | %s | %d | %.0f | %s |" % (
            c["code"], c["name"], c["huyen"], c["status"], c["ha"], fmt_ha(area), note,
            round((area / (c["ha"] * 1e4) - 1) * 100, 2) + 0.0, c["craft"], c["mountain"],
            c["kind"] + ("+spike" if c["defect"] == "spike" else ""), c["nverts"],
            c["offset"], src_note[c["source"]]))
    w("")
    w("## Parks")
    w("")
    w("| ma_kcn | ten_kcn | huyen (of centroid) | dien_tich | drawn ha | districts touched | shape | moved (m) |")
    w("|---|---|---|---|---|---|---|---|")
    for p in parks:
        w("| %s | %s | %s | %.2f | %s | %s | %s | %.0f |" % (
            p["code"], p["name"], p["huyen"], p["ha"], fmt_ha(p["area"]),
            "; ".join(p["crossed"]), p["kind"], p["offset"]))
    w("")
    w("## Regenerate")
    w("")
    w("    /usr/bin/python3 scripts/make_demo_scene.py")
    w("")
    w("Needs Debian's python3-gdal (GDAL 3.6, PROJ 9.1). Output is byte-identical from run to run:")
    w("no clock and no unseeded randomness; the DBF header date is pinned with")
    w("`DBF_DATE_LAST_UPDATE=%s` and the GeoPackage timestamps with `OGR_CURRENT_DATE`." % FIXED_DATE)
    w("A different GDAL/PROJ version may write different bytes (and different last digits in the")
    w("GeoJSON). SHA-256 of this run:")
    w("")
    for p in outputs:
        w("    %s  %s" % (sha256(p), os.path.basename(p)))
    w("")
    w("## Licence")
    w("")
    w("The generated data (outlines, codes, declared figures) is MIT, like the code (repository")
    w("LICENSE). The outlines were fitted into the dvhcvn-gis district polygons, which are GPL-3.0")
    w("(government data, github.com/daohoangson/dvhcvn); whenever the district layer itself is used")
    w("or shipped with the scene, its GPL-3.0 terms and attribution apply (see")
    w("`geodata/real/dvhcvn/PROVENANCE.md`).")
    with open(os.path.join(OUT, "PROVENANCE.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(L) + "\n")


def gdal_reason(g):
    # IsValid() emits the GEOS reason as a CPL warning; capture it
    msgs = []

    def handler(cls, num, msg):
        msgs.append(msg)
    gdal.PushErrorHandler(handler)
    try:
        g.IsValid()
    finally:
        gdal.PopErrorHandler()
    return msgs[0] if msgs else "invalid"


def main():
    districts, clusters, parks = build()
    shp, gj, gpkg = write_all(clusters, parks)
    overlap, maxd, reasons = check(shp, gj, gpkg, clusters, parks, districts)
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        bld = buildings_near([c for c in clusters if not c["defect"]] + parks)
    finally:
        gdal.PopErrorHandler()
    outputs = [os.path.join(OUT, "hanoi_clusters_vn2000" + e)
               for e in (".shp", ".shx", ".dbf", ".prj", ".cpg")] + [gj, gpkg]
    write_provenance(clusters, parks, overlap, maxd, reasons, bld, outputs)
    for p in outputs + [os.path.join(OUT, "PROVENANCE.md")]:
        print("%8d  %s" % (os.path.getsize(p), rel(p)))
    print("invalid: " + ", ".join(c["code"] for c in clusters if c["defect"]))
    print("overlap: %s x %s, %.2f ha" % (overlap[0], overlap[1], overlap[2] / 1e4))


if __name__ == "__main__":
    main()
