#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write zoneguard's test fixtures and their independently computed expected values.

What this script makes (all paths relative to the repository root):

  geodata/tests/known_areas/   small layers whose areas are known independently
  geodata/tests/bad/           inputs for the error paths of the engine
  geodata/tests/PROVENANCE.md  how every fixture and every expected number was made
  tests/expected/areas.csv     every expected area_ha / area_plane_ha, all fixtures
  tests/expected/bad_inputs.csv  how GDAL itself reacts to each bad input

The expected numbers never come from the engine (engine/ is not used at all):

  area_ha        vertices -> `cs2cs -d 15 SRC EPSG:4326` (PROJ's default operation,
                 for VN-2000 that is EPSG:6960) -> GeographicLib `Planimeter -p 10`
                 (series geodesics, what geod_polygonarea and PostGIS
                 ST_Area(geography, true) compute); |outer| - sum |holes|, summed
                 over the parts. Independent route: every edge densified along
                 its geodesic (GeodSolve, <= 10 m steps), projected to PROJ's
                 ellipsoidal laea centred on the feature (exactly equal-area),
                 shoelace. Further checks: `Planimeter -E` and SpatiaLite's
                 ST_Area(ST_Transform(geom, 4326), 1) (`spatialite` CLI; on
                 Debian 12 it is the pre-PostGIS-2.2 algorithm, see PROVENANCE).
  area_plane_ha  analytic where there is a formula (regular n-gon drawn in
                 EPSG:5897: n/2 r^2 sin(2 pi/n)); otherwise vertices ->
                 `cs2cs SRC EPSG:5897` -> shoelace (math.fsum, coordinates taken
                 relative to the ring's first vertex); cross-checked with
                 SpatiaLite ST_Area(ST_Transform(geom, 5897)).

Run it with Debian's Python, which has GDAL's bindings:

    /usr/bin/python3 scripts/make_test_fixtures.py

Requires: python3-gdal (GDAL 3.6), proj-bin (cs2cs), geographiclib-tools
(Planimeter, GeodSolve), spatialite-bin (spatialite), gdal-bin (ogrinfo), glibc iconv.
Output is deterministic: same bytes on every run (no timestamps; the GeoPackage
timestamp is pinned with OGR_CURRENT_DATE, the DBF date with
DBF_DATE_LAST_UPDATE, zip members carry a fixed date).
"""

import csv
import hashlib
import json
import math
import os
import shutil
import struct
import subprocess
import unicodedata
import zipfile

from osgeo import gdal, ogr, osr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_REL = "geodata/tests"
OUT = os.path.join(ROOT, OUT_REL)
EXP_REL = "tests/expected"
EXP = os.path.join(ROOT, EXP_REL)

FIXED_DATE = "2025-01-01"
ENV = dict(os.environ, LC_ALL="C", LANG="C")

gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_DATE + "T00:00:00Z")
# Exceptions stay off: the bad inputs are probed through an error handler.
gdal.DontUseExceptions()
ogr.DontUseExceptions()
osr.DontUseExceptions()


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def rel(path):
    """Repository-relative path with forward slashes."""
    return os.path.relpath(path, ROOT).replace(os.sep, "/")


def run(cmd, stdin=None):
    """Run a command from the repository root; return (rc, stdout, stderr)."""
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                       cwd=ROOT, env=ENV)
    return p.returncode, p.stdout, p.stderr


def srs(epsg):
    s = osr.SpatialReference()
    if s.ImportFromEPSG(epsg) != 0:
        raise SystemExit("cannot import EPSG:%d" % epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def num(x):
    """Shortest text that round-trips a float (Python repr), for WKT/KML."""
    r = repr(float(x))
    return r[:-2] if r.endswith(".0") else r


def rect(x0, y0, dx, dy, ndigits=9):
    """Closed CCW rectangle ring; coordinates rounded so they print short."""
    x1 = round(x0 + dx, ndigits)
    y1 = round(y0 + dy, ndigits)
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def ngon(cx, cy, r, n):
    """Closed CCW regular n-gon, vertex k at angle 2 pi k / n."""
    pts = [(cx + r * math.cos(2 * math.pi * k / n),
            cy + r * math.sin(2 * math.pi * k / n)) for k in range(n)]
    return pts + [pts[0]]


def wkt_polygon(rings):
    return "POLYGON (" + ",".join(
        "(" + ",".join("%s %s" % (num(x), num(y)) for x, y in ring) + ")"
        for ring in rings) + ")"


def wkt_multipolygon(polys):
    return "MULTIPOLYGON (" + ",".join(
        "(" + ",".join("(" + ",".join("%s %s" % (num(x), num(y))
                                      for x, y in ring) + ")"
                       for ring in poly) + ")"
        for poly in polys) + ")"


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def reset_dir(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(path)


# --------------------------------------------------------------------------
# writers
# --------------------------------------------------------------------------

def write_geojson(path, features, name=None):
    """Hand-written GeoJSON (RFC 7946 style, lon/lat, no crs member).

    features: list of (properties dict, geometry dict or None)."""
    name = name or os.path.splitext(os.path.basename(path))[0]
    lines = ['{"type":"FeatureCollection","name":%s,"features":[' %
             json.dumps(name)]
    body = []
    for props, geom in features:
        body.append(json.dumps({"type": "Feature", "properties": props,
                                "geometry": geom},
                               ensure_ascii=False, separators=(",", ":")))
    lines.append(",\n".join(body))
    lines.append("]}")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def gj_polygon(rings):
    return {"type": "Polygon", "coordinates": [[list(p) for p in r]
                                               for r in rings]}


def write_ogr(path, driver, layers, dsco=None):
    """Write one or more layers with OGR.

    layers: list of dicts with name, epsg (or None), gtype, fields
    [(name, type, width)], feats [(values dict, wkt or None)], lco."""
    drv = ogr.GetDriverByName(driver)
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path, options=dsco or [])
    if ds is None:
        raise SystemExit("cannot create " + path)
    for L in layers:
        s = srs(L["epsg"]) if L.get("epsg") else None
        lyr = ds.CreateLayer(L["name"], s, L["gtype"], options=L.get("lco", []))
        for fname, ftype, width in L["fields"]:
            fd = ogr.FieldDefn(fname, ftype)
            if width:
                fd.SetWidth(width)
            lyr.CreateField(fd)
        for values, wkt in L["feats"]:
            f = ogr.Feature(lyr.GetLayerDefn())
            for k, v in values.items():
                f.SetField(k, v)
            if wkt is not None:
                g = ogr.CreateGeometryFromWkt(wkt)
                if g is None:
                    raise SystemExit("bad WKT: " + wkt)
                f.SetGeometry(g)
            if lyr.CreateFeature(f) != 0:
                raise SystemExit("CreateFeature failed in " + path)
    ds = None


SHP_LCO = ["ENCODING=UTF-8", "DBF_DATE_LAST_UPDATE=" + FIXED_DATE]


def write_shp(path, epsg, gtype, fields, feats, lco=None):
    write_ogr(path, "ESRI Shapefile",
              [dict(name=os.path.splitext(os.path.basename(path))[0],
                    epsg=epsg, gtype=gtype, fields=fields, feats=feats,
                    lco=lco if lco is not None else SHP_LCO)])


def write_gpkg(path, layers):
    write_ogr(path, "GPKG", layers)


def write_zip(path, members):
    """Deterministic zip: fixed date, permissions and order."""
    with zipfile.ZipFile(path, "w") as z:
        for arcname, src in members:
            zi = zipfile.ZipInfo(arcname, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            with open(src, "rb") as f:
                z.writestr(zi, f.read(), compress_type=zipfile.ZIP_DEFLATED,
                           compresslevel=9)


# --------------------------------------------------------------------------
# independent measuring routes
# --------------------------------------------------------------------------

PLANIMETER_VERSION = run(["Planimeter", "--version"])[1].strip()
CS2CS_VERSION = run(["cs2cs"])[2].strip().splitlines()[0]


def cs2cs(src, dst, pts):
    """Transform [(a, b)] given in src's axis order; returns dst's axis order.

    EPSG:4326 is lat, lon in both directions (cs2cs honours the EPSG order)."""
    if not pts:
        return []
    stdin = "".join("%r %r\n" % (a, b) for a, b in pts)
    rc, out, err = run(["cs2cs", "-d", "15", "EPSG:%d" % src, "EPSG:%d" % dst],
                       stdin)
    if rc != 0:
        raise SystemExit("cs2cs failed: " + err)
    res = []
    for line in out.splitlines():
        f = line.split()
        if f[0] == "*" or f[1] == "*":
            raise SystemExit("cs2cs could not transform: %s" % line)
        res.append((float(f[0]), float(f[1])))
    if len(res) != len(pts):
        raise SystemExit("cs2cs returned %d points for %d" % (len(res), len(pts)))
    return res


def planimeter(rings_latlon, exact=False):
    """Signed area (m^2, CCW positive) of each ring [(lat, lon)] (closing
    vertex optional). One Planimeter process for all rings."""
    chunks = []
    for ring in rings_latlon:
        pts = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
        chunks.append("".join("%r %r\n" % (la, lo) for la, lo in pts))
    cmd = ["Planimeter", "-p", "10"] + (["-E"] if exact else [])
    rc, out, err = run(cmd, "\n".join(chunks))
    if rc != 0 or err.strip():
        raise SystemExit("Planimeter failed: " + err)
    res = [float(line.split()[2]) for line in out.splitlines() if line.strip()]
    if len(res) != len(rings_latlon):
        raise SystemExit("Planimeter returned %d areas for %d rings"
                         % (len(res), len(rings_latlon)))
    return res


def shoelace(ring):
    """Signed planar area (CCW positive), relative to the first vertex."""
    x0, y0 = ring[0]
    terms = []
    n = len(ring)
    for i in range(n):
        xa, ya = ring[i][0] - x0, ring[i][1] - y0
        xb, yb = ring[(i + 1) % n][0] - x0, ring[(i + 1) % n][1] - y0
        terms.append(xa * yb - xb * ya)
    return 0.5 * math.fsum(terms)


def combine(polys, ring_areas):
    """|outer| - sum |holes| per part, summed over parts (ring_areas flat)."""
    total, k = [], 0
    for poly in polys:
        for j in range(len(poly)):
            a = abs(ring_areas[k])
            total.append(a if j == 0 else -a)
            k += 1
    return math.fsum(total)


def to_latlon(epsg, pts_xy):
    """(x, y) in EPSG axis-agnostic 'GIS order' -> [(lat, lon)]."""
    if epsg == 4326:
        return [(y, x) for x, y in pts_xy]
    return cs2cs(epsg, 4326, pts_xy)


def to_plane(epsg, pts_xy):
    """(x, y) GIS order -> [(E, N)] in EPSG:5897."""
    if epsg == 5897:
        return list(pts_xy)
    if epsg == 4326:
        return cs2cs(4326, 5897, [(y, x) for x, y in pts_xy])
    return cs2cs(epsg, 5897, pts_xy)


def flat_rings(polys):
    return [ring for poly in polys for ring in poly]


def split_like(flat, polys_like):
    """Re-split a flat vertex list into the ring structure of polys_like."""
    out, k = [], 0
    for poly in polys_like:
        p = []
        for ring in poly:
            p.append(flat[k:k + len(ring)])
            k += len(ring)
        out.append(p)
    return out


def spatialite_areas(epsg, items):
    """SpatiaLite 5 route: [(key, wkt)] -> {key: (ellipsoidal m2, 5897 m2)}."""
    if not items:
        return {}
    sql = []
    for key, wkt in items:
        g = "GeomFromText('%s', %d)" % (wkt, epsg)
        g4326 = g if epsg == 4326 else "ST_Transform(%s, 4326)" % g
        g5897 = g if epsg == 5897 else "ST_Transform(%s, 5897)" % g
        sql.append("SELECT '%s', printf('%%.17g', ST_Area(%s, 1)), "
                   "printf('%%.17g', ST_Area(%s));" % (key, g4326, g5897))
    rc, out, err = run(["spatialite", "-batch", "-bail", ":memory:"],
                       "\n".join(sql) + "\n")
    res = {}
    for line in out.splitlines():
        f = line.split("|")
        if len(f) == 3 and f[0] in dict(items):
            res[f[0]] = (float(f[1]), float(f[2]))
    if len(res) != len(items):
        raise SystemExit("spatialite failed (%s): %s" % (err, out))
    return res


def spatialite_versions():
    rc, out, err = run(["spatialite", "-batch", ":memory:"],
                       "SELECT spatialite_version(), geos_version(), "
                       "rttopo_version(), proj_version();\n")
    return [l for l in out.splitlines() if "|" in l][-1]


def geodsolve(args, lines):
    """Run GeographicLib's GeodSolve on input lines; rows of floats."""
    if not lines:
        return []
    rc, out, err = run(["GeodSolve"] + args, "".join(lines))
    if rc != 0 or err.strip():
        raise SystemExit("GeodSolve failed: " + err)
    rows = [[float(v) for v in l.split()] for l in out.splitlines() if l.strip()]
    if len(rows) != len(lines):
        raise SystemExit("GeodSolve returned %d rows for %d" % (len(rows), len(lines)))
    return rows


LAEA_STEP_M = 10.0


def laea_areas(features_ll):
    """Second, algorithmically independent route for area_ha.

    features_ll: [polys] with rings of (lat, lon). Every edge is densified
    along its geodesic (GeodSolve -i, then GeodSolve direct every <= 10 m),
    the points are projected with PROJ's ellipsoidal Lambert azimuthal
    equal-area centred on the feature (exactly equal-area: it maps authalic
    latitude), and the shoelace area is taken. Returns m2 per feature."""
    edges = []
    for polys in features_ll:
        for ring in flat_rings(polys):
            pts = ring[:-1] if ring[0] == ring[-1] else ring
            for i in range(len(pts)):
                edges.append((pts[i], pts[(i + 1) % len(pts)]))
    inv = geodsolve(["-i", "-p", "9"], ["%r %r %r %r\n" % (a[0], a[1], b[0], b[1])
                                        for a, b in edges])
    nseg, lines = [], []
    for (a, b), (azi1, _azi2, s12) in zip(edges, inv):
        n = max(1, int(math.ceil(s12 / LAEA_STEP_M)))
        nseg.append(n)
        for k in range(1, n):
            lines.append("%r %r %r %r\n" % (a[0], a[1], azi1, s12 * k / n))
    mids = geodsolve(["-p", "9"], lines)
    e = m = 0
    areas = []
    for polys in features_ll:
        dense_rings = []
        for ring in flat_rings(polys):
            pts = ring[:-1] if ring[0] == ring[-1] else ring
            dense = []
            for i in range(len(pts)):
                dense.append(pts[i])
                for _ in range(nseg[e] - 1):
                    dense.append((mids[m][0], mids[m][1]))
                    m += 1
                e += 1
            dense_rings.append(dense)
        lats = [q[0] for r in dense_rings for q in r]
        lons = [q[1] for r in dense_rings for q in r]
        lat0 = round((min(lats) + max(lats)) / 2, 6)
        lon0 = round((min(lons) + max(lons)) / 2, 6)
        flat = [q for r in dense_rings for q in r]
        stdin = "".join("%r %r\n" % (lo, la) for la, lo in flat)
        rc, out, err = run(["cs2cs", "-d", "15", "+proj=longlat", "+ellps=WGS84",
                            "+no_defs", "+to", "+proj=laea", "+lat_0=%r" % lat0,
                            "+lon_0=%r" % lon0, "+ellps=WGS84", "+no_defs"], stdin)
        xy = [(float(l.split()[0]), float(l.split()[1])) for l in out.splitlines()]
        if rc != 0 or len(xy) != len(flat):
            raise SystemExit("cs2cs laea failed: " + err)
        ring_areas, k = [], 0
        for r in dense_rings:
            ring_areas.append(shoelace(xy[k:k + len(r)]))
            k += len(r)
        areas.append(combine(polys, ring_areas))
    return areas


# --------------------------------------------------------------------------
# reading fixtures back (so expected values use the stored vertices)
# --------------------------------------------------------------------------

def read_polys(path, layer=None, id_field="id", open_options=None):
    """[(id, polys)] for the polygonal features of a layer, 2D, curves
    linearised with GDAL's defaults; polys = [[ring [(x, y)]]]."""
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY,
                     open_options=open_options or [])
    if ds is None:
        raise SystemExit("cannot open " + path)
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    out = []
    has_id = lyr.GetLayerDefn().GetFieldIndex(id_field) >= 0
    for f in lyr:
        g = f.GetGeometryRef()
        if g is None or g.IsEmpty():
            continue
        fid = f.GetField(id_field) if has_id else f.GetFID()
        if g.HasCurveGeometry():
            g = g.GetLinearGeometry(0)
        g = g.Clone()
        g.FlattenTo2D()
        t = ogr.GT_Flatten(g.GetGeometryType())
        if t == ogr.wkbPolygon:
            parts = [g]
        elif t == ogr.wkbMultiPolygon:
            parts = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
        else:
            continue
        polys = []
        for p in parts:
            polys.append([[(pt[0], pt[1]) for pt in
                           p.GetGeometryRef(i).GetPoints()]
                          for i in range(p.GetGeometryCount())])
        out.append((fid, polys))
    return out


# --------------------------------------------------------------------------
# measuring a layer through all routes
# --------------------------------------------------------------------------

ROWS = []          # every expected-area row (tests/expected/areas.csv)
AGREEMENT = []     # (file, id, rel_spatialite, rel_exact, rel_plane)

CSV_COLUMNS = ["file", "layer", "id", "area_ha", "area_plane_ha", "route_area",
               "route_plane", "spatialite_area_ha", "rel_diff", "laea_area_ha",
               "rel_diff_laea", "spatialite_plane_ha", "rel_diff_plane",
               "exact_area_ha", "rel_diff_exact", "abs_diff_exact_m2", "note"]


def measure(path, epsg, layer=None, id_field="id", analytic_plane=None,
            notes=None, only_ids=None, open_options=None, file_label=None,
            layer_label=None, route_extra=""):
    """Compute expected rows for one layer; append them to ROWS and return
    them. analytic_plane: {id: m2} overrides the shoelace route for the plane
    area (the shoelace value is then kept as a check)."""
    feats = read_polys(path, layer, id_field, open_options)
    if only_ids is not None:
        feats = [(i, p) for i, p in feats if i in only_ids]
    all_pts = [pt for _, polys in feats for ring in flat_rings(polys)
               for pt in ring]
    latlon = to_latlon(epsg, all_pts)
    plane = to_plane(epsg, all_pts)
    rings_ll, rings_pl, k = [], [], 0
    for _, polys in feats:
        for ring in flat_rings(polys):
            rings_ll.append(latlon[k:k + len(ring)])
            rings_pl.append(plane[k:k + len(ring)])
            k += len(ring)
    ser = planimeter(rings_ll)
    feats_ll, k2 = [], 0
    for _, polys in feats:
        fl = []
        for poly in polys:
            fl.append(rings_ll[k2:k2 + len(poly)])
            k2 += len(poly)
        feats_ll.append(fl)
    lae = laea_areas(feats_ll)
    exa = planimeter(rings_ll, exact=True)
    sho = [shoelace(r) for r in rings_pl]
    spl = spatialite_areas(epsg, [(str(fid), wkt_multipolygon(polys))
                                  for fid, polys in feats])
    lname = layer_label or layer
    if not lname:
        ds = gdal.OpenEx(path, gdal.OF_VECTOR, open_options=open_options or [])
        lname = ds.GetLayer(0).GetName()
        ds = None
    rows, r0 = [], 0
    src = "EPSG:%d" % epsg
    for (fid, polys), a_lae in zip(feats, lae):
        n = len(flat_rings(polys))
        a_ser = combine(polys, ser[r0:r0 + n])
        a_exa = combine(polys, exa[r0:r0 + n])
        a_sho = combine(polys, sho[r0:r0 + n])
        r0 += n
        if epsg == 4326:
            route_area = "Planimeter -p 10 on stored lon/lat (GeographicLib %s)" \
                % PLANIMETER_VERSION.split()[-1]
        else:
            route_area = ("cs2cs -d 15 %s EPSG:4326 + Planimeter -p 10 "
                          "(GeographicLib %s)" % (src, PLANIMETER_VERSION.split()[-1]))
        route_area += route_extra
        if analytic_plane and fid in analytic_plane:
            a_plane = analytic_plane[fid]
            route_plane = ("analytic n/2 r^2 sin(2pi/n); shoelace of stored "
                           "vertices differs by %.1e rel" %
                           ((a_sho - a_plane) / a_plane))
        elif epsg == 5897:
            a_plane = a_sho
            route_plane = "shoelace of stored EPSG:5897 coordinates"
        else:
            a_plane = a_sho
            route_plane = "cs2cs -d 15 %s EPSG:5897 + shoelace" % src
        s_ell, s_pl = spl[str(fid)]
        rel_sp = (s_ell - a_ser) / a_ser
        rel_pl = (s_pl - a_plane) / a_plane
        rel_ex = (a_exa - a_ser) / a_ser
        rel_la = (a_lae - a_ser) / a_ser
        row = {
            "file": file_label or rel(path), "layer": lname, "id": fid,
            "area_ha": "%.9f" % (a_ser / 1e4),
            "area_plane_ha": "%.10f" % (a_plane / 1e4),
            "route_area": route_area, "route_plane": route_plane,
            "spatialite_area_ha": "%.10f" % (s_ell / 1e4),
            "rel_diff": "%.2e" % rel_sp,
            "laea_area_ha": "%.10f" % (a_lae / 1e4),
            "rel_diff_laea": "%.2e" % rel_la,
            "spatialite_plane_ha": "%.10f" % (s_pl / 1e4),
            "rel_diff_plane": "%.2e" % rel_pl,
            "exact_area_ha": "%.9f" % (a_exa / 1e4),
            "rel_diff_exact": "%.2e" % rel_ex,
            "abs_diff_exact_m2": "%.5f" % (a_exa - a_ser),
            "note": (notes or {}).get(fid, ""),
        }
        rows.append(row)
        AGREEMENT.append((row["file"], fid, rel_sp, rel_ex, rel_pl, a_ser,
                          rel_la, a_exa - a_ser))
    ROWS.extend(rows)
    return rows


def write_csv(path, rows, columns):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)


# --------------------------------------------------------------------------
# fixture definitions
# --------------------------------------------------------------------------

# Hanoi in EPSG:5897 (VN-2000 / TM-3 zone 482): E ~588 000, N ~2 326 000
# (21.03 N, 105.85 E).

def make_known_areas():
    d = os.path.join(OUT, "known_areas")
    os.makedirs(d)
    rows = []

    # a. lon/lat rectangles. Sizes tuned (dlon to 1e-6 deg) to about 1, 50,
    #    75 (just above), 1000 ha; equator and 60 N far away on ~105.5 E,
    #    where EPSG:5897 is still defined (outside its area of use).
    rects = [
        (1, "about 1 ha, Hanoi", 105.80, 21.02, 0.000965, 0.0009, True),
        (2, "about 50 ha, Hanoi", 105.81, 21.02, 0.006896, 0.0063, True),
        (3, "just above 75 ha, Hanoi", 105.83, 21.02, 0.008355, 0.0078, True),
        (4, "about 1000 ha, Hanoi", 105.85, 21.00, 0.030808, 0.0282, True),
        (5, "about 100 ha, straddles the equator, CLOCKWISE ring",
         105.5, -0.0045, 0.009027, 0.009, False),
        (6, "about 100 ha at 60 N", 105.5, 60.0, 0.017875, 0.009, True),
    ]
    feats, notes = [], {}
    for fid, name, x0, y0, dx, dy, ccw in rects:
        ring = rect(x0, y0, dx, dy)
        if not ccw:
            ring = ring[::-1]
        feats.append(({"id": fid, "name": name}, gj_polygon([ring])))
        notes[fid] = name
    notes[5] += "; EPSG:5897 plane area far outside its area of use"
    notes[6] += "; EPSG:5897 plane area far outside its area of use"
    p = os.path.join(d, "rect_wgs84.geojson")
    write_geojson(p, feats)
    rows += measure(p, 4326, notes=notes)

    # b. regular 64-gons in EPSG:5897
    n = 64
    circles = [(1, 100.0, 586000.0, 2328000.0), (2, 400.0, 588000.0, 2328000.0),
               (3, 1000.0, 591000.0, 2328000.0)]
    feats, analytic, notes = [], {}, {}
    for fid, r, cx, cy in circles:
        feats.append(({"id": fid, "r_m": r, "name": "64-gon r=%g m" % r},
                      wkt_polygon([ngon(cx, cy, r, n)])))
        analytic[fid] = n / 2.0 * r * r * math.sin(2 * math.pi / n)
        notes[fid] = ("regular 64-gon r=%g m centred E %g N %g; analytic plane "
                      "area %.10f m2 (pi r^2 = %.4f m2)" %
                      (r, cx, cy, analytic[fid], math.pi * r * r))
    p = os.path.join(d, "circle_vn2000.shp")
    write_shp(p, 5897, ogr.wkbPolygon,
              [("id", ogr.OFTInteger, 0), ("r_m", ogr.OFTReal, 0),
               ("name", ogr.OFTString, 40)], feats)
    rows += measure(p, 5897, analytic_plane=analytic, notes=notes)

    # c. UTM 48N squares and a donut
    donut_outer = rect(588000.0, 2323000.0, 800.0, 800.0, 3)
    donut_hole = rect(588200.0, 2323200.0, 400.0, 400.0, 3)[::-1]
    feats = [({"id": 1, "name": "square 500 m (25 ha in UTM plane)"},
              wkt_polygon([rect(585000.0, 2323000.0, 500.0, 500.0, 3)])),
             ({"id": 2, "name": "square 1000 m (100 ha in UTM plane)"},
              wkt_polygon([rect(586000.0, 2323000.0, 1000.0, 1000.0, 3)])),
             ({"id": 3, "name": "donut 800 m minus 400 m hole (48 ha in UTM plane)"},
              wkt_polygon([donut_outer, donut_hole]))]
    p = os.path.join(d, "rect_utm48n.gpkg")
    write_gpkg(p, [dict(name="rect_utm48n", epsg=32648, gtype=ogr.wkbPolygon,
                        fields=[("id", ogr.OFTInteger, 0),
                                ("name", ogr.OFTString, 0)],
                        feats=feats)])
    notes = {1: "UTM 48N plane area 25 ha exactly (shows the UTM scale error)",
             2: "UTM 48N plane area 100 ha exactly",
             3: "donut: UTM plane area 64 - 16 = 48 ha; hole ring clockwise"}
    rows += measure(p, 32648, layer="rect_utm48n", notes=notes)

    # d. one MultiPolygon with two parts
    part_a = rect(105.90, 21.05, 0.005, 0.0045)
    part_b = [(105.91, 21.05), (105.92, 21.05), (105.915, 21.06), (105.91, 21.05)]
    p = os.path.join(d, "multi_wgs84.geojson")
    write_geojson(p, [({"id": 1, "name": "two parts: rectangle + triangle"},
                       {"type": "MultiPolygon",
                        "coordinates": [[[list(q) for q in part_a]],
                                        [[list(q) for q in part_b]]]})])
    rows += measure(p, 4326, notes={1: "MultiPolygon; area = sum of the 2 parts"})
    # the parts on their own, as a check that area = sum of parts
    pa = planimeter([[(y, x) for x, y in part_a], [(y, x) for x, y in part_b]])
    MULTI_PARTS.extend(abs(a) for a in pa)

    write_csv(os.path.join(d, "expected_areas.csv"), rows, CSV_COLUMNS)
    return rows


MULTI_PARTS = []


# ---- bad inputs ----------------------------------------------------------

PARCELS_5897 = [  # (id, name, rings) small VN-2000 TM-3 parcels in Hanoi
    (1, "parcel A", [rect(588000.0, 2326000.0, 250.0, 200.0, 3)]),
    (2, "parcel B", [[(588400.0, 2326000.0), (588700.0, 2326050.0),
                      (588750.0, 2326300.0), (588500.0, 2326420.0),
                      (588380.0, 2326200.0), (588400.0, 2326000.0)]]),
]


def parcels_feats(parcels=PARCELS_5897):
    return [({"id": i, "name": nm}, wkt_polygon(rings)) for i, nm, rings in parcels]


PARCEL_FIELDS = [("id", ogr.OFTInteger, 0), ("name", ogr.OFTString, 60)]

BAD = []   # (path or open string, intent)


def make_bad():
    b = os.path.join(OUT, "bad")
    os.makedirs(b)
    tmp = os.path.join(OUT, ".tmp")
    os.makedirs(tmp)

    # no_prj: VN-2000 metres, no .prj
    d = os.path.join(b, "no_prj"); os.makedirs(d)
    p = os.path.join(d, "parcels_no_prj.shp")
    write_shp(p, None, ogr.wkbPolygon, PARCEL_FIELDS, parcels_feats())
    BAD.append((p, "no CRS: refuse (or use an explicit --s-srs); if read as "
                   "EPSG:5897 the areas are in tests/expected/areas.csv"))
    measure(p, 5897, notes={1: "no .prj; value assumes EPSG:5897",
                            2: "no .prj; value assumes EPSG:5897"})

    # missing_dbf: only .shp/.shx of a small polygon shapefile
    d = os.path.join(b, "missing_dbf"); os.makedirs(d)
    src = os.path.join(tmp, "parcels.shp")
    write_shp(src, 5897, ogr.wkbPolygon, PARCEL_FIELDS, parcels_feats())
    for ext in ("shp", "shx"):
        shutil.copyfile(os.path.join(tmp, "parcels." + ext),
                        os.path.join(d, "parcels." + ext))
    p = os.path.join(d, "parcels.shp")
    BAD.append((p, "no .dbf (and no .prj): GDAL opens it without attributes; "
                   "the engine must say the .dbf is missing and that there is "
                   "no CRS"))
    measure(p, 5897, id_field="id",
            notes={0: "no .dbf/.prj: id = FID; value assumes EPSG:5897",
                   1: "no .dbf/.prj: id = FID; value assumes EPSG:5897"})

    # corrupt: truncated in the middle of a record, and a garbage header
    d = os.path.join(b, "corrupt"); os.makedirs(d)
    many = [(i, "32-gon %d" % i,
             [ngon(588000.0 + 600.0 * i, 2327000.0, 200.0, 32)]) for i in (1, 2, 3)]
    for base in ("truncated", "garbage_header"):
        write_shp(os.path.join(d, base + ".shp"), 5897, ogr.wkbPolygon,
                  PARCEL_FIELDS, parcels_feats(many))
    shp = os.path.join(d, "truncated.shp")
    with open(shp, "rb") as f:
        data = f.read()
    # record 2 starts after the 100-byte header and record 1 (8-byte record
    # header + content); cut 100 bytes into record 2's content
    rec1_len = struct.unpack(">i", data[104:108])[0] * 2
    rec2_start = 100 + 8 + rec1_len
    cut = rec2_start + 8 + 100
    with open(shp, "wb") as f:
        f.write(data[:cut])
    TRUNC.update(dict(full=len(data), cut=cut, rec2_start=rec2_start))
    BAD.append((shp, ".shp cut %d bytes into record 2 (of 3); .shx still lists 3 "
                     "records: expect a read error on feature 2 (or 2 and 3), "
                     "never a silent partial result" % (cut - rec2_start - 8)))
    shp = os.path.join(d, "garbage_header.shp")
    with open(shp, "rb") as f:
        data = bytearray(f.read())
    garbage = b""
    h = b"zoneguard garbage header"
    while len(garbage) < 100:
        h = hashlib.sha256(h).digest()
        garbage += h
    data[0:100] = garbage[:100]
    with open(shp, "wb") as f:
        f.write(bytes(data))
    BAD.append((shp, "first 100 bytes of .shp replaced by pseudo-random bytes "
                     "(sha256 chain): expect 'cannot open'"))

    # empty
    d = os.path.join(b, "empty"); os.makedirs(d)
    p = os.path.join(d, "empty.geojson")
    write_geojson(p, [])
    BAD.append((p, "zero features: succeed with an empty result (or a clear "
                   "'no features' message), not a crash"))
    p = os.path.join(d, "empty.gpkg")
    write_gpkg(p, [dict(name="parcels", epsg=5897, gtype=ogr.wkbPolygon,
                        fields=PARCEL_FIELDS, feats=[])])
    BAD.append((p, "empty polygon layer with CRS EPSG:5897: as above"))

    # points
    d = os.path.join(b, "points"); os.makedirs(d)
    p = os.path.join(d, "points.geojson")
    write_geojson(p, [({"id": i + 1}, {"type": "Point", "coordinates": [x, y]})
                      for i, (x, y) in enumerate([(105.85, 21.03), (105.86, 21.04),
                                                  (105.87, 21.05)])])
    BAD.append((p, "point layer: refuse ('no polygons') with the geometry type"))

    # mixed
    d = os.path.join(b, "mixed"); os.makedirs(d)
    p = os.path.join(d, "mixed.geojson")
    mixed = [
        ({"id": 1, "kind": "polygon"}, gj_polygon([rect(105.80, 21.10, 0.002, 0.002)])),
        ({"id": 2, "kind": "polygon"}, gj_polygon([rect(105.81, 21.10, 0.003, 0.002)])),
        ({"id": 3, "kind": "polygon"}, gj_polygon([rect(105.82, 21.10, 0.004, 0.003)])),
        ({"id": 4, "kind": "point"}, {"type": "Point", "coordinates": [105.83, 21.10]}),
        ({"id": 5, "kind": "null geometry"}, None),
        ({"id": 6, "kind": "empty polygon"}, {"type": "Polygon", "coordinates": []}),
    ]
    write_geojson(p, mixed)
    BAD.append((p, "3 polygons measured; 1 point, 1 null geometry, 1 empty "
                   "polygon (RFC 7946 \"coordinates\":[], which GDAL 3.6 "
                   "returns as a NULL geometry) counted and logged (3 qa_log "
                   "rows)"))
    measure(p, 4326, notes={i: "mixed layer: one of 3 polygons" for i in (1, 2, 3)})
    p = os.path.join(d, "mixed.gpkg")
    gfeats = []
    for props, geom in mixed:
        if geom is None:
            wkt = None
        elif geom["type"] == "Point":
            wkt = "POINT (%s %s)" % tuple(num(c) for c in geom["coordinates"])
        elif not geom["coordinates"]:
            wkt = "POLYGON EMPTY"
        else:
            wkt = wkt_polygon(geom["coordinates"])
        gfeats.append((props, wkt))
    write_gpkg(p, [dict(name="mixed", epsg=4326, gtype=ogr.wkbUnknown,
                        fields=[("id", ogr.OFTInteger, 0), ("kind", ogr.OFTString, 0)],
                        feats=gfeats)])
    BAD.append((p, "same 6 features in a GeoPackage (geometry type GEOMETRY), "
                   "where feature 6 really is POLYGON EMPTY: 3 measured, 3 "
                   "counted and logged"))
    measure(p, 4326, layer="mixed",
            notes={i: "mixed GeoPackage: one of 3 polygons" for i in (1, 2, 3)})

    # latitude out of range
    d = os.path.join(b, "lat_out_of_range"); os.makedirs(d)
    p = os.path.join(d, "lat95.geojson")
    write_geojson(p, [
        ({"id": 1, "kind": "valid"}, gj_polygon([rect(105.80, 21.00, 0.002, 0.002)])),
        ({"id": 2, "kind": "latitude 95"}, gj_polygon([[
            (105.80, 21.01), (105.81, 21.01), (105.81, 95.0), (105.80, 21.02),
            (105.80, 21.01)]])),
    ])
    BAD.append((p, "feature 2 has a vertex at latitude 95 in EPSG:4326: reject "
                   "it with a message (geod_polygonarea gives NaN for |lat| > 90; "
                   "Planimeter rejects the vertex with 'push: Invalid "
                   "latitude'); feature 1 is fine"))
    measure(p, 4326, only_ids={1}, notes={1: "valid feature next to a lat-95 one"})

    rc, out, err = run(["cs2cs", "-d", "6", "EPSG:4326", "EPSG:5897"], "95 105.81\n")
    PROJ_CHECKS.append(("lat95.geojson vertex (95 N, 105.81 E)",
                        "`cs2cs EPSG:4326 EPSG:5897` prints `%s` (rc %d)" %
                        (" ".join(out.split()), rc)))

    # metres read as degrees
    d = os.path.join(b, "metres_as_degrees"); os.makedirs(d)
    p = os.path.join(d, "parcels_wgs84_prj.shp")
    write_shp(p, 4326, ogr.wkbPolygon, PARCEL_FIELDS, parcels_feats())
    rc, out, err = run(["cs2cs", "-d", "6", "EPSG:4326", "EPSG:5897"],
                       "2326000 588000\n")
    PROJ_CHECKS.append(("parcels_wgs84_prj.shp vertex read as lon 588000, lat 2326000",
                        "`cs2cs EPSG:4326 EPSG:5897` prints `%s` (rc %d)" %
                        (" ".join(out.split()), rc)))
    BAD.append((p, "VN-2000 metre coordinates with a WGS 84 .prj: refuse "
                   "(longitude 588000 is out of range; extent check)"))

    # deprecated EPSG:6957 .prj with ordinary EPSG:5897 coordinates
    d = os.path.join(b, "deprecated_6957"); os.makedirs(d)
    p = os.path.join(d, "tm3_6957.shp")
    write_shp(p, None, ogr.wkbPolygon, PARCEL_FIELDS, parcels_feats())
    gdal.SetConfigOption("OSR_USE_NON_DEPRECATED", "NO")
    s = osr.SpatialReference()
    s.ImportFromEPSG(6957)
    gdal.SetConfigOption("OSR_USE_NON_DEPRECATED", None)
    wkt6957 = s.ExportToWkt()
    if 'AUTHORITY["EPSG","6957"]' not in wkt6957 or \
            'PARAMETER["false_northing",500000]' not in wkt6957:
        raise SystemExit("EPSG:6957 WKT not as expected: " + wkt6957)
    with open(os.path.join(d, "tm3_6957.prj"), "w", newline="") as f:
        f.write(wkt6957)
    # what a reader that trusts 6957 literally would get
    naive = {}
    for fid, polys in read_polys(p):
        pts = [pt for ring in flat_rings(polys) for pt in ring]
        ll = cs2cs(6957, 4326, pts)
        pl = cs2cs(6957, 5897, pts)
        rl = split_like(ll, polys)
        rp = split_like(pl, polys)
        a = combine(polys, planimeter(flat_rings(rl)))
        ap = combine(polys, [shoelace(r) for r in flat_rings(rp)])
        lat, lon = ll[0]
        naive[fid] = ("if 6957 were taken literally (FE 0, FN 500000) the first "
                      "vertex lands at %.4f N %.4f E and area_ha would be %.9f, "
                      "area_plane_ha %.10f" % (lat, lon, a / 1e4, ap / 1e4))
    BAD.append((p, ".prj is deprecated EPSG:6957 (false easting 0, false northing "
                   "500000) but coordinates are EPSG:5897: read it as EPSG:5897 "
                   "(areas equal parcels read as 5897) and say so"))
    measure(p, 5897, notes={k: "read as EPSG:5897 (6956-6959 -> 5896-5899); " + v
                            for k, v in naive.items()},
            route_extra="; .prj EPSG:6957 mapped to EPSG:5897")
    DEPRECATED.update(naive=naive, wkt=wkt6957)

    # invalid geometries (GEOS MakeValid, structure method)
    make_invalid(os.path.join(b, "invalid"))

    # three_d
    d = os.path.join(b, "three_d"); os.makedirs(d)
    p = os.path.join(d, "polygonz.shp")
    zfeats = []
    for fid, nm, rings in PARCELS_5897:
        ring = rings[0]
        z = ["POLYGON Z ((" + ",".join("%s %s %s" % (num(x), num(y), num(10.0 + k % (len(ring) - 1)))
                                       for k, (x, y) in enumerate(ring)) + "))"]
        zfeats.append(({"id": fid, "name": nm}, z[0]))
    write_shp(p, 5897, ogr.wkbPolygon25D, PARCEL_FIELDS, zfeats)
    BAD.append((p, "PolygonZ (shape type 15), Z 10-14 m: drop Z, areas as 2D"))
    measure(p, 5897, notes={1: "PolygonZ; Z ignored", 2: "PolygonZ; Z ignored"})

    # curve
    d = os.path.join(b, "curve"); os.makedirs(d)
    p = os.path.join(d, "curvepolygon.gpkg")
    curves = [
        (1, "circle r=200 m", "CURVEPOLYGON (CIRCULARSTRING (589300 2327500,"
            "589700 2327500,589300 2327500))", math.pi * 200.0 ** 2),
        (2, "D shape: 400x400 m square + half disc r=200 m",
         "CURVEPOLYGON (COMPOUNDCURVE ((589900 2327300,590300 2327300),"
         "CIRCULARSTRING (590300 2327300,590500 2327500,590300 2327700),"
         "(590300 2327700,589900 2327700,589900 2327300)))",
         400.0 * 400.0 + math.pi * 200.0 ** 2 / 2.0),
    ]
    write_gpkg(p, [dict(name="curves", epsg=5897, gtype=ogr.wkbCurvePolygon,
                        fields=PARCEL_FIELDS,
                        feats=[({"id": i, "name": nm}, w) for i, nm, w, _ in curves])])
    cnotes = {}
    for fid, nm, w, exact in curves:
        g = ogr.CreateGeometryFromWkt(w)
        lin = g.GetLinearGeometry(0)
        npts = lin.GetGeometryRef(0).GetPointCount()
        cnotes[fid] = ("%s; linearised by GDAL GetLinearGeometry(0) with defaults "
                       "(OGR_ARC_STEPSIZE=4 deg): %d ring vertices; the true "
                       "curved plane area is %.4f m2" % (nm, npts, exact))
        CURVES.append((fid, nm, npts, exact, lin.GetArea()))
    BAD.append((p, "CURVEPOLYGON layer: linearise (GDAL defaults) and measure"))
    measure(p, 5897, layer="curves", notes=cnotes,
            route_extra="; vertices of GDAL's linearisation")

    # multi_layer
    p = os.path.join(b, "multi_layer.gpkg")
    la = [(1, "a1", [rect(588000.0, 2325000.0, 300.0, 300.0, 3)]),
          (2, "a2", [rect(588500.0, 2325000.0, 150.0, 400.0, 3)])]
    lb = [(1, "b1", [rect(589000.0, 2325000.0, 120.0, 120.0, 3)]),
          (2, "b2", [rect(589200.0, 2325000.0, 500.0, 250.0, 3)]),
          (3, "b3", [[(589800.0, 2325000.0), (590100.0, 2325000.0),
                      (589950.0, 2325260.0), (589800.0, 2325000.0)]])]
    write_gpkg(p, [dict(name="a", epsg=5897, gtype=ogr.wkbPolygon,
                        fields=PARCEL_FIELDS, feats=parcels_feats(la)),
                   dict(name="b", epsg=5897, gtype=ogr.wkbPolygon,
                        fields=PARCEL_FIELDS, feats=parcels_feats(lb))])
    BAD.append((p, "two polygon layers a (2 features) and b (3): without a layer "
                   "option refuse and list the layers (or document 'first "
                   "layer'); with the option measure the chosen one"))
    measure(p, 5897, layer="a", notes={i: "layer a" for i in (1, 2)})
    measure(p, 5897, layer="b", notes={i: "layer b" for i in (1, 2, 3)})

    # zipped shapefile
    d = os.path.join(b, "zipped"); os.makedirs(d)
    zsrc = os.path.join(tmp, "clusters.shp")
    clusters = [(1, "Cụm công nghiệp Phú Nghĩa (synthetic)",
                 [rect(588000.0, 2324000.0, 600.0, 500.0, 3)]),
                (2, "Cụm công nghiệp Ngọc Hồi (synthetic)",
                 [[(589000.0, 2324000.0), (589900.0, 2324100.0),
                   (589700.0, 2324800.0), (589100.0, 2324700.0),
                   (589000.0, 2324000.0)]])]
    write_shp(zsrc, 5897, ogr.wkbPolygon,
              [("id", ogr.OFTInteger, 0), ("name", ogr.OFTString, 60)],
              parcels_feats(clusters))
    p = os.path.join(d, "clusters.zip")
    write_zip(p, [("clusters." + e, os.path.join(tmp, "clusters." + e))
                  for e in ("shp", "shx", "dbf", "prj", "cpg")])
    BAD.append(("/vsizip/" + rel(p) + "/clusters.shp",
                "zipped shapefile read through /vsizip/"))
    BAD.append((p, "the plain .zip path: GDAL 3.6 does not open it (it only "
                   "auto-detects names ending in .shp.zip), so the engine should "
                   "add /vsizip/ itself or say how to"))
    measure("/vsizip/" + p + "/clusters.shp", 5897,
            file_label="/vsizip/" + rel(p) + "/clusters.shp",
            notes={1: "inside clusters.zip", 2: "inside clusters.zip"})

    make_cp1258(os.path.join(b, "legacy_cp1258"))

    # KML
    d = os.path.join(b, "kml"); os.makedirs(d)
    p = os.path.join(d, "two_polygons.kml")
    kpolys = [(1, "khu A", rect(105.78, 21.06, 0.004, 0.003)),
              (2, "khu B", [(105.79, 21.06), (105.796, 21.06), (105.797, 21.065),
                            (105.792, 21.067), (105.79, 21.06)])]
    pm = []
    for fid, nm, ring in kpolys:
        coords = " ".join("%s,%s,0" % (num(x), num(y)) for x, y in ring)
        pm.append(
            "    <Placemark>\n"
            "      <name>%s</name>\n"
            "      <ExtendedData><Data name=\"id\"><value>%d</value></Data>"
            "</ExtendedData>\n"
            "      <Polygon><outerBoundaryIs><LinearRing><coordinates>%s"
            "</coordinates></LinearRing></outerBoundaryIs></Polygon>\n"
            "    </Placemark>\n" % (nm, fid, coords))
    with open(p, "w", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<kml xmlns="http://www.opengis.net/kml/2.2">\n'
                '  <Document>\n    <name>two_polygons</name>\n'
                + "".join(pm) + "  </Document>\n</kml>\n")
    BAD.append((p, "KML (LIBKML driver here), 2 polygons with altitude 0: "
                   "measure both (Z dropped)"))
    measure(p, 4326, notes={1: "KML Placemark 'khu A'", 2: "KML Placemark 'khu B'"})

    shutil.rmtree(tmp)


TRUNC = {}
PROJ_CHECKS = []
DEPRECATED = {}
CURVES = []
INVALID_ROWS = []
CP1258_ROWS = []


def make_invalid(d):
    os.makedirs(d)
    p = os.path.join(d, "invalid.geojson")
    # 1 bow-tie: ring crosses itself at (105.905, 21.105)
    bowtie = [(105.90, 21.10), (105.91, 21.11), (105.91, 21.10), (105.90, 21.11),
              (105.90, 21.10)]
    # 2 hole entirely outside its shell
    shell2 = rect(105.92, 21.10, 0.01, 0.01)
    hole2 = rect(105.94, 21.10, 0.005, 0.005)[::-1]
    # 3 hole crossing the shell boundary (here structure and linework differ)
    shell3 = rect(105.96, 21.10, 0.01, 0.01)
    hole3 = rect(105.965, 21.105, 0.01, 0.01)[::-1]
    cases = [
        (1, "bow-tie (self-intersection)", [bowtie],
         # hand-made expected structure result: two triangles
         [[[(105.90, 21.10), (105.905, 21.105), (105.90, 21.11), (105.90, 21.10)]],
          [[(105.905, 21.105), (105.91, 21.11), (105.91, 21.10), (105.905, 21.105)]]]),
        (2, "hole outside its shell", [shell2, hole2],
         # GEOS GeometryFixer (structure) turns a hole that does not touch
         # its shell into a separate polygon: shell + hole
         [[shell2], [hole2[::-1]]]),
        (3, "hole crossing the shell boundary", [shell3, hole3],
         # structure: shell minus hole = an L-shape (3/4 of the shell)
         [[[(105.96, 21.10), (105.97, 21.10), (105.97, 21.105), (105.965, 21.105),
            (105.965, 21.11), (105.96, 21.11), (105.96, 21.10)]]]),
    ]
    write_geojson(p, [({"id": i, "kind": k}, gj_polygon(r)) for i, k, r, _ in cases])
    BAD.append((p, "invalid polygons: repair with GEOS MakeValid (structure), "
                   "keep polygonal parts, log reason and areas before/after"))

    # Route A: GDAL -> GEOS MakeValid(METHOD=STRUCTURE) on the file's geometry.
    # Route B: the hand-made rings above. Route L: ogr2ogr -makevalid (linework).
    ds = ogr.Open(p)
    lyr = ds.GetLayer(0)
    geos_struct, raw = {}, {}
    for f in lyr:
        g = f.GetGeometryRef()
        fid = f.GetField("id")
        raw[fid] = [[(q[0], q[1]) for q in g.GetGeometryRef(i).GetPoints()]
                    for i in range(g.GetGeometryCount())]
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        was_valid = g.IsValid()   # GEOS reason goes to the handler
        gdal.PopErrorHandler()
        v = g.MakeValid(["METHOD=STRUCTURE"])
        polys = []
        t = ogr.GT_Flatten(v.GetGeometryType())
        parts = [v] if t == ogr.wkbPolygon else \
            [v.GetGeometryRef(i) for i in range(v.GetGeometryCount())]
        for part in parts:
            if ogr.GT_Flatten(part.GetGeometryType()) != ogr.wkbPolygon:
                continue
            polys.append([[(q[0], q[1]) for q in part.GetGeometryRef(i).GetPoints()]
                          for i in range(part.GetGeometryCount())])
        geos_struct[fid] = (polys, v.ExportToWkt(), was_valid)
    ds = None

    lw_path = os.path.join(OUT, ".tmp", "linework.geojson")
    rc, out, err = run(["ogr2ogr", "-f", "GeoJSON", "-makevalid", rel(lw_path),
                        rel(p)])
    if rc != 0:
        raise SystemExit("ogr2ogr -makevalid failed: " + err)
    linework = dict(read_polys(lw_path))

    def ell(polys):
        ll = [[(y, x) for x, y in ring] for ring in flat_rings(polys)]
        return combine(polys, planimeter(ll))

    def plane(polys):
        pts = [pt for ring in flat_rings(polys) for pt in ring]
        pl = split_like(cs2cs(4326, 5897, [(y, x) for x, y in pts]), polys)
        return combine(polys, [shoelace(r) for r in flat_rings(pl)])

    rows = []
    for fid, kind, rings, hand in cases:
        polys, wkt, was_valid = geos_struct[fid]
        a_geos = ell(polys)
        a_hand = ell(hand)
        a_plane = plane(polys)
        a_lw = ell(linework[fid])
        raw_signed = math.fsum(planimeter([[(y, x) for x, y in r] for r in raw[fid]]))
        sp = spatialite_areas(4326, [(str(fid), wkt_multipolygon(polys))])[str(fid)]
        a_lae = laea_areas([[[[(y, x) for x, y in r] for r in poly]
                             for poly in polys]])[0]
        # SpatiaLite's own ST_MakeValid (librttopo), for contrast
        rcs, outs, _ = run(["spatialite", "-batch", ":memory:"],
                           "SELECT printf('%%.17g', ST_Area(ST_MakeValid("
                           "GeomFromText('%s', 4326)), 1));\n" %
                           wkt_polygon(rings))
        sp_mv = float([l for l in outs.splitlines() if l.strip()][-1])
        row = {
            "id": fid, "case": kind, "valid_before": "no" if not was_valid else "yes",
            "raw_signed_area_ha": "%.9f" % (raw_signed / 1e4),
            "area_ha": "%.9f" % (a_geos / 1e4),
            "area_plane_ha": "%.10f" % (a_plane / 1e4),
            "hand_area_ha": "%.9f" % (a_hand / 1e4),
            "rel_diff_hand": "%.2e" % ((a_hand - a_geos) / a_geos),
            "spatialite_area_ha": "%.10f" % (sp[0] / 1e4),
            "rel_diff_spatialite": "%.2e" % ((sp[0] - a_geos) / a_geos),
            "laea_area_ha": "%.10f" % (a_lae / 1e4),
            "rel_diff_laea": "%.2e" % ((a_lae - a_geos) / a_geos),
            "linework_area_ha": "%.9f" % (a_lw / 1e4),
            "spatialite_makevalid_area_ha": "%.10f" % (sp_mv / 1e4),
            "structure_wkt": wkt,
        }
        rows.append(row)
        INVALID_ROWS.append(row)
        AGREEMENT.append((rel(p), fid, (sp[0] - a_geos) / a_geos, float("nan"),
                          (sp[1] - a_plane) / a_plane, a_geos,
                          (a_lae - a_geos) / a_geos, float("nan")))
        ROWS.append({
            "file": rel(p), "layer": "invalid", "id": fid,
            "area_ha": row["area_ha"], "area_plane_ha": row["area_plane_ha"],
            "route_area": "GDAL 3.6 MakeValid(METHOD=STRUCTURE) (GEOS %s "
                          "GeometryFixer) + Planimeter -p 10; hand-built rings "
                          "agree to %s" % (GEOS_VERSION, row["rel_diff_hand"]),
            "route_plane": "repaired lon/lat vertices -> cs2cs -d 15 EPSG:4326 "
                           "EPSG:5897 + shoelace",
            "spatialite_area_ha": row["spatialite_area_ha"],
            "rel_diff": row["rel_diff_spatialite"],
            "laea_area_ha": row["laea_area_ha"],
            "rel_diff_laea": row["rel_diff_laea"],
            "spatialite_plane_ha": "%.10f" % (sp[1] / 1e4),
            "rel_diff_plane": "%.2e" % ((sp[1] - a_plane) / a_plane),
            "exact_area_ha": "", "rel_diff_exact": "", "abs_diff_exact_m2": "",
            "note": "%s; repaired by MakeValid structure; raw signed area %s ha; "
                    "linework method would give %s ha" %
                    (kind, row["raw_signed_area_ha"], row["linework_area_ha"]),
        })
    write_csv(os.path.join(d, "expected.csv"), rows,
              ["id", "case", "valid_before", "raw_signed_area_ha", "area_ha",
               "area_plane_ha", "hand_area_ha", "rel_diff_hand",
               "spatialite_area_ha", "rel_diff_spatialite", "laea_area_ha",
               "rel_diff_laea", "linework_area_ha",
               "spatialite_makevalid_area_ha", "structure_wkt"])


GEOS_VERSION = "?"

# Windows-1258: a letter is a precomposed base (a..z, â ê ô ơ ư ă đ, and the
# Latin-1 toned letters) plus, when the tone has no precomposed code, one of
# the combining tone marks CC (grave) EC (acute) DE (tilde) D2 (hook) F2 (dot).
TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(s):
    out = b""
    for ch in unicodedata.normalize("NFC", s):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        dec = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in dec if c not in TONES))
        tone = "".join(c for c in dec if c in TONES)
        out += base.encode("cp1258") + tone.encode("cp1258")
    return out


CP1258_NAMES = [
    (1, "Cụm công nghiệp Phú Nghĩa"),
    (2, "Hà Nội"),
    (3, "Ứng Hòa"),
    (4, "Thạch Thất"),
    (5, "Đông Anh – Mê Linh"),
]


def write_dbf(path, fields, records):
    """Minimal dBASE III writer. fields: [(name, 'C'|'N', width)];
    records: [[bytes per field]] already encoded."""
    hdr_len = 32 + 32 * len(fields) + 1
    rec_len = 1 + sum(w for _, _, w in fields)
    out = bytearray(struct.pack("<BBBBIHH20x", 0x03, 125, 1, 1, len(records),
                                hdr_len, rec_len))
    for name, typ, width in fields:
        out += struct.pack("<11sc4xBB14x", name.encode("ascii"),
                           typ.encode("ascii"), width, 0)
    out += b"\x0d"
    for rec in records:
        out += b" "
        for (name, typ, width), val in zip(fields, rec):
            if len(val) > width:
                raise SystemExit("DBF value too long for %s" % name)
            out += val.rjust(width) if typ == "N" else val.ljust(width)
    out += b"\x1a"
    with open(path, "wb") as f:
        f.write(bytes(out))


def make_cp1258(d):
    os.makedirs(d)
    p = os.path.join(d, "cum_cn_1258.shp")
    parcels = [(fid, "", [rect(588000.0 + 300.0 * fid, 2329000.0, 200.0, 150.0, 3)])
               for fid, _ in CP1258_NAMES]
    write_shp(p, 5897, ogr.wkbPolygon, PARCEL_FIELDS, parcels_feats(parcels),
              lco=["ENCODING=", "DBF_DATE_LAST_UPDATE=" + FIXED_DATE])
    fields = [("id", "N", 9), ("ten", "C", 80)]
    recs = [[str(fid).encode("ascii"), encode_cp1258(nm)] for fid, nm in CP1258_NAMES]
    write_dbf(os.path.join(d, "cum_cn_1258.dbf"), fields, recs)
    with open(os.path.join(d, "cum_cn_1258.cpg"), "w", newline="") as f:
        f.write("1258")

    # route 2: glibc iconv CLI on the raw bytes (it flushes its state)
    rows = []
    for fid, nm in CP1258_NAMES:
        raw = encode_cp1258(nm)
        p2 = subprocess.run(["iconv", "-f", "CP1258", "-t", "UTF-8"], input=raw,
                            capture_output=True, env=ENV)
        via_iconv = unicodedata.normalize("NFC", p2.stdout.decode("utf-8"))
        via_python = unicodedata.normalize("NFC", raw.decode("cp1258"))
        rows.append({"id": fid, "ten_utf8": nm,
                     "ten_cp1258_hex": raw.hex(" "),
                     "iconv_cli_matches": "yes" if via_iconv == nm else "NO",
                     "python_cp1258_matches": "yes" if via_python == nm else "NO"})
    # how GDAL itself decodes it (.cpg honoured), and with ENCODING=""
    for oo, key in ((None, "gdal_cpg"), (["ENCODING="], "gdal_raw")):
        ds = gdal.OpenEx(p, gdal.OF_VECTOR, open_options=oo or [])
        lyr = ds.GetLayer(0)
        defn = lyr.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        CP1258_GDAL[key + "_fields"] = names
        got = {}
        for f in lyr:
            got[f.GetFID()] = [f.GetField(i) for i in range(defn.GetFieldCount())]
        CP1258_GDAL[key] = got
        CP1258_GDAL[key + "_encoding"] = lyr.GetMetadataItem("ENCODING_FROM_CPG",
                                                             "SHAPEFILE")
        ds = None
    for i, r in enumerate(rows):
        v = CP1258_GDAL["gdal_cpg"].get(i, [None, None])
        r["gdal_362_reads"] = v[-1] if v else ""
    CP1258_ROWS.extend(rows)
    write_csv(os.path.join(d, "expected_names.csv"), rows,
              ["id", "ten_utf8", "ten_cp1258_hex", "iconv_cli_matches",
               "python_cp1258_matches", "gdal_362_reads"])
    BAD.append((p, ".dbf in Windows-1258 (decomposed tones), .cpg '1258': "
                   "names must come out as in expected_names.csv (GDAL 3.6.2's "
                   "own recoding drops the last character of every value and "
                   "field name: open with ENCODING=\"\" and decode)"))
    measure(p, 5897, id_field="id", open_options=["ENCODING="],
            notes={fid: "CP1258 name: %s (open with ENCODING=\"\"; GDAL's recode "
                        "renames field id -> i)" % nm for fid, nm in CP1258_NAMES})


CP1258_GDAL = {}


# --------------------------------------------------------------------------
# how GDAL reacts to each bad input
# --------------------------------------------------------------------------

def probe(path_or_vsi):
    """Open with ogrinfo (CLI) and with the Python bindings; collect messages."""
    target = path_or_vsi if path_or_vsi.startswith("/vsi") else rel(path_or_vsi)
    # -al -q reads every feature (printing nothing), so read errors show up
    rc, out, err = run(["ogrinfo", "-ro", "-al", "-q", target])
    lines = [l.strip() for l in err.splitlines() if l.strip()]
    if rc != 0:   # FAILURE text goes to stdout; drop the list of drivers
        lines += [l.strip() for l in out.splitlines()
                  if l.strip() and not l.strip().startswith("->")]
    cli_err = " / ".join(lines)
    msgs = []

    def handler(cls, no, msg):
        lvl = {gdal.CE_Warning: "Warning", gdal.CE_Failure: "ERROR",
               gdal.CE_Fatal: "FATAL", gdal.CE_Debug: "Debug"}.get(cls, str(cls))
        if cls != gdal.CE_Debug:
            msgs.append("%s %d: %s" % (lvl, no, msg.strip()))

    gdal.PushErrorHandler(handler)
    ds = gdal.OpenEx(target if target.startswith("/vsi") else
                     os.path.join(ROOT, target), gdal.OF_VECTOR | gdal.OF_READONLY)
    info = {"opens": "no", "driver": "", "layers": "", "features_read": "",
            "geometry_types": "", "srs": ""}
    if ds is not None:
        info["opens"] = "yes"
        info["driver"] = ds.GetDriver().ShortName
        names, nread, types, srss = [], 0, {}, []
        for i in range(ds.GetLayerCount()):
            lyr = ds.GetLayer(i)
            sr = lyr.GetSpatialRef()
            if sr is None:
                srss.append("none")
            else:
                code = sr.GetAuthorityCode(None)
                srss.append("%s:%s" % (sr.GetAuthorityName(None), code) if code
                            else "unidentified(%s)" % sr.GetName())
            names.append("%s(%d)" % (lyr.GetName(), lyr.GetFeatureCount()))
            while True:
                f = lyr.GetNextFeature()
                if f is None:
                    break
                nread += 1
                g = f.GetGeometryRef()
                t = "NULL" if g is None else (
                    ogr.GeometryTypeToName(g.GetGeometryType())
                    + (" EMPTY" if g.IsEmpty() else ""))
                types[t] = types.get(t, 0) + 1
        info["layers"] = " ".join(names)
        info["srs"] = " ".join(dict.fromkeys(srss))
        info["features_read"] = str(nread)
        info["geometry_types"] = " ".join("%s:%d" % kv for kv in sorted(types.items()))
        ds = None
    gdal.PopErrorHandler()
    # Paths in messages: make them repository-relative.
    clean = lambda s: s.replace(ROOT + "/", "")
    info["ogrinfo_rc"] = str(rc)
    info["ogrinfo_stderr"] = clean(cli_err)
    info["python_messages"] = clean(" / ".join(dict.fromkeys(msgs)))
    info["fixture"] = target
    return info


# --------------------------------------------------------------------------
# PROVENANCE.md
# --------------------------------------------------------------------------

def md_table(rows, cols, heads=None):
    heads = heads or cols
    out = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        out.append("| " + " | ".join(str(r.get(c, "")).replace("|", "\\|")
                                     for c in cols) + " |")
    return "\n".join(out)


def spatialite_scale_check():
    """SpatiaLite's ST_Area(g, 1) against Planimeter on lon/lat squares of
    growing size at 21 N, to show how its error grows (see PROVENANCE)."""
    out = []
    for d in (0.0001, 0.001, 0.01, 0.1, 1.0):
        ring = rect(105.8, 21.0, d, d)
        ref = abs(planimeter([[(y, x) for x, y in ring]])[0])
        sp = spatialite_areas(4326, [("q", wkt_polygon([ring]))])["q"][0]
        out.append((d, ref, (sp - ref) / ref))
    return out


def write_provenance(versions, probes, files):
    known = [r for r in ROWS if r["file"].startswith(OUT_REL + "/known_areas/")]
    finite = lambda v: v == v
    max_sp = max(abs(a[2]) for a in AGREEMENT)
    max_ex = max(abs(a[3]) for a in AGREEMENT if finite(a[3]))
    max_ex_abs = max(abs(a[7]) for a in AGREEMENT if finite(a[7]))
    max_pl = max(abs(a[4]) for a in AGREEMENT)
    max_la = max(abs(a[6]) for a in AGREEMENT)
    max_la_abs = max(abs(a[6] * a[5]) for a in AGREEMENT)
    hanoi = [a for a in AGREEMENT if "rect_wgs84" not in a[0] or a[1] in (1, 2, 3, 4)]
    max_sp_hanoi = max(abs(a[2]) for a in hanoi)
    multi = [r for r in ROWS if r["file"].endswith("multi_wgs84.geojson")][0]
    parts_sum = math.fsum(MULTI_PARTS) / 1e4
    scale = spatialite_scale_check()
    L = []
    w = L.append
    w("# Test fixtures: provenance and expected values\n")
    w("Generated by `scripts/make_test_fixtures.py`. Run `/usr/bin/python3 "
      "scripts/make_test_fixtures.py` from the repository root; it deletes and "
      "rewrites `geodata/tests/` and rewrites `tests/expected/areas.csv`, "
      "`tests/expected/bad_inputs.csv` and `tests/expected/README.md`. "
      "Everything here is synthetic: no real parcel, cluster or boundary is "
      "depicted. The names in `zipped/` and `legacy_cp1258/` are place names "
      "used only as labels. Licence: same as the repository.\n")
    w("Nothing in `engine/` is used. Every expected number comes from tools "
      "that are independent of the engine, and at least two routes agree on "
      "each one.\n")
    w("## Tools (versions recorded at generation time)\n")
    for k, v in versions:
        w("- %s: `%s`" % (k, v))
    w("")
    w("## How the expected numbers were computed\n")
    w("### area_ha (ellipsoidal, WGS 84; definition in `/work/shared/docs/numbers.md`)\n")
    w("1. **Reference: GeographicLib Planimeter.** The script reads the "
      "vertices back from the written file with OGR, so it measures exactly "
      "what is stored. It transforms them with `cs2cs -d 15 EPSG:<src> "
      "EPSG:4326` (PROJ's default operation; for VN-2000 that is EPSG:6960, "
      "the QĐ 05/2007 Helmert set). It then runs `Planimeter -p 10`: "
      "geodesic edges between the vertices, no densification, and the series "
      "method, which is the same algorithm as `geod_polygonarea` and PostGIS "
      "`ST_Area(geography, true)`. A polygon's area is |outer| − Σ|holes|, "
      "and parts are summed. Planimeter prints m² with 5 decimals, so "
      "`area_ha` has 9 decimals. Planimeter's man page (ACCURACY) bounds the "
      "error of this method at 0.0013 m² for perimeters under 10 km.")
    w("2. **Independent route: geodesic densification + equal-area "
      "projection** (`laea_area_ha`, `rel_diff_laea`). Each edge is cut "
      "along its geodesic into pieces of at most %g m (`GeodSolve -i`, then "
      "`GeodSolve` direct). The points are projected with PROJ's ellipsoidal "
      "Lambert azimuthal equal-area projection centred on the feature "
      "(`cs2cs +proj=longlat +ellps=WGS84 +to +proj=laea +lat_0=… +lon_0=… "
      "+ellps=WGS84`). That projection is exactly equal-area because it maps "
      "authalic latitude. The area is then taken with the shoelace formula. "
      "This route shares no area code with route 1. Largest |rel_diff_laea| "
      "over all %d rows: **%.1e**; largest absolute difference: **%.4f m²**, "
      "within Planimeter's own error bound. The largest differences are on "
      "the small 64-gon and the linearised circle: many vertices on a small "
      "area, so route 1's series error shows; SpatiaLite sides with route 2 "
      "there." % (LAEA_STEP_M, len(AGREEMENT), max_la, max_la_abs))
    w("3. **Cross-check: `Planimeter -E`** (`exact_area_ha`, "
      "`rel_diff_exact`, `abs_diff_exact_m2`). These are exact geodesics "
      "(elliptic integrals) with the area from a discrete sine transform. "
      "Largest |difference|: %.1e relative, %.4f m² absolute. -E is *less* "
      "accurate than the default for small many-vertex polygons (the 64-gon "
      "with r = 100 m is off by 0.004 m²), so this column is only a coarse "
      "check." % (max_ex, max_ex_abs))
    w("4. **Second route asked for: SpatiaLite** (`spatialite_area_ha`, "
      "`rel_diff`). The `spatialite` 5.0.1 CLI runs `ST_Area(ST_Transform("
      "GeomFromText(wkt, src), 4326), 1)` on WKT written with round-trip "
      "precision from the same stored vertices. **It does not reach 1e-9, and "
      "it is not a reference on this Debian.** Largest |rel_diff|: %.1e over "
      "everything; %.1e excluding the equator and 60° N rectangles. The cause: "
      "Debian's librttopo 1.1.0 is built without PROJ's geodesic "
      "(`librttopo.so.1` does not link libproj and exports no `geod_*`). So "
      "`ST_Area(g, 1)` uses the pre-PostGIS-2.2 algorithm, Vincenty plus "
      "spheroidal strips (`src/rtspheroid.c`, branch `#if ! PROJ_GEODESIC`). "
      "Its error grows with size (lon/lat squares at 21° N: %s), it is worse "
      "for edges that are neither meridians nor parallels (−1.8e-5 on the "
      "MultiPolygon's triangle, −5.2e-6 on the triangle of `multi_layer` b3), "
      "and it is **wrong by +0.45 %% for the rectangle straddling the "
      "equator** (its strip code needs southern-hemisphere rings to be "
      "'pre-conditioned', and a ring that straddles the equator evidently "
      "defeats that). Where "
      "its edges are meridians and parallels and the polygon is under 100 ha, "
      "it agrees to about 1e-9." %
      (max_sp, max_sp_hanoi,
       ", ".join("%g° (%.4g ha) %+.1e" % (d, ref / 1e4, r) for d, ref, r in scale)))
    w("")
    w("### area_plane_ha (shoelace area in EPSG:5897)\n")
    w("- For the 64-gons it is analytic, n/2·r²·sin(2π/n). The shoelace of "
      "the stored vertices agrees to the relative difference printed in "
      "`route_plane` (≤ 6e-13).")
    w("- Otherwise the vertices go through `cs2cs -d 15 EPSG:<src> "
      "EPSG:5897`, or are used as stored when the source is EPSG:5897. The "
      "shoelace is computed with `math.fsum` on coordinates taken relative "
      "to each ring's first vertex.")
    w("- Cross-check (`spatialite_plane_ha`, `rel_diff_plane`): SpatiaLite "
      "`ST_Area(ST_Transform(g, 5897))`, which is planar area with PROJ "
      "9.1.1's transform. Largest |rel_diff_plane|: **%.1e**." % max_pl)
    w("")
    w("### Tolerances\n")
    w("numbers.md asks the engine for 1e-7 relative (or 1e-5 ha for tiny "
      "pieces). The reference and the independent route agree within %.1e. "
      "The engine computes area_ha with PROJ's `geod_polygonarea`, the same "
      "series algorithm as Planimeter, so it should match `area_ha` to "
      "Planimeter's printed precision (1e-5 m², i.e. 1e-9 relative for 1 ha). "
      "It has no reason to match `laea_area_ha` better than 3e-9. For "
      "area_plane_ha the engine uses the same PROJ transform as cs2cs, so "
      "1e-9 relative is a fair test. Polygons far from the zone (the equator "
      "and 60° N rectangles) depend on PROJ applying EPSG:6960 outside its "
      "area of use, which cs2cs does.\n" % max_la)
    w("MultiPolygon check: the two parts of `multi_wgs84.geojson` measured on "
      "their own sum to %.9f ha; the feature's `area_ha` is %s ha.\n" %
      (parts_sum, multi["area_ha"]))
    w("## Expected values: known_areas\n")
    w("The full table, with routes, is `known_areas/expected_areas.csv`. "
      "`tests/expected/areas.csv` has the same columns and also one row for "
      "every measurable feature under `bad/` (%d rows in all).\n" % len(ROWS))
    w(md_table(known, ["file", "id", "area_ha", "area_plane_ha",
                       "rel_diff_laea", "rel_diff", "rel_diff_exact",
                       "rel_diff_plane"],
               ["file", "id", "area_ha (Planimeter)", "area_plane_ha (5897)",
                "laea route rel", "SpatiaLite rel", "Planimeter -E rel",
                "plane rel (SpatiaLite)"]))
    w("")
    w("`rect_wgs84.geojson` id 5 is stored clockwise on purpose, so the "
      "engine must take |area|. Shapefile writers store outer rings "
      "clockwise, as that format requires.\n")
    w("## Fixtures\n")
    w("### known_areas/\n")
    w("- `rect_wgs84.geojson` (EPSG:4326, hand-written GeoJSON with no `crs` "
      "member): 6 lon/lat rectangles, each a closed 5-vertex ring.")
    w("  - Ids 1–4 are about 1, 50, 75 and 1000 ha in Hanoi. Id 3 is "
      "75.006 ha on the ellipsoid and 75.004 ha in EPSG:5897, just above "
      "75 ha, for the ≤ 75 ha rule.")
    w("  - Id 5 is about 100 ha, straddles the equator at 105.5° E and is "
      "stored as a clockwise ring. Id 6 is about 100 ha at 60° N, 105.5° E.")
    w("  - Ids 5 and 6 stay near 105° E so that EPSG:5897 is still "
      "numerically defined there, though far outside its area of use. "
      "cs2cs still applies EPSG:6960's Helmert there, identical to the "
      "`+towgs84` string.")
    w("- `circle_vn2000.shp` (+ .shx .dbf .prj .cpg): regular 64-gons "
      "(vertex k at angle 2πk/64) drawn in EPSG:5897.")
    w("  - Radii are 100, 400 and 1000 m, centred at N 2 328 000 and E "
      "586 000 / 588 000 / 591 000.")
    w("  - The .prj is GDAL's ESRI WKT of EPSG:5897, and GDAL reads it back "
      "as EPSG:5897 with its TOWGS84. The .cpg says UTF-8; the .dbf date is "
      "2025-01-01.")
    w("- `rect_utm48n.gpkg`, layer `rect_utm48n` (EPSG:32648): a 500 m "
      "square, a 1000 m square, and a donut (an 800 m square with a 400 m "
      "hole, hole ring clockwise).")
    w("  - Their UTM-plane areas are exactly 25, 100 and 48 ha. Set against "
      "`area_ha`, they show UTM's scale error of about 0.06 %.")
    w("- `multi_wgs84.geojson`: one MultiPolygon made of a rectangle and a "
      "triangle.\n")
    w("### bad/\n")
    w("Each input is listed with its intent (what the engine should do: a "
      "proposal, since the engine's error policy is the engine team's call) "
      "and with how GDAL 3.6.2 itself reacts. The GDAL reaction is also in "
      "`tests/expected/bad_inputs.csv`, from two probes: `ogrinfo -ro -al -q` "
      "(which reads every feature), with its exit code, stderr and FAILURE "
      "text; and the Python bindings reading every feature through an error "
      "handler. Expected areas for the measurable inputs are in "
      "`tests/expected/areas.csv`.\n")
    for pr in probes:
        w("- **`%s`**: %s" % (pr["fixture"], pr["intent"]))
        w("  - GDAL: opens=%s, driver=%s, SRS=%s, layers=%s, features read=%s, "
          "types=%s; ogrinfo rc=%s%s%s" % (
              pr["opens"], pr["driver"] or "-", pr["srs"] or "-",
              pr["layers"] or "-", pr["features_read"] or "-",
              pr["geometry_types"] or "-", pr["ogrinfo_rc"],
              ("; ogrinfo says: `%s`" % pr["ogrinfo_stderr"]) if pr["ogrinfo_stderr"] else "; no message",
              ("; bindings: `%s`" % pr["python_messages"]) if pr["python_messages"] else ""))
    w("")
    w("What PROJ does with the out-of-range vertices:")
    for what, res in PROJ_CHECKS:
        w("- %s: %s. PROJ reports no error here; the engine must check "
          "for inf itself." % (what, res))
    w("")
    w("Construction details:\n")
    w("- `corrupt/truncated.shp`: 3 32-gons, then the file is cut at byte "
      "%d of %d.\n  - Record 2 starts at byte %d, so the cut falls 100 bytes "
      "into its content. The .shx, .dbf and .prj are intact.\n  - GDAL opens "
      "the file and reports `Feature Count: 3`. Reading returns feature 1, "
      "then features 2 and 3 **with NULL geometry plus an ERROR**. ogrinfo "
      "still exits with 0."
      % (TRUNC["cut"], TRUNC["full"], TRUNC["rec2_start"]))
    w("- `corrupt/garbage_header.shp`: the same shapefile with its 100-byte "
      "header overwritten by a sha256 chain seeded with `zoneguard garbage "
      "header`. GDAL cannot open it, and `GDALOpenEx` returns NULL **without "
      "any CPLError message**: the engine must write its own message.")
    w("- `missing_dbf/`: GDAL opens the .shp/.shx pair **silently**, with no "
      "fields and no warning. `no_prj/` and `metres_as_degrees/` also open "
      "without a word. Only the engine can catch these.")
    w("- `deprecated_6957/tm3_6957.prj` is the OGC WKT1 of "
      "`osr.ImportFromEPSG(6957)`, written with `ExportToWkt()`.\n"
      "  - **Caution:** by default GDAL (`OSR_USE_NON_DEPRECATED=YES`) "
      "silently replaces a deprecated code with its successor, so "
      "`ImportFromEPSG(6957)` returns EPSG:5897's WKT. The script sets "
      "`OSR_USE_NON_DEPRECATED=NO` to get the real 6957: `false_easting 0`, "
      "`false_northing 500000`, `AUTHORITY[\"EPSG\",\"6957\"]`.\n"
      "  - Reading the .prj does not remap it: the layer SRS is EPSG:6957 "
      "with FE 0 and FN 500000.\n"
      "  - Taken literally, the coordinates land elsewhere: %s."
      % "; ".join("id %s: %s" % (k, v.replace("if 6957 were taken literally "
                                                "(FE 0, FN 500000) ", ""))
                  for k, v in sorted(DEPRECATED["naive"].items())))
    w("- `curve/curvepolygon.gpkg`, layer `curves` (EPSG:5897): a full "
      "circle of r = 200 m (a CIRCULARSTRING) and a D shape (a COMPOUNDCURVE: "
      "a 400 × 400 m square closed by a half-circle arc of r = 200 m).\n"
      "  - The expected values are for GDAL's default linearisation, "
      "`OGR_G_GetLinearGeometry(g, 0, NULL)` with OGR_ARC_STEPSIZE = 4°:")
    for fid, nm, npts, exact, lin_area in CURVES:
        w("    - id %d %s: %d ring vertices; linearised plane area %.4f m²; "
          "true curved area %.4f m²; relative difference %.2e." %
          (fid, nm, npts, lin_area, exact, (lin_area - exact) / exact))
    w("  - Careful: OGR's `get_Area()` returns the *exact* area of a full "
      "CIRCULARSTRING circle but the *linearised* area of the COMPOUNDCURVE. "
      "Measure the linearised geometry in both cases.")
    w("- `invalid/invalid.geojson` (EPSG:4326) has 3 cases: a bow-tie, a hole "
      "entirely outside its shell, and a hole crossing the shell "
      "boundary.\n"
      "  - Route A: GDAL 3.6.2 `OGR_G_MakeValidEx(g, {\"METHOD=STRUCTURE\"})`, "
      "which calls GEOS %s `GEOSMakeValidWithParams_r` (structure method, i.e. "
      "GeometryFixer), then Planimeter on the result.\n"
      "  - Route B: the expected rings, built by hand in the script, then "
      "Planimeter (`rel_diff_hand`).\n"
      "  - Route C: the laea route on route A's rings.\n"
      "  - For contrast only: `ogr2ogr -makevalid`. In GDAL 3.6 it calls "
      "`MakeValid()` without options, so it uses **the linework method, not "
      "structure**. SpatiaLite's `ST_MakeValid` (librttopo) gives linework "
      "results as well.\n"
      "  - The two methods differ on case 3. Structure gives shell minus "
      "hole, an L-shape of 3/4 of the shell; linework also keeps the part of "
      "the hole outside the shell, about twice the area.\n"
      "  - They agree on case 2: GeometryFixer turns a hole that does not "
      "touch its shell into a separate polygon, so the area is shell + hole, "
      "not just the shell.\n"
      "  - `raw_signed_area_ha` is the sum of Planimeter's signed ring areas "
      "as stored, the 'area before' for the qa_log. The bow-tie's two loops "
      "are mirror images and cancel exactly.\n"
      "  - Results (also in `invalid/expected.csv`, with the repaired WKT):\n"
      % GEOS_VERSION)
    w(md_table(INVALID_ROWS, ["id", "case", "raw_signed_area_ha", "area_ha",
                              "area_plane_ha", "rel_diff_hand", "rel_diff_laea",
                              "rel_diff_spatialite", "linework_area_ha"]))
    w("")
    w("- `legacy_cp1258/cum_cn_1258.shp`: the .shp, .shx and .prj come from "
      "OGR; the .cpg contains `1258`.\n"
      "  - The .dbf is written byte by byte by the script: dBASE III, fields "
      "`id` N(9) and `ten` C(80), date 2025-01-01.\n"
      "  - The names use the usual decomposed CP1258 form: a letter's "
      "precomposed code when CP1258 has one, otherwise the base letter "
      "(including â ê ô ơ ư ă đ) plus a combining tone byte (CC, EC, DE, D2 "
      "or F2).\n"
      "  - Route 1: the script's encoder, checked by decoding with Python's "
      "`cp1258` codec and NFC. Route 2: glibc `iconv -f CP1258 -t UTF-8` "
      "(the CLI flushes its state). Both give back the names in "
      "`expected_names.csv`.")
    w("  - **Surprise (GDAL 3.6.2 + glibc 2.36):** GDAL honours the .cpg "
      "(SHAPEFILE metadata `ENCODING_FROM_CPG=%s`) but **drops the last "
      "character of every string value and of every field name**. The fields "
      "come out as %s instead of `id`, `ten`.\n"
      "    - Cause: glibc's CP1258 decoder holds back the last base letter in "
      "case a combining tone byte follows, and GDAL's `CPLRecode` never "
      "flushes the iconv state.\n"
      "    - This is the defect domain.md §4 reports for TCVN5712-1. It "
      "matches OSGeo/gdal#2045 (closed), which was also a `.cpg` of 1258.\n"
      "    - What GDAL returns:" %
      (CP1258_GDAL.get("gdal_cpg_encoding"),
       ", ".join("`%s`" % n for n in CP1258_GDAL["gdal_cpg_fields"])))
    for r in CP1258_ROWS:
        w("      - id %s: expected `%s`, GDAL gives `%s`" %
          (r["id"], r["ten_utf8"], r["gdal_362_reads"]))
    w("  - Opening with `-oo ENCODING=\"\"` gives the raw bytes and the right "
      "field names (`%s`). The engine should do that and decode CP1258 "
      "itself: compose base + tone, then NFC." %
      "`, `".join(CP1258_GDAL["gdal_raw_fields"]))
    w("- `zipped/clusters.zip` holds `clusters.shp/.shx/.dbf/.prj/.cpg` with "
      "UTF-8 names. Members have a fixed date and mode 0644, so the zip is "
      "byte-stable. Read it as `/vsizip/geodata/tests/bad/zipped/clusters.zip"
      "/clusters.shp`. GDAL 3.6.2 does not open the plain `.zip` path: it "
      "auto-detects only `*.shp.zip`.")
    w("- `kml/two_polygons.kml`: hand-written KML 2.2 with 2 Placemarks. Each "
      "has an `ExtendedData` `id` and coordinates `lon,lat,0`. The LIBKML "
      "driver reads them as 3D polygons and exposes `id`.")
    w("- `multi_layer.gpkg`: layers `a` (2 features) and `b` (3), both in "
      "EPSG:5897.")
    w("- `three_d/polygonz.shp`: PolygonZ (shape type 15) with Z = 10, 11, … "
      "per vertex; the ring closes in 3D too.")
    w("- `mixed/`: the GeoJSON has 6 features: 3 polygons, a point, a null "
      "geometry, and `\"coordinates\":[]` (RFC 7946's empty polygon), which "
      "GDAL reads as a NULL geometry. The GeoPackage holds the same 6 with a "
      "real `POLYGON EMPTY`.")
    w("- `no_prj`, `missing_dbf`, `metres_as_degrees`, `deprecated_6957` and "
      "`three_d` share two parcels in EPSG:5897 metres: `parcel A` "
      "(250 × 200 m, exactly 5 ha in the plane) and `parcel B` (a pentagon, "
      "10.895 ha in the plane).")
    w("")
    w("## Determinism\n")
    w("- No timestamps are written.")
    w("- GeoPackages are written under `OGR_CURRENT_DATE=2025-01-01T00:00:00Z`, "
      "which fixes `gpkg_contents.last_change`.")
    w("- DBFs carry `DBF_DATE_LAST_UPDATE=2025-01-01`; the CP1258 .dbf has "
      "the same date written by hand.")
    w("- Zip members have a fixed date and mode; GeoJSON and KML are written "
      "as text.")
    w("- Two runs give identical bytes. The sha256 list below is recomputed "
      "on each run; compare it after regenerating.\n")
    w("```")
    for f, h in files:
        w("%s  %s" % (h, f))
    w("```")
    with open(os.path.join(OUT, "PROVENANCE.md"), "w", encoding="utf-8",
              newline="\n") as f:
        f.write("\n".join(L) + "\n")


def write_expected_readme():
    text = """# Expected values for zoneguard tests

Generated by `scripts/make_test_fixtures.py`; do not edit by hand. How each
number was obtained, and how closely the routes agree, is in
`geodata/tests/PROVENANCE.md`.

- `areas.csv`: one row per measurable polygon feature of every fixture under
  `geodata/tests/`, keyed by `file`, `layer` and `id`. The `id` is the
  feature's `id` field, or its FID where the layer has no attributes
  (`missing_dbf`).
  - `area_ha`: the reference ellipsoidal area, from GeographicLib Planimeter.
    `laea_area_ha` is the independent check.
  - `area_plane_ha`: the EPSG:5897 shoelace area, analytic for the 64-gons.
  - `note`: the condition under which the row applies, e.g. "assumes
    EPSG:5897" for inputs without a usable CRS, or a GDAL linearisation.
  - Suggested tolerance: 1e-7 relative or 1e-5 ha, whichever is larger.
- `bad_inputs.csv`: how GDAL 3.6.2 reacts to each input under
  `geodata/tests/bad/`, and the intended engine behaviour (a proposal).
- Per-fixture extras: `geodata/tests/bad/invalid/expected.csv` (MakeValid
  structure results and the areas before repair) and
  `geodata/tests/bad/legacy_cp1258/expected_names.csv` (the decoded names).
"""
    with open(os.path.join(EXP, "README.md"), "w", encoding="utf-8",
              newline="\n") as f:
        f.write(text)


# --------------------------------------------------------------------------

def main():
    global GEOS_VERSION
    os.chdir(ROOT)
    reset_dir(OUT)
    os.makedirs(EXP, exist_ok=True)
    spv = spatialite_versions()
    GEOS_VERSION = spv.split("|")[1].split("-")[0]
    versions = [
        ("GDAL (python3-gdal)", gdal.VersionInfo("--version")),
        ("PROJ cs2cs", CS2CS_VERSION),
        ("GeographicLib Planimeter", PLANIMETER_VERSION),
        ("SpatiaLite | GEOS | RTTOPO | PROJ (spatialite CLI)", spv),
        ("iconv", run(["iconv", "--version"])[1].splitlines()[0]),
    ]
    make_known_areas()
    make_bad()
    probes = []
    for target, intent in BAD:
        pr = probe(target)
        pr["intent"] = intent
        probes.append(pr)
    write_csv(os.path.join(EXP, "areas.csv"), ROWS, CSV_COLUMNS)
    write_csv(os.path.join(EXP, "bad_inputs.csv"), probes,
              ["fixture", "opens", "driver", "srs", "layers", "features_read",
               "geometry_types", "ogrinfo_rc", "ogrinfo_stderr",
               "python_messages", "intent"])
    write_expected_readme()
    files = []
    for base in (OUT, EXP):
        for dp, dn, fn in os.walk(base):
            dn.sort()
            for name in sorted(fn):
                path = os.path.join(dp, name)
                if name == "PROVENANCE.md":
                    continue
                files.append((rel(path), sha256(path)))
    files.sort()
    write_provenance(versions, probes, files)
    print("wrote %d files; %d expected-area rows; %d bad inputs" %
          (len(files) + 1, len(ROWS), len(BAD)))


if __name__ == "__main__":
    main()
