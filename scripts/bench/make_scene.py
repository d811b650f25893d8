#!/usr/bin/python3
"""make_scene.py: a synthetic, deterministic land-use scene for benchmarks.

Writes into --out DIR:
  parcels.gpkg   layer "parcels":  polygons that tile a rectangle exactly
                 (a grid whose interior vertices are jittered; neighbours share
                 the very same vertex coordinates, so there are no gaps and no
                 overlaps), fields so_to, so_thua, ma_ldat
  clusters.gpkg  layer "clusters": non-overlapping rotated rectangles and convex
                 polygons of 10-75 ha, fields ma_ccn, ten_ccn
  scene.json     what was generated (size, seed, counts, bounds)
With --job also housing at two dates, proposals and job.scenario, the
whole job for `zoneguard run` (see scene_job.py beside this file).

All in EPSG:5897 (VN-2000 / TM-3 zone 482), origin E 560 000, N 2 300 000.
Same arguments -> byte-identical files (fixed seed, OGR_CURRENT_DATE fixed).

Python 3 standard library + GDAL's Python bindings (Debian: python3-gdal);
run with /usr/bin/python3. This is a benchmark tool, not a test fixture.
"""
import argparse
import json
import math
import os
import random
import struct
import sys
import time

from osgeo import gdal, ogr, osr

# Sizes: grid cells per side and cell size (m), number of clusters.
# Cell sizes are chosen so that the clusters cover about a fifth of the region.
SIZES = {
    #          nx    ny    cell_m  clusters
    "small": (141, 142, 100.0, 100),      # 20 022 parcels, 14.1 x 14.2 km
    "medium": (548, 548, 60.0, 600),      # 300 304 parcels, 32.9 x 32.9 km
    "large": (1415, 1414, 45.0, 2000),    # 2 000 810 parcels, 63.7 x 63.6 km
}

ORIGIN_E = 560000.0
ORIGIN_N = 2300000.0
JITTER = 0.25          # max vertex shift, fraction of the cell (keeps quads convex)
COMMIT_EVERY = 100000  # features per OGR transaction
FIXED_DATE = "2024-08-01T00:00:00Z"

# Land-use mix (TT 27/2018 / TT 08/2024 codes), percent.
CODE_MIX = [
    ("LUC", 35.0), ("ONT", 20.0), ("CLN", 10.0), ("DGT", 8.0), ("HNK", 8.0),
    ("SKN", 5.0), ("NTS", 5.0), ("SON", 4.0),
    # the other 5 %
    ("LUK", 1.0), ("ODT", 1.0), ("DTL", 0.75), ("DGD", 0.5), ("TMD", 0.5),
    ("SKC", 0.5), ("DYT", 0.25), ("NTD", 0.25), ("BCS", 0.25),
]

COMMUNES = [
    "Phú Nghĩa", "Thanh Thùy", "Ngọc Sơn", "Liên Hà", "Vân Hà", "Phú Thịnh",
    "Phú Thị", "Dị Nậu", "Chàng Sơn", "Hữu Bằng", "Bình Phú", "Tân Hòa",
    "Ngọc Liệp", "Kiêu Kỵ", "Đa Sỹ", "Thiết Bình", "Phú Túc", "Phú Yên",
    "Đắc Sở", "Phùng Xá", "Đại Yên", "Phụng Châu", "Bình Minh", "Cao Viên",
]

MASK64 = (1 << 64) - 1


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def vertex_row(j, nx, ny, cell, seed):
    """Coordinates of the grid vertices of row j (0..ny), rounded to 1 cm.

    A pure function of (i, j, seed): the two parcels sharing a vertex compute
    the same numbers. Boundary vertices are not jittered, so the region stays
    an exact rectangle."""
    xs = [0.0] * (nx + 1)
    ys = [0.0] * (nx + 1)
    amp = JITTER * cell
    y0 = ORIGIN_N + j * cell
    base = (seed & 0xFFFFFFFF) << 32
    for i in range(nx + 1):
        x = ORIGIN_E + i * cell
        y = y0
        if 0 < i < nx and 0 < j < ny:
            h = splitmix64(base ^ (j * 0x100000 + i))
            u = (h & 0xFFFFFFFF) / 4294967296.0
            v = (h >> 32) / 4294967296.0
            x += (2.0 * u - 1.0) * amp
            y += (2.0 * v - 1.0) * amp
        xs[i] = round(x, 2)
        ys[i] = round(y, 2)
    return xs, ys


def polygon_wkb(ring):
    """WKB (little endian) of a polygon with one closed ring."""
    n = len(ring)
    out = [struct.pack("<BIII", 1, 3, 1, n)]
    for x, y in ring:
        out.append(struct.pack("<dd", x, y))
    return b"".join(out)


def make_srs():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(5897)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def create_gpkg(path, layer_name, srs, fields):
    drv = ogr.GetDriverByName("GPKG")
    if os.path.exists(path):
        os.remove(path)
    ds = drv.CreateDataSource(path)
    if ds is None:
        sys.exit("make_scene: cannot create %s" % path)
    lyr = ds.CreateLayer(layer_name, srs, ogr.wkbPolygon,
                         options=["FID=fid", "GEOMETRY_NAME=geom",
                                  "SPATIAL_INDEX=YES"])
    for name, ftype, width in fields:
        fd = ogr.FieldDefn(name, ftype)
        if width:
            fd.SetWidth(width)
        lyr.CreateField(fd)
    return ds, lyr


def write_parcels(path, nx, ny, cell, seed, srs, verbose):
    rng = random.Random(seed * 7919 + 1)
    codes = [c for c, _ in CODE_MIX]
    cum = []
    acc = 0.0
    for _, p in CODE_MIX:
        acc += p
        cum.append(acc)
    total = acc
    ds, lyr = create_gpkg(path, "parcels", srs,
                          [("so_to", ogr.OFTInteger, 0),
                           ("so_thua", ogr.OFTInteger, 0),
                           ("ma_ldat", ogr.OFTString, 8)])
    defn = lyr.GetLayerDefn()
    i_to = defn.GetFieldIndex("so_to")
    i_thua = defn.GetFieldIndex("so_thua")
    i_code = defn.GetFieldIndex("ma_ldat")
    counts = {c: 0 for c in codes}
    sheet = 50  # cells per side of one cadastral sheet (so_to)
    sheets_x = (nx + sheet - 1) // sheet
    n = 0
    t0 = time.time()
    ds.StartTransaction()
    lo_x, lo_y = vertex_row(0, nx, ny, cell, seed)
    for j in range(ny):
        hi_x, hi_y = vertex_row(j + 1, nx, ny, cell, seed)
        for i in range(nx):
            ring = ((lo_x[i], lo_y[i]), (lo_x[i + 1], lo_y[i + 1]),
                    (hi_x[i + 1], hi_y[i + 1]), (hi_x[i], hi_y[i]),
                    (lo_x[i], lo_y[i]))
            r = rng.random() * total
            k = 0
            while cum[k] <= r:
                k += 1
            code = codes[k]
            counts[code] += 1
            f = ogr.Feature(defn)
            f.SetField(i_to, (j // sheet) * sheets_x + i // sheet + 1)
            f.SetField(i_thua, (j % sheet) * sheet + i % sheet + 1)
            f.SetField(i_code, code)
            f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(polygon_wkb(ring)))
            if lyr.CreateFeature(f) != 0:
                sys.exit("make_scene: CreateFeature failed on parcel %d" % n)
            n += 1
            if n % COMMIT_EVERY == 0:
                ds.CommitTransaction()
                ds.StartTransaction()
                if verbose:
                    print("  parcels: %d / %d (%.1f s)" % (n, nx * ny,
                          time.time() - t0), file=sys.stderr)
        lo_x, lo_y = hi_x, hi_y
    ds.CommitTransaction()
    ds = None  # closes, builds the R-tree
    return n, counts


def cluster_shape(rng, cx, cy):
    """A rotated rectangle (70 %) or a convex polygon (30 %) of 10-75 ha
    centred on (cx, cy); vertices rounded to 1 cm, counter-clockwise."""
    area = rng.uniform(10.5, 74.5) * 10000.0
    theta = rng.uniform(0.0, math.pi)
    c, s = math.cos(theta), math.sin(theta)
    if rng.random() < 0.7:
        k = rng.uniform(1.0, 2.5)
        w, h = math.sqrt(area * k), math.sqrt(area / k)
        local = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2),
                 (-w / 2, h / 2)]
    else:
        m = rng.randint(5, 9)
        # points on an ellipse, in angular order: always a convex polygon
        angles = [2 * math.pi * t / m + rng.uniform(-0.3, 0.3) * math.pi / m
                  for t in range(m)]
        e = rng.uniform(1.0, 1.8)
        local = [(e * math.cos(a), math.sin(a) / e) for a in angles]
        a0 = 0.0
        for t in range(m):
            x1, y1 = local[t]
            x2, y2 = local[(t + 1) % m]
            a0 += x1 * y2 - x2 * y1
        a0 /= 2.0
        f = math.sqrt(area / a0)
        local = [(x * f, y * f) for x, y in local]
    pts = [(round(cx + x * c - y * s, 2), round(cy + x * s + y * c, 2))
           for x, y in local]
    return pts


def shoelace(pts):
    a = 0.0
    for t in range(len(pts)):
        x1, y1 = pts[t]
        x2, y2 = pts[(t + 1) % len(pts)]
        a += x1 * y2 - x2 * y1
    return a / 2.0


def separated(p, q, gap):
    """Separating-axis test for two convex polygons: True if some edge normal
    separates them by at least gap metres."""
    for poly in (p, q):
        m = len(poly)
        for t in range(m):
            x1, y1 = poly[t]
            x2, y2 = poly[(t + 1) % m]
            nx_, ny_ = y2 - y1, x1 - x2
            ln = math.hypot(nx_, ny_)
            if ln == 0:
                continue
            nx_ /= ln
            ny_ /= ln
            pa = [x * nx_ + y * ny_ for x, y in p]
            qa = [x * nx_ + y * ny_ for x, y in q]
            if max(pa) + gap <= min(qa) or max(qa) + gap <= min(pa):
                return True
    return False


def write_clusters(path, ncl, width, height, seed, srs):
    rng = random.Random(seed * 104729 + 2)
    gap = 30.0
    bucket = 1700.0  # > largest cluster diameter (~1480 m) + gap
    grid = {}
    placed = []
    tries = 0
    while len(placed) < ncl:
        tries += 1
        if tries > 500 * ncl:
            sys.exit("make_scene: could place only %d of %d clusters"
                     % (len(placed), ncl))
        # centres anywhere in the region: clusters near the edge stick out,
        # which gives the "uncovered" part something to measure
        cx = ORIGIN_E + rng.uniform(0.0, width)
        cy = ORIGIN_N + rng.uniform(0.0, height)
        pts = cluster_shape(rng, cx, cy)
        bx, by = int((cx - ORIGIN_E) // bucket), int((cy - ORIGIN_N) // bucket)
        ok = True
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for q in grid.get((bx + dx, by + dy), ()):
                    if not separated(pts, q, gap):
                        ok = False
                        break
                if not ok:
                    break
            if not ok:
                break
        if not ok:
            continue
        grid.setdefault((bx, by), []).append(pts)
        placed.append(pts)
    ds, lyr = create_gpkg(path, "clusters", srs,
                          [("ma_ccn", ogr.OFTString, 16),
                           ("ten_ccn", ogr.OFTString, 80)])
    defn = lyr.GetLayerDefn()
    ds.StartTransaction()
    total_ha = 0.0
    for k, pts in enumerate(placed, 1):
        f = ogr.Feature(defn)
        f.SetField("ma_ccn", "CCN-%04d" % k)
        f.SetField("ten_ccn", "Cụm công nghiệp %s %d"
                   % (COMMUNES[(k - 1) % len(COMMUNES)],
                      (k - 1) // len(COMMUNES) + 1))
        f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(
            polygon_wkb(pts + [pts[0]])))
        total_ha += shoelace(pts) / 10000.0
        lyr.CreateFeature(f)
    ds.CommitTransaction()
    ds = None
    return len(placed), total_ha, tries, placed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="small")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=20240801)
    ap.add_argument("--job", action="store_true",
                    help="also housing_2020/2025.gpkg, proposals.gpkg, "
                         "job.scenario (scene_job.py)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    nx, ny, cell, ncl = SIZES[a.size]
    os.makedirs(a.out, exist_ok=True)
    gdal.UseExceptions()
    ogr.UseExceptions()
    # fixed timestamps in gpkg_contents -> byte-identical files
    gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_DATE)
    srs = make_srs()
    t0 = time.time()
    ppath = os.path.join(a.out, "parcels.gpkg")
    cpath = os.path.join(a.out, "clusters.gpkg")
    # write under temporary names, rename at the end: a half-written scene is
    # never mistaken for a finished one
    ptmp, ctmp = ppath + ".part.gpkg", cpath + ".part.gpkg"
    nc, cl_ha, tries, placed = write_clusters(ctmp, ncl, nx * cell,
                                              ny * cell, a.seed, srs)
    t1 = time.time()
    npar, counts = write_parcels(ptmp, nx, ny, cell, a.seed, srs, a.verbose)
    t2 = time.time()
    os.replace(ctmp, cpath)
    os.replace(ptmp, ppath)
    meta = {
        "size": a.size, "seed": a.seed, "crs": "EPSG:5897",
        "grid": [nx, ny], "cell_m": cell,
        "bounds": [ORIGIN_E, ORIGIN_N, ORIGIN_E + nx * cell,
                   ORIGIN_N + ny * cell],
        "parcels": npar, "clusters": nc,
        "clusters_plane_ha": round(cl_ha, 4),
        "code_counts": counts,
        "generator": "scripts/bench/make_scene.py",
    }
    with open(os.path.join(a.out, "scene.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print("make_scene: %s: %d parcels, %d clusters (%.1f ha, %d tries) "
          "in %.1f s (clusters %.1f s, parcels %.1f s) -> %s"
          % (a.size, npar, nc, cl_ha, tries, t2 - t0, t1 - t0, t2 - t1,
             a.out), file=sys.stderr)
    if a.job:
        import scene_job  # beside this file
        what = scene_job.write_job(a.out, a.size, placed, meta["bounds"],
                                   a.seed, create_gpkg, srs, COMMIT_EVERY)
        print("make_scene: job: %s in %.1f s" % (what, time.time() - t2),
              file=sys.stderr)


if __name__ == "__main__":
    main()
