"""scene_job.py: the rest of the planner's job on make_scene.py's scene.

Imported by make_scene.py --job; writes, beside parcels.gpkg and
clusters.gpkg:

  housing_2020.gpkg, housing_2025.gpkg  layer "housing": house footprints
      (8-16 m rectangles) in villages grown near the clusters, some inside
      them; 2025 = 2020 minus a few cleared plus new houses (a house kept
      has the very same polygon at both dates); field ma_nha
  proposals.gpkg  layer "proposals": 20 proposed clusters, at least one of
      each kind the rules of geodata/rules/hanoi_ccn.csv judge (field kind
      says which), with the attributes the rules read (ma, ten, lang_nghe,
      mien_nui, hazard_class, mo_rong)
  job.scenario    the whole job for `zoneguard run` (paths relative to it)
  job.json        counts and the proposals' kinds

Deterministic: each cluster's villages come from a generator seeded by the
scene's seed and the cluster's number, the proposals from one seeded by the
seed alone; nothing here draws from make_scene.py's generators, so parcels
and clusters stay the bytes they are without --job. Spatial tests (distance,
overlap) are GEOS's, through OGR.
"""
import json
import math
import os
import random
import sys

from osgeo import ogr

EPOCHS = ("2020", "2025")
RINGS_M = (100, 300, 500)
HOUSES_PER_CLUSTER = 40    # at the first date: 2 000 clusters -> ~80 k
PITCH_M = 24.0             # village grid; houses are at most 16 + 2*2 m wide
CLEARED = 0.04             # share of the first date's houses gone later
GROWTH = 0.14              # new houses at the later date, share of the first
BUCKET_M = 250.0


def _rect(cx, cy, w, h, theta):
    c, s = math.cos(theta), math.sin(theta)
    loc = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    return [(round(cx + x * c - y * s, 2), round(cy + x * s + y * c, 2))
            for x, y in loc]


def _poly(pts):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in list(pts) + [pts[0]]:
        ring.AddPoint_2D(x, y)
    g = ogr.Geometry(ogr.wkbPolygon)
    g.AddGeometry(ring)
    return g


def _villages(k, pts, seed):
    """Villages of cluster k (its vertices pts, counter-clockwise): centre,
    axis angle, radius. Centres lie on the outward normal of a boundary
    point, from 120 m inside to 650 m outside."""
    rng = random.Random(seed * 1000003 + 7919 * k + 5)
    out = []
    m = len(pts)
    for _ in range(rng.randint(2, 4)):
        t = rng.randrange(m)
        (x1, y1), (x2, y2) = pts[t], pts[(t + 1) % m]
        u = rng.random()
        bx, by = x1 + u * (x2 - x1), y1 + u * (y2 - y1)
        ln = math.hypot(x2 - x1, y2 - y1)
        nx, ny = (y2 - y1) / ln, -(x2 - x1) / ln     # outward (CCW ring)
        d = -120.0 if rng.random() < 0.15 else rng.uniform(20.0, 650.0)
        out.append((bx + nx * d, by + ny * d, math.atan2(y2 - y1, x2 - x1),
                    rng.uniform(60.0, 110.0), rng))
    return out


def make_housing(clusters, seed):
    """Houses of both dates: a list of (id, pts, in_first, in_second),
    and the villages (cx, cy, radius, cluster index)."""
    houses = []
    villages = []
    for k, pts in enumerate(clusters, 1):
        cells = []
        for cx, cy, theta, rad, rng in _villages(k, pts, seed):
            villages.append((cx, cy, rad, k - 1))
            n = int(rad // PITCH_M)
            c, s = math.cos(theta), math.sin(theta)
            for a in range(-n, n + 1):
                for b in range(-n, n + 1):
                    if math.hypot(a, b) * PITCH_M > rad:
                        continue
                    x = cx + a * PITCH_M * c - b * PITCH_M * s
                    y = cy + a * PITCH_M * s + b * PITCH_M * c
                    cells.append((x + rng.uniform(-2, 2),
                                  y + rng.uniform(-2, 2),
                                  rng.uniform(8, 16), rng.uniform(8, 16),
                                  theta, rng.random(), rng.random()))
        p1 = min(0.85, HOUSES_PER_CLUSTER / max(1, len(cells)))
        g = min(1.0 - p1, p1 * GROWTH)
        for x, y, w, h, theta, u, v in cells:
            first = u < p1
            second = (first and v >= CLEARED) or (p1 <= u < p1 + g)
            if first or second:
                houses.append(("H-%07d" % (len(houses) + 1),
                               _rect(x, y, w, h, theta), first, second))
    return houses, villages


class _Index:
    """Envelopes in buckets of BUCKET_M: the houses or clusters near a box."""

    def __init__(self):
        self.b = {}

    def add(self, env, item):
        x0, x1, y0, y1 = env
        for i in range(int(x0 // BUCKET_M), int(x1 // BUCKET_M) + 1):
            for j in range(int(y0 // BUCKET_M), int(y1 // BUCKET_M) + 1):
                self.b.setdefault((i, j), []).append(item)

    def near(self, env, margin):
        x0, x1, y0, y1 = env
        seen = set()
        out = []
        for i in range(int((x0 - margin) // BUCKET_M),
                       int((x1 + margin) // BUCKET_M) + 1):
            for j in range(int((y0 - margin) // BUCKET_M),
                           int((y1 + margin) // BUCKET_M) + 1):
                for it in self.b.get((i, j), ()):
                    if id(it) not in seen:
                        seen.add(id(it))
                        out.append(it)
        return out


class _Placer:
    """Finds places for proposals with the properties a kind needs."""

    def __init__(self, clusters, houses, bounds, seed):
        self.rng = random.Random(seed * 104723 + 11)
        self.bounds = bounds
        self.cl = []
        self.ci = _Index()
        for k, pts in enumerate(clusters):
            g = _poly(pts)
            self.cl.append(g)
            self.ci.add(g.GetEnvelope(), (k, g))
        self.hi = _Index()       # houses of either date
        self.h2 = _Index()       # houses of the later date
        self.new = _Index()      # houses new at the later date
        for hid, pts, a, b in houses:
            g = _poly(pts)
            env = g.GetEnvelope()
            self.hi.add(env, g)
            if b:
                self.h2.add(env, g)
            if b and not a:
                self.new.add(env, g)
        self.placed = []         # proposals so far (ogr geometries)

    def dist(self, idx, g, reach):
        d = math.inf
        for it in idx.near(g.GetEnvelope(), reach):
            h = it[1] if isinstance(it, tuple) else it
            d = min(d, g.Distance(h))
        return d

    def clear_of_proposals(self, g, gap=30.0):
        return all(g.Distance(p) >= gap for p in self.placed)

    def shape(self, cx, cy, area_ha, theta=None, k=1.3):
        if theta is None:
            theta = self.rng.uniform(0, math.pi)
        a = area_ha * 1e4
        return _poly(_rect(cx, cy, math.sqrt(a * k), math.sqrt(a / k), theta))

    def empty(self, area_ha, clear_m, tries=4000):
        """Inside the parcels' rectangle, clear_m from every house, cluster
        and earlier proposal."""
        x0, y0, x1, y1 = self.bounds
        r = math.sqrt(area_ha * 1e4) + 50
        for _ in range(tries):
            cx = self.rng.uniform(x0 + r, x1 - r)
            cy = self.rng.uniform(y0 + r, y1 - r)
            g = self.shape(cx, cy, area_ha)
            if (self.dist(self.ci, g, clear_m) >= clear_m and
                    self.dist(self.hi, g, clear_m) >= clear_m and
                    self.clear_of_proposals(g, clear_m)):
                return g
        return None

    def at_distance(self, villages, area_ha, target_m, need_new=False,
                    tries=400):
        """A proposal whose nearest house of the later date is target_m
        away (within 10 %), clear of clusters and earlier proposals; with
        need_new, new houses within 300 m (housing growth in its rings)."""
        for _ in range(tries):
            vx, vy, rad, _k = villages[self.rng.randrange(len(villages))]
            phi = self.rng.uniform(0, 2 * math.pi)
            theta = self.rng.uniform(0, math.pi)
            lo, hi = 0.0, 3000.0
            g = None
            for _ in range(30):       # distance grows with the offset
                t = (lo + hi) / 2
                g = self.shape(vx + t * math.cos(phi), vy + t * math.sin(phi),
                               area_ha, theta)
                if self.dist(self.h2, g, target_m * 1.2 + 1) < target_m:
                    lo = t
                else:
                    hi = t
            g = self.shape(vx + hi * math.cos(phi), vy + hi * math.sin(phi),
                           area_ha, theta)
            d = self.dist(self.h2, g, target_m * 2 + 10)
            if not (target_m * 0.9 <= d <= target_m * 1.1 + 0.5):
                continue
            if self.dist(self.ci, g, 30) < 30 or not self.clear_of_proposals(g):
                continue
            if need_new and self.dist(self.new, g, 300) > 300:
                continue
            return g
        return None


def _fallback(what):
    sys.exit("make_scene --job: found no place for the proposal '%s' "
             "(try another --seed)" % what)


def make_proposals(clusters, houses, villages, bounds, seed):
    """The proposals: (ma, kind, geometry, attributes). Every rule of
    hanoi_ccn.csv has a proposal that fails or warns on it, and two pass
    everything."""
    P = _Placer(clusters, houses, bounds, seed)
    x0, y0, x1, y1 = bounds
    out = []

    def add(kind, g, hazard="V", lang=0, mien=0, mo_rong=""):
        if g is None:
            _fallback(kind)
        P.placed.append(g)
        out.append(("DX-%02d" % (len(out) + 1), kind, g,
                    {"hazard_class": hazard, "lang_nghe": lang,
                     "mien_nui": mien, "mo_rong": mo_rong}))

    # passes everything: 4 km outside the parcels (no rice land), far from
    # every house and cluster (the clusters' centres are inside)
    add("pass", P.shape(x0 - 4000, (y0 + y1) / 2, 40.0, 0.3), hazard="I")
    add("pass", P.shape((x0 + x1) / 2 + 1000, y0 - 4000, 60.0, 1.1),
        hazard="III")
    add("too_small_R1", P.empty(6.0, 60))
    add("too_large_R1", P.empty(92.0, 60) or P.empty(92.0, 0))
    add("craft_village_R2_pass", P.empty(7.0, 60), lang=1)
    add("mountain_too_small_R2", P.empty(4.0, 60), mien=1)
    # centred on a village of more than 10 houses, clear of clusters
    g = None
    for _ in range(400):
        vx, vy, rad, _k = villages[P.rng.randrange(len(villages))]
        c = P.shape(vx, vy, 15.0)
        inside = [h for h in P.h2.near(c.GetEnvelope(), 0) if c.Intersects(h)]
        if (len(inside) > 10 and P.dist(P.ci, c, 30) >= 30 and
                P.clear_of_proposals(c)):
            g = c
            break
    add("residents_inside_R4", g)
    add("rice_land_R7", P.empty(25.0, 100))
    # half over a cluster's first vertex
    g = None
    for _ in range(400):
        k = P.rng.randrange(len(clusters))
        vx, vy = clusters[k][0]
        c = P.shape(vx, vy, 30.0)
        others = [it for it in P.ci.near(c.GetEnvelope(), 0)
                  if it[0] != k and c.Intersects(it[1])]
        if not others and P.clear_of_proposals(c):
            g = c
            break
    add("overlaps_cluster_R12", g)
    # expansions: drawn as the added land, over a vertex of the cluster
    for kind, area_ha, want in (("expansion_R3_pass", 20.0, lambda a: a <= 45),
                                ("expansion_too_big_R3", 30.0,
                                 lambda a: a >= 60)):
        g = mo = None
        for _ in range(800):
            k = P.rng.randrange(len(clusters))
            if not want(P.cl[k].GetArea() / 1e4):
                continue
            vx, vy = clusters[k][0]
            c = P.shape(vx, vy, area_ha)
            others = [it for it in P.ci.near(c.GetEnvelope(), 10)
                      if it[0] != k and c.Distance(it[1]) < 10]
            if not others and P.clear_of_proposals(c):
                g, mo = c, "CCN-%04d" % (k + 1)
                break
        add(kind, g, mo_rong=mo or "")
    add("expansion_unknown_R3_skipped", P.empty(20.0, 60), mo_rong="CCN-9999")
    add("near_housing_R10", P.at_distance(villages, 12.0, 30.0))
    add("in_green_belt_R9", P.at_distance(villages, 12.0, 5.0))
    add("hazard_III_near_R10", P.at_distance(villages, 20.0, 150.0),
        hazard="III")
    add("hazard_IV_far_R10_pass", P.at_distance(villages, 20.0, 180.0),
        hazard="IV")
    add("growth_in_rings_R13", P.at_distance(villages, 15.0, 60.0,
                                             need_new=True))
    # two proposals that overlap each other
    g = h = None
    for _ in range(400):
        a = P.empty(20.0, 60, tries=1)
        if a is None:
            continue
        ax0, ax1, ay0, ay1 = a.GetEnvelope()
        pts = [(a.GetGeometryRef(0).GetX(i) + 0.6 * (ax1 - ax0),
                a.GetGeometryRef(0).GetY(i))
               for i in range(4)]
        b = _poly([(round(x, 2), round(y, 2)) for x, y in pts])
        if (P.dist(P.ci, b, 60) >= 60 and P.dist(P.hi, b, 60) >= 60 and
                P.clear_of_proposals(b, 60)):
            g, h = a, b
            break
    add("overlaps_proposal_R12", g)
    if h is not None:
        P.placed.pop()      # the pair may overlap each other only
        P.placed.append(g.Union(h))
        out.append(("DX-%02d" % (len(out) + 1), "overlaps_proposal_R12", h,
                    dict(out[-1][3])))
    else:
        _fallback("overlaps_proposal_R12")
    # self-intersecting ("bowtie"): repaired by MakeValid on the way in
    g = P.empty(24.0, 60)
    if g is None:
        _fallback("repaired_bowtie")
    r = g.GetGeometryRef(0)
    p = [(r.GetX(i), r.GetY(i)) for i in range(4)]
    bow = ogr.Geometry(ogr.wkbPolygon)
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in (p[0], p[2], p[1], p[3], p[0]):
        ring.AddPoint_2D(x, y)
    bow.AddGeometry(ring)
    add("repaired_bowtie", bow)
    return out


def write_housing(path, houses, which, create_gpkg, srs, commit_every):
    ds, lyr = create_gpkg(path, "housing", srs,
                          [("ma_nha", ogr.OFTString, 10)])
    defn = lyr.GetLayerDefn()
    n = 0
    ds.StartTransaction()
    for hid, pts, a, b in houses:
        if not (a, b)[which]:
            continue
        f = ogr.Feature(defn)
        f.SetField("ma_nha", hid)
        f.SetGeometryDirectly(_poly(pts))
        lyr.CreateFeature(f)
        n += 1
        if n % commit_every == 0:
            ds.CommitTransaction()
            ds.StartTransaction()
    ds.CommitTransaction()
    ds = None
    return n


def write_proposals(path, props, create_gpkg, srs):
    ds, lyr = create_gpkg(path, "proposals", srs,
                          [("ma", ogr.OFTString, 8), ("ten", ogr.OFTString, 80),
                           ("kind", ogr.OFTString, 40),
                           ("lang_nghe", ogr.OFTInteger, 0),
                           ("mien_nui", ogr.OFTInteger, 0),
                           ("hazard_class", ogr.OFTString, 3),
                           ("mo_rong", ogr.OFTString, 12)])
    defn = lyr.GetLayerDefn()
    ds.StartTransaction()
    for i, (ma, kind, g, at) in enumerate(props, 1):
        f = ogr.Feature(defn)
        f.SetField("ma", ma)
        f.SetField("ten", "Cụm công nghiệp đề xuất %d" % i)
        f.SetField("kind", kind)
        for k, v in at.items():
            f.SetField(k, v)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    ds.CommitTransaction()
    ds = None


def write_job(out, size, clusters, bounds, seed, create_gpkg, srs,
              commit_every):
    """Everything --job adds; returns a summary for the log line."""
    houses, villages = make_housing(clusters, seed)
    props = make_proposals(clusters, houses, villages, bounds, seed)
    counts = {}
    for which, ep in enumerate(EPOCHS):
        p = os.path.join(out, "housing_%s.gpkg" % ep)
        tmp = p + ".part.gpkg"
        counts[ep] = write_housing(tmp, houses, which, create_gpkg, srs,
                                   commit_every)
        os.replace(tmp, p)
    p = os.path.join(out, "proposals.gpkg")
    write_proposals(p + ".part.gpkg", props, create_gpkg, srs)
    os.replace(p + ".part.gpkg", p)
    scen = os.path.join(out, "job.scenario")
    with open(scen + ".part", "w", encoding="utf-8") as f:
        f.write("# The whole job on the synthetic %s scene (make_scene.py "
                "--job);\n# paths relative to this file.\n" % size)
        f.write("title = Synthetic scene (%s)\n" % size)
        f.write("clusters = clusters.gpkg\n")
        f.write("landuse = parcels.gpkg\ncode_field = ma_ldat\n"
                "codes = tt08_2024\n")
        f.write("# footprints: every feature is housing\n")
        f.write("residential = %s\n" % ", ".join(
            "housing_%s.gpkg" % e for e in EPOCHS))
        f.write("epochs = %s\n" % ", ".join(EPOCHS))
        f.write("rings = %s\n" % ", ".join(str(r) for r in RINGS_M))
        f.write("proposals = proposals.gpkg\n")
    os.replace(scen + ".part", scen)
    meta = {"epochs": list(EPOCHS), "rings_m": list(RINGS_M),
            "housing": counts,
            "housing_both": sum(1 for h in houses if h[2] and h[3]),
            "housing_cleared": sum(1 for h in houses if h[2] and not h[3]),
            "housing_new": sum(1 for h in houses if h[3] and not h[2]),
            "villages": len(villages),
            "proposals": {ma: kind for ma, kind, _g, _a in props}}
    with open(os.path.join(out, "job.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    return "housing %s, %d proposals" % (
        ", ".join("%s: %d" % (e, counts[e]) for e in EPOCHS), len(props))
