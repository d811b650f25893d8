#!/usr/bin/python3
"""make_report_scene.py: a small synthetic scenario with many clusters, for
timing `zoneguard report` and `zoneguard map` (scripts/bench/bench_report.sh).

The report's and the map's cost depend on the rows of the results database,
which grow with the clusters, not the parcels: so this scene has N clusters
and only a few features of every other layer per cluster, enough for every
section of the report to have rows:

  clusters.gpkg     N rectangles of 7-14 ha on a grid of 700 m blocks (one
                    block each); every 25th reaches into its neighbour's
                    block, giving an overlap; one in seven is "đề xuất"
  landuse.gpkg      the land-use map: each block cut in 4 parcels of
                    350 m, codes from a fixed cycle (LUC, ONT, CLN, ...);
                    the first is a bow-tie (repaired: a qa_log row)
  housing_2020.gpkg, housing_2025.gpkg
                    houses of 20 x 20 m (ma_ldat = ONT): in 9 blocks of 10,
                    1 inside the cluster and 2 in its rings at 2020; by 2025
                    one more in each and one of 2020 cleared
  proposals.gpkg    20 proposals between blocks, of varied size, hazard
                    class, craft-village flag and expansions (mo_rong)
  scene.scenario    the scenario for `zoneguard run` (rings 100, 300)

EPSG:5897 (VN-2000 / TM-3 zone 482), origin E 560 000, N 2 300 000.
Same arguments -> byte-identical files (no randomness; OGR_CURRENT_DATE
fixed). Python 3 + GDAL's bindings; a benchmark tool, not a test fixture.
"""
import argparse
import math
import os
import sys

from osgeo import gdal, ogr, osr

ORIGIN_E = 560000.0
ORIGIN_N = 2300000.0
BLOCK = 700.0
FIXED_DATE = "2024-08-01T00:00:00Z"
CODES = ["LUC", "ONT", "CLN", "LUC", "HNK", "SKN", "NTS", "DGT", "LUC",
         "SON", "CLN", "ODT", "LUK", "TMD"]
COMMUNES = ["Phú Nghĩa", "Thanh Thùy", "Ngọc Sơn", "Liên Hà", "Vân Hà",
            "Phú Thịnh", "Dị Nậu", "Chàng Sơn", "Hữu Bằng", "Bình Phú",
            "Tân Hòa", "Kiêu Kỵ", "Đa Sỹ", "Phùng Xá", "Đại Yên"]
DISTRICTS = ["Huyện Thạch Thất", "Huyện Quốc Oai", "Huyện Chương Mỹ",
             "Huyện Thanh Oai", "Huyện Thường Tín", "Huyện Đông Anh"]


def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def poly(ring):
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ring:
        r.AddPoint_2D(round(x, 2), round(y, 2))
    p = ogr.Geometry(ogr.wkbPolygon)
    p.AddGeometry(r)
    return p


def layer(path, name, srs, fields):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer(name, srs, ogr.wkbPolygon,
                         options=["FID=fid", "GEOMETRY_NAME=geom"])
    for fname, ftype in fields:
        lyr.CreateField(ogr.FieldDefn(fname, ftype))
    ds.StartTransaction()
    return ds, lyr


def add(lyr, geom, **values):
    f = ogr.Feature(lyr.GetLayerDefn())
    for k, v in values.items():
        f.SetField(k, v)
    f.SetGeometry(geom)
    if lyr.CreateFeature(f) != 0:
        sys.exit("make_report_scene: CreateFeature failed")


def close(ds):
    ds.CommitTransaction()


def block_origin(k, cols):
    return (ORIGIN_E + (k % cols) * BLOCK, ORIGIN_N + (k // cols) * BLOCK)


def cluster_rect(k, cols):
    """The cluster of block k: lower-left corner at (100, 100) in its
    block; every 25th (not on the last column) is 750 m wide and reaches
    50 m into the next block's cluster."""
    bx, by = block_origin(k, cols)
    w = 280.0 + (k % 7) * 30.0
    h = 250.0 + (k % 5) * 25.0
    if k % 25 == 3 and k % cols != cols - 1:
        w = 750.0
    return bx + 100.0, by + 100.0, bx + 100.0 + w, by + 100.0 + h


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clusters", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    n = a.clusters
    if n < 30:
        sys.exit("make_report_scene: --clusters must be at least 30")
    cols = int(math.ceil(math.sqrt(n)))
    os.makedirs(a.out, exist_ok=True)
    gdal.UseExceptions()
    ogr.UseExceptions()
    gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_DATE)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(5897)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    out = a.out

    ds, cl = layer(os.path.join(out, "clusters.gpkg"), "clusters", srs,
                   [("ma_ccn", ogr.OFTString), ("ten_ccn", ogr.OFTString),
                    ("huyen", ogr.OFTString), ("trang_thai", ogr.OFTString),
                    ("dien_tich", ogr.OFTReal)])
    for k in range(n):
        x0, y0, x1, y1 = cluster_rect(k, cols)
        add(cl, poly(rect(x0, y0, x1, y1)), ma_ccn="CCN-%05d" % (k + 1),
            ten_ccn="Cụm công nghiệp %s %d" % (COMMUNES[k % len(COMMUNES)],
                                               k // len(COMMUNES) + 1),
            huyen=DISTRICTS[k % len(DISTRICTS)],
            trang_thai="đề xuất" if k % 7 == 6 else "đang hoạt động",
            dien_tich=round((x1 - x0) * (y1 - y0) / 1e4 * 1.02, 2))
    close(ds)
    ds = None

    ds, lu = layer(os.path.join(out, "landuse.gpkg"), "landuse", srs,
                   [("ma_ldat", ogr.OFTString)])
    i = 0
    for k in range(n):
        bx, by = block_origin(k, cols)
        for q in range(4):
            x0 = bx + (q % 2) * BLOCK / 2
            y0 = by + (q // 2) * BLOCK / 2
            x1, y1 = x0 + BLOCK / 2, y0 + BLOCK / 2
            g = rect(x0, y0, x1, y1)
            if k == 0 and q == 0:
                # A bow-tie under the first cluster: repaired, and logged
                # in qa_log (the part it no longer covers is uncovered).
                g = [(x0, y0), (x1, y1), (x1, y0), (x0, y1), (x0, y0)]
            add(lu, poly(g), ma_ldat=CODES[(k * 3 + q * 5) % len(CODES)])
            i += 1
    close(ds)
    ds = None

    for year in (2020, 2025):
        ds, h = layer(os.path.join(out, "housing_%d.gpkg" % year), "housing",
                      srs, [("ma_ldat", ogr.OFTString)])
        for k in range(n):
            if k % 10 == 9:
                continue  # a tenth of the clusters have no housing near
            x0, y0, x1, y1 = cluster_rect(k, cols)
            spots = [(x0 + 30, y0 + 30),        # inside
                     (x1 + 40, y0 + 60),        # ring 0-100
                     (x0 + 60, y1 + 180)]       # ring 100-300
            if year == 2025:
                spots += [(x0 + 90, y0 + 30),   # inside, new
                          (x1 + 60, y0 + 120)]  # ring 0-100, new
                if k % 3 == 0:
                    spots.pop(2)                # cleared since 2020
            for sx, sy in spots:
                add(h, poly(rect(sx, sy, sx + 20, sy + 20)), ma_ldat="ONT")
        close(ds)
        ds = None

    ds, pr = layer(os.path.join(out, "proposals.gpkg"), "proposals", srs,
                   [("ma", ogr.OFTString), ("ten", ogr.OFTString),
                    ("huyen", ogr.OFTString), ("lang_nghe", ogr.OFTInteger),
                    ("mien_nui", ogr.OFTInteger),
                    ("hazard_class", ogr.OFTString),
                    ("mo_rong", ogr.OFTString)])
    step = max(1, n // 20)
    for p in range(20):
        k = (p * step + step // 2) % n
        x0, y0, x1, y1 = cluster_rect(k, cols)
        kind = p % 5
        if kind == 0:    # beside the cluster, in the next free strip
            g = rect(x0, y1 + 40, x0 + 340, y1 + 340)
        elif kind == 1:  # too small: 6 ha, a craft village every other
            g = rect(x0, y1 + 40, x0 + 240, y1 + 290)
        elif kind == 2:  # over the cluster's edge: overlap and housing
            g = rect(x0 - 20, y0 - 20, x0 + 330, y0 + 300)
        elif kind == 3:  # expands the cluster northwards
            g = rect(x0, y1, x1, y1 + 150)
        else:            # far out, bigger than 75 ha
            g = rect(x1 + 60, y0 - 100, x1 + 60 + 300, y0 + 2600)
        add(pr, poly(g), ma="DX-%02d" % (p + 1),
            ten="Cụm công nghiệp đề xuất %d" % (p + 1),
            huyen=DISTRICTS[p % len(DISTRICTS)],
            lang_nghe=1 if kind == 1 and p % 2 else 0, mien_nui=0,
            hazard_class=["I", "II", "III", "IV", "V"][p % 5],
            mo_rong="CCN-%05d" % (k + 1) if kind == 3 else "")
    close(ds)
    ds = None

    with open(os.path.join(out, "scene.scenario"), "w",
              encoding="utf-8") as f:
        f.write("# written by scripts/bench/make_report_scene.py "
                "--clusters %d\n" % n)
        f.write("title = Report benchmark, %d clusters\n" % n)
        f.write("clusters = clusters.gpkg\nid_field = ma_ccn\n"
                "name_field = ten_ccn\ndeclared_field = dien_tich\n"
                "landuse = landuse.gpkg\ncode_field = ma_ldat\n"
                "codes = tt08_2024\n"
                "residential = housing_2020.gpkg, housing_2025.gpkg\n"
                "residential_code_field = ma_ldat\nepochs = 2020, 2025\n"
                "rings = 100, 300\nproposals = proposals.gpkg\n")
    print("make_report_scene: %d clusters, %d parcels -> %s"
          % (n, i, out), file=sys.stderr)


if __name__ == "__main__":
    main()
