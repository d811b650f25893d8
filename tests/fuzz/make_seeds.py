#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""make_seeds.py: (re)write the seed corpus of the fuzz targets,
tests/fuzz/corpus/<target>/, from the project's own data (geodata/) plus a
few hand-written edge cases. Deterministic: the same geodata gives the
same files. Run from anywhere with Debian's python3 (python3-gdal):
  /usr/bin/python3 tests/fuzz/make_seeds.py

Seeds are small, real-looking inputs the fuzzer mutates from; they are not
expected results (the targets check properties, see each fuzz_*.c).
"""
import csv
import shutil
import struct
import unicodedata
from pathlib import Path

from osgeo import gdal

ROOT = Path(__file__).resolve().parents[2]
GEO = ROOT / "geodata"
OUT = Path(__file__).resolve().parent / "corpus"


def put(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / name).write_bytes(data)


def expected_names():
    with open(GEO / "tests/encodings/expected_names.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def shapefile_seed(stem, options=0):
    """The layout of fuzz_shapefile.c: options byte, four 16-bit lengths
    (.shp .shx .dbf .prj), the four parts, then the .cpg."""
    parts = []
    for ext in ("shp", "shx", "dbf", "prj"):
        p = stem.with_suffix("." + ext)
        parts.append(p.read_bytes() if p.exists() else b"")
    cpg = stem.with_suffix(".cpg")
    rest = cpg.read_bytes() if cpg.exists() else b""
    head = bytes([options]) + b"".join(struct.pack("<H", len(p)) for p in parts)
    return head + b"".join(parts) + rest


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    codes = sorted((GEO / "codes").glob("*.csv"))
    rules = GEO / "rules/hanoi_ccn.csv"

    # ---- csv: every CSV of ours, and the corners of RFC 4180.
    for p in codes + [rules]:
        put("csv", p.name, p.read_bytes())
    put("csv", "quoted.csv", 'a,"b ""q"", c","multi\nline"\r\n,,\n"",x\n')
    put("csv", "bom_crlf.csv", "\ufeffcode,role\r\nLUC,protected_agri\r\n")

    # ---- codes: the two circulars' tables and a user's small one.
    for p in codes:
        if p.name != "colors.csv":
            put("codes", p.name, p.read_bytes())
    put("codes", "user.csv",
        "Code,Role,name_vi\n luc ,protected_agri,Đất chuyên trồng lúa\n"
        "ont,residential,\"Đất ở, nông thôn\"\nSKK,industrial,\n")

    # ---- rules: the Hanoi rules and one of each threshold form.
    put("rules", rules.name, rules.read_bytes())
    put("rules", "forms.csv",
        "id,measure,comparison,threshold,severity,when\n"
        "A,area_ha,between,10..75,fail,lang_nghe!=1;mien_nui!=1\n"
        "B,min_dist_residential_m,>=,\"hazard:I=1000,II=500,V=50\",warn,\n"
        "C,luc_ha,<,0.5,warn,hazard_class=II|lang_nghe=1\n"
        "D,area_plane_ha,==,1e1,fail,\n")

    # ---- scenario: the demo and the smallest valid one.
    put("scenario", "hanoi.scenario", (GEO / "demo/hanoi.scenario").read_bytes())
    put("scenario", "minimal.scenario",
        "\ufeff# one layer\r\nclusters = /data/ccn.shp\r\nthreads = 2\r\n"
        "residential = a.gpkg, /vsizip/b.zip/c.shp\n")
    # The keys added since: several proposal files, the atlas, the
    # report's layout and issuing body, and every shared setting.
    put("scenario", "every_key.scenario",
        "title = Cụm <b>\"A\"</b> & B\nclusters = c.shp\n"
        "proposals = p1.gpkg, /abs/p2.gpkg ,p3.shp\noccupied = o.gpkg\n"
        "atlas = all\nreport_layout = official\n"
        "issuing_body = SỞ CÔNG THƯƠNG HÀ NỘI\nthreads = 4\n"
        "codes = tt27_2018\nplane_crs = EPSG:5897\nmin_overlap_m2 = 0.5\n"
        "rings = 50, 100,300\nunbuildable = residential,water\n"
        "hazard_class = III\nrules = r.csv\ncode_field = ma_ldat\n"
        "residential_code_field = ma\ndeclared_field = dt\n"
        "format = gpkg\nboundaries_label = Xã\n")

    # ---- the legacy text decoders: the real names of the fixtures.
    names = expected_names()
    by_enc = {}
    for r in names:
        raw = bytes.fromhex(r["ten_ccn_hex"])
        by_enc.setdefault(r["encoding"], []).append((r["ma_ccn"], raw, r))
    for enc, rows in sorted(by_enc.items()):
        for code, raw, _ in rows[:2]:
            put("legacy_decode", f"{enc}_{code}", raw)
    put("legacy_decode", "utf8_ha_noi", "Hà Nội")
    put("legacy_decode", "utf8_nfd_ha_noi", unicodedata.normalize("NFD", "Hà Nội"))

    # zg_vn_nfc: decomposed text (as macOS and CP1258 give it), and NFC.
    for r in names[::4]:
        put("vn_nfc", f"nfd_{r['ma_ccn']}",
            unicodedata.normalize("NFD", r["ten_ccn"]))
    put("vn_nfc", "nfc_ha_noi", "Hà Nội")
    put("vn_nfc", "marks_out_of_order", "o\u0323\u0302 u\u0309\u031b a\u0301\u0306")

    # zg_double_utf8_repair: doubly encoded names, and right ones.
    for code, raw, _ in by_enc["utf8-double"][:3]:
        put("double_utf8", f"double_{code}", raw)
    put("double_utf8", "right_ha_noi", "Hà Nội")

    # zg_legacy_detect: each fixture's column of names, one per line.
    by_file = {}
    for r in names:
        by_file.setdefault(Path(r["file"]).stem, []).append(
            bytes.fromhex(r["ten_ccn_hex"]))
    for stem, vals in sorted(by_file.items()):
        put("legacy_detect", stem, b"\n".join(vals))
    put("legacy_detect", "ascii", "CCN-01\nPhu Nghia\n")

    # ---- geojson: the small GeoJSON files of geodata/tests, and one in
    # VN-2000 with a crs member.
    for p in sorted((GEO / "tests").rglob("*.geojson")):
        put("geojson", p.name, p.read_bytes())
    src = gdal.OpenEx(str(GEO / "tests/known_areas/rect_wgs84.geojson"))
    gdal.VectorTranslate("/vsimem/vn2000.geojson", src, format="GeoJSON",
                         dstSRS="EPSG:5897", layerCreationOptions=[
                             "RFC7946=NO", "COORDINATE_PRECISION=3"])
    src = None
    f = gdal.VSIFOpenL("/vsimem/vn2000.geojson", "rb")
    gdal.VSIFSeekL(f, 0, 2)
    n = gdal.VSIFTellL(f)
    gdal.VSIFSeekL(f, 0, 0)
    put("geojson", "rect_vn2000.geojson", gdal.VSIFReadL(1, n, f))
    gdal.VSIFCloseL(f)
    gdal.Unlink("/vsimem/vn2000.geojson")

    # ---- shapefile: every small shapefile of geodata/tests (good, legacy
    # encodings, and the bad ones: no .dbf, no .prj, 3D, truncated...).
    # The options byte of the encoded ones asks for their encoding.
    enc_opt = {"ccn_tcvn3_nocpg": 1, "ccn_cp1258": 2}
    for shp in sorted((GEO / "tests").rglob("*.shp")):
        if shp.stat().st_size > 4000:
            continue
        name = f"{shp.parent.name}_{shp.stem}"
        put("shapefile", name, shapefile_seed(shp.with_suffix(""),
                                              enc_opt.get(shp.stem, 0)))


    # ---- wkb_box: polygons as the reader meets them in a GeoPackage (the
    # demo's clusters, both byte orders), and what it must decline or get
    # right: holes, multipolygons, Z, a point, an unclosed ring, a byte left
    # over.
    from osgeo import ogr
    ds = ogr.Open(str(GEO / "demo/hanoi_clusters_vn2000.shp"))
    lyr = ds.GetLayer(0)
    for i, f in enumerate(lyr):
        if i >= 3:
            break
        g = f.GetGeometryRef()
        put("wkb_box", f"cluster{i}_le.wkb", bytes(g.ExportToIsoWkb(ogr.wkbNDR)))
        put("wkb_box", f"cluster{i}_be.wkb", bytes(g.ExportToIsoWkb(ogr.wkbXDR)))
    wkts = {
        "hole": "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 3,2 2))",
        "hole_outside": "POLYGON((0 0,1 0,1 1,0 1,0 0),(5 5,6 5,6 6,5 5))",
        "multi": "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 7,5 5)))",
        "point": "POINT(1 2)",
        "polygon_z": "POLYGON Z((0 0 1,1 0 1,1 1 1,0 0 1))",
    }
    for k, w in wkts.items():
        g = ogr.CreateGeometryFromWkt(w)
        put("wkb_box", f"{k}_le.wkb", bytes(g.ExportToIsoWkb(ogr.wkbNDR)))
        put("wkb_box", f"{k}_be.wkb", bytes(g.ExportToIsoWkb(ogr.wkbXDR)))
    sq = bytes(ogr.CreateGeometryFromWkt(
        "POLYGON((588000 2326000,588100 2326000,588100 2326100,"
        "588000 2326100,588000 2326000))").ExportToIsoWkb(ogr.wkbNDR))
    put("wkb_box", "trailing_byte.wkb", sq + b"\0")
    put("wkb_box", "unclosed.wkb", sq[:-1] + bytes([sq[-1] ^ 0x40]))

if __name__ == "__main__":
    main()
