#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write geodata/tests/encodings/: small polygon shapefiles whose DBF text is
in the legacy encodings of Vietnamese GIS data (shared/docs/domain.md s.4),
with the names they must decode to.

    /usr/bin/python3 scripts/make_encoding_fixtures.py

Needs Debian's python3-gdal (osgeo) and glibc's iconv program. It deletes
and rewrites geodata/tests/encodings/ only. Deterministic: no clock, the DBF
header date is pinned with DBF_DATE_LAST_UPDATE; two runs give identical
bytes (PROVENANCE.md lists the SHA-256 of each file).

Outputs (EPSG:5897, fields ma_ccn String(12) and ten_ccn String(100)):

  ccn_tcvn3.*         TCVN3 (ABC) bytes, .cpg "TCVN5712-1" (what GDAL/iconv
                      call it; GDAL 3.6 then drops the last character)
  ccn_tcvn3_nocpg.*   TCVN3 bytes, no .cpg, DBF language id 0
  ccn_vni.*           VNI-Windows bytes, .cpg "1252" (VNI fonts sit on the
                      Windows-1252 code points, so tools that write a .cpg
                      name the ANSI code page [U])
  ccn_cp1258.*        Windows-1258 bytes, .cpg "1258"
  ccn_utf8_double.*   UTF-8 encoded twice (UTF-8 bytes read as Windows-1252
                      and written as UTF-8 again), .cpg "UTF-8"
  expected_names.csv  file, ma_ccn, ten_ccn (UTF-8, NFC), encoding, raw hex
  PROVENANCE.md       how they were made, how GDAL reads them, checksums

The text bytes are written raw: the layer is created with the layer
creation option ENCODING=ISO-8859-1 and each value handed to OGR as the
Latin-1 reading of the intended bytes, so that OGR's UTF-8 -> ISO-8859-1
recoding gives back exactly those bytes (the Python bindings accept no byte
strings, and ENCODING="" would write the UTF-8 of the Python string). The
.cpg GDAL writes is then replaced. Every value is read back from the .dbf
with OGR's raw reader (ENCODING="", GetFieldAsBinary) and with a minimal
dBASE parser below, and must equal the intended bytes.

Nothing in engine/ is used. Each encoding has two routes:
  TCVN3   glibc `iconv -t TCVN5712-1`, checked to use only VN3 codes and to
          decode back with `iconv -f TCVN5712-1`;
  VNI     this script's encoder from domain.md's table, checked against the
          table's worked examples and by this script's greedy decoder;
  CP1258  Python's cp1258 codec (tones as combining marks where CP1258 has
          no precomposed letter), checked with `iconv -f CP1258`;
  double  UTF-8 -> Windows-1252 (undefined bytes as U+0080-U+009F) -> UTF-8,
          checked by undoing it.
"""

import csv
import hashlib
import io
import os
import shutil
import struct
import subprocess
import unicodedata

from osgeo import gdal, ogr, osr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_REL = "geodata/tests/encodings"
OUT = os.path.join(ROOT, OUT_REL)
FIXED_DATE = "2025-01-01"
EPSG = 5897
NAME_WIDTH = 100
ENV = dict(os.environ, LC_ALL="C.UTF-8")

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

# Real cluster names and codes from geodata/demo/PROVENANCE.md (the Hanoi
# press lists of domain.md s.5.1). The outlines here are placeholders.
FILES = [
    ("ccn_tcvn3", "tcvn3", "TCVN5712-1", [
        ("CCN-PX-01", "Cụm công nghiệp Phú Túc"),
        ("CCN-HDO-01", "Cụm công nghiệp Đa Sỹ"),
        ("CCN-TT-01", "Cụm công nghiệp Dị Nậu"),
        ("CCN-TT-03", "Cụm công nghiệp Hữu Bằng"),
        ("CCN-GL-02", "Cụm công nghiệp Kiêu Kỵ"),
    ]),
    ("ccn_tcvn3_nocpg", "tcvn3", None, [
        ("CCN-GL-01", "Cụm công nghiệp làng nghề Bát Tràng"),
        ("CCN-QO-01", "Cụm công nghiệp Tân Hòa"),
        ("CCN-TO-02", "Cụm công nghiệp Thanh Thùy"),
        ("CCN-HDU-01", "Cụm công nghiệp Đắc Sở"),
    ]),
    ("ccn_vni", "vni", "1252", [
        ("CCN-CM-03", "Cụm công nghiệp Ngọc Sơn"),
        ("CCN-ST-01", "Cụm công nghiệp Phú Thịnh"),
        ("CCN-CM-02", "Cụm công nghiệp Phụng Châu"),
        ("CCN-TT-02", "Cụm công nghiệp Chàng Sơn"),
        ("CCN-CM-01", "CỤM CÔNG NGHIỆP ĐẠI YÊN"),
    ]),
    ("ccn_cp1258", "cp1258", "1258", [
        ("CCN-DA-01", "Cụm công nghiệp Thiết Bình"),
        ("CCN-QO-02", "Cụm công nghiệp Thạch Thán – Ngọc Mỹ"),
        ("CCN-TT-04", "Cụm công nghiệp Bình Phú"),
        ("CCN-DP-01", "Cụm công nghiệp Liên Hà"),
        ("CCN-HDU-02", "Cụm công nghiệp làng nghề Dương Liễu"),
    ]),
    ("ccn_utf8_double", "utf8-double", "UTF-8", [
        ("CCN-DA-03", "Cụm công nghiệp Vân Hà"),
        ("CCN-GL-03", "Cụm công nghiệp Phú Thị"),
        ("CCN-TO-01", "Cụm công nghiệp Bình Minh – Cao Viên"),
        ("CCN-HDO-01", "Cụm công nghiệp Đa Sỹ"),
        ("CCN-GL-01", "Cụm công nghiệp làng nghề Bát Tràng"),
    ]),
]

# --------------------------------------------------------------------------
# encoders (independent of engine/)
# --------------------------------------------------------------------------

TONES = "\u0300\u0301\u0303\u0309\u0323"


def iconv(data, src, dst):
    p = subprocess.run(["iconv", "-f", src, "-t", dst], input=data,
                       capture_output=True, env=ENV)
    if p.returncode != 0:
        raise SystemExit("iconv %s -> %s failed: %s" % (src, dst, p.stderr))
    return p.stdout


# TCVN3/ABC is VN3: ASCII, A0-FF minus the VN1-only codes (domain.md s.4).
VN1_ONLY = (set(range(0x80, 0xA0)) | {0xAF, 0xBA, 0xBF} |
            set(range(0xC0, 0xC6)) | {0xCD, 0xD9, 0xDA, 0xDB, 0xE0, 0xF0,
                                      0xFF} | set(range(0xB0, 0xB5)))


def encode_tcvn3(s):
    raw = iconv(s.encode("utf-8"), "UTF-8", "TCVN5712-1")
    bad = [b for b in raw if b in VN1_ONLY or b < 0x20]
    if bad:
        raise SystemExit("not TCVN3 (VN3): %r uses %s" % (s, bad))
    back = unicodedata.normalize(
        "NFC", iconv(raw, "TCVN5712-1", "UTF-8").decode("utf-8"))
    assert back == s, (s, back)
    return raw


# VNI-Windows, lower case (domain.md s.4); upper case = byte - 0x20.
VNI_TONE = {"\u0301": 0xF9, "\u0300": 0xF8, "\u0309": 0xFB, "\u0303": 0xF5,
            "\u0323": 0xEF}
VNI_CIRC = {None: 0xE2, "\u0301": 0xE1, "\u0300": 0xE0, "\u0309": 0xE5,
            "\u0303": 0xE3, "\u0323": 0xE4}
VNI_BREVE = {None: 0xEA, "\u0301": 0xE9, "\u0300": 0xE8, "\u0309": 0xFA,
             "\u0303": 0xFC, "\u0323": 0xEB}
VNI_SINGLE = {"ơ": 0xF4, "ư": 0xF6, "đ": 0xF1, "í": 0xED, "ì": 0xEC,
              "ỉ": 0xE6, "ĩ": 0xF3, "ị": 0xF2, "ỵ": 0xEE}


def encode_vni(s):
    out = bytearray()
    for ch in unicodedata.normalize("NFC", s):
        up = ch != ch.lower()
        sh = 0x20 if up else 0
        lo = ch.lower()
        if lo in VNI_SINGLE:
            out.append(VNI_SINGLE[lo] - sh)
            continue
        d = unicodedata.normalize("NFD", lo)
        if ch.isascii() or not d[0].isascii():
            out += ch.encode("cp1252")
            continue
        base, marks = d[0], d[1:]
        tone = next((m for m in marks if m in TONES), None)
        if "\u031b" in marks:  # ơ ư + tone
            out.append(VNI_SINGLE[unicodedata.normalize("NFC", base +
                                                        "\u031b")] - sh)
            if tone:
                out.append(VNI_TONE[tone] - sh)
            continue
        out.append(ord(base.upper() if up else base))
        if "\u0302" in marks:
            out.append(VNI_CIRC[tone] - sh)
        elif "\u0306" in marks:
            out.append(VNI_BREVE[tone] - sh)
        elif tone:
            out.append(VNI_TONE[tone] - sh)
    return bytes(out)


def decode_vni(raw):
    """Greedy reference decoder: base + mark pairs first, then singles."""
    marks = {}
    for table, mod in ((VNI_TONE, ""), (VNI_CIRC, "\u0302"),
                       (VNI_BREVE, "\u0306")):
        for tone, b in table.items():
            marks[b] = (mod, tone or "", False)
            marks[b - 0x20] = (mod, tone or "", True)
    single = {}
    for ch, b in VNI_SINGLE.items():
        single[b] = ch
        single[b - 0x20] = ch.upper()
    out, i = [], 0
    while i < len(raw):
        b = raw[i]
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        base = chr(b) if chr(b) in "aeiouyAEIOUY" else single.get(b)
        if base and nxt in marks and marks[nxt][2] == base.isupper():
            cand = unicodedata.normalize("NFC", base + marks[nxt][0] +
                                         marks[nxt][1])
            if len(cand) == 1:
                out.append(cand)
                i += 2
                continue
        if b in single:
            out.append(single[b])
        elif b in marks:
            raise SystemExit("VNI mark byte %02X with no letter" % b)
        else:
            out.append(bytes([b]).decode("cp1252"))
        i += 1
    return "".join(out)


def encode_cp1258(s):
    out = b""
    for ch in unicodedata.normalize("NFC", s):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        dec = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in dec
                                                    if c not in TONES))
        tone = "".join(c for c in dec if c in TONES)
        out += base.encode("cp1258") + tone.encode("cp1258")
    back = unicodedata.normalize(
        "NFC", iconv(out, "CP1258", "UTF-8").decode("utf-8"))
    assert back == s, (s, back)
    return out


def cp1252_char(b):
    """Windows-1252 as Windows converts it: the five undefined bytes pass
    through as C1 controls."""
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


def encode_double(s):
    raw = "".join(cp1252_char(b) for b in s.encode("utf-8")).encode("utf-8")
    undo = bytes(ord(c) if ord(c) < 0x100 else c.encode("cp1252")[0]
                 for c in raw.decode("utf-8"))
    assert undo.decode("utf-8") == s, s
    return raw


ENCODERS = {"tcvn3": encode_tcvn3, "vni": encode_vni,
            "cp1258": encode_cp1258, "utf8-double": encode_double}


def check_encoders():
    # domain.md s.4 worked examples and the bytes quoted there.
    assert encode_vni("Cụm") == b"Cu\xefm"
    assert encode_vni("Hà Nội") == b"Ha\xf8 No\xe4i"
    assert encode_vni("Phú Xuyên") == b"Phu\xf9 Xuye\xe2n"
    assert encode_tcvn3("Hà Nội") == b"H\xb5 N\xe9i"
    assert encode_tcvn3("ụữĩệ") == b"\xf4\xf7\xdc\xd6"
    assert encode_cp1258("Hà Nội") == b"H\xe0 N\xf4\xf2i"
    assert encode_double("Hà Nội") == "HÃ\u00a0 Ná»™i".encode("utf-8")


# --------------------------------------------------------------------------
# writing and reading back
# --------------------------------------------------------------------------

def rect(x0, y0, w, h):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x0, y0), (x0, y0 + h), (x0 + w, y0 + h), (x0 + w, y0),
                 (x0, y0)):
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def write_shapefile(stem, row, cpg, records):
    path = os.path.join(OUT, stem + ".shp")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    lyr = ds.CreateLayer(stem, srs, ogr.wkbPolygon, options=[
        "ENCODING=ISO-8859-1", "DBF_DATE_LAST_UPDATE=" + FIXED_DATE])
    for name, width in (("ma_ccn", 12), ("ten_ccn", NAME_WIDTH)):
        fd = ogr.FieldDefn(name, ogr.OFTString)
        fd.SetWidth(width)
        lyr.CreateField(fd)
    for i, (code, raw) in enumerate(records):
        if len(raw) > NAME_WIDTH:
            raise SystemExit("%s: %d bytes > %d" % (code, len(raw),
                                                    NAME_WIDTH))
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("ma_ccn", code)
        f.SetField("ten_ccn", raw.decode("latin-1"))  # byte-transparent
        # 200 m x 150 m placeholders in a row, south of Hanoi's centre.
        f.SetGeometry(rect(586000.0 + 300.0 * i, 2318000.0 + 400.0 * row,
                           200.0, 150.0))
        lyr.CreateFeature(f)
    ds = None
    cpg_path = os.path.join(OUT, stem + ".cpg")
    if os.path.exists(cpg_path):
        os.remove(cpg_path)
    if cpg is not None:
        with open(cpg_path, "w", newline="") as fh:
            fh.write(cpg)
    return path


def dbf_records(path):
    """Minimal dBASE III reader: {field: [raw bytes, right-stripped]}."""
    with open(path, "rb") as fh:
        data = fh.read()
    n, hlen, rlen = struct.unpack("<IHH", data[4:12])
    fields, off = [], 1
    for k in range(32, hlen - 1, 32):
        name = data[k:k + 11].split(b"\0")[0].decode("ascii")
        width = data[k + 16]
        fields.append((name, off, width))
        off += width
    out = {name: [] for name, _, _ in fields}
    for r in range(n):
        rec = data[hlen + r * rlen: hlen + (r + 1) * rlen]
        for name, o, w in fields:
            out[name].append(rec[o:o + w].rstrip(b" "))
    return out, data[29]


def read_back(path, raw_names):
    ds = gdal.OpenEx(path, gdal.OF_VECTOR, open_options=["ENCODING="])
    lyr = ds.GetLayer(0)
    got = [bytes(f.GetFieldAsBinary("ten_ccn")) for f in lyr]
    ds = None
    assert got == raw_names, (path, got, raw_names)
    recs, ldid = dbf_records(path[:-4] + ".dbf")
    assert recs["ten_ccn"] == raw_names, path
    return ldid


def gdal_default_reading(path):
    """What GDAL 3.6 gives with default options (the .cpg honoured): field
    names and values as text, with undecodable bytes shown as \\xNN."""
    ds = gdal.OpenEx(path, gdal.OF_VECTOR)
    lyr = ds.GetLayer(0)
    defn = lyr.GetLayerDefn()
    fields = [defn.GetFieldDefn(i).GetName()
              for i in range(defn.GetFieldCount())]
    vals = [bytes(f.GetFieldAsBinary(1)).decode("utf-8", "backslashreplace")
            for f in lyr]
    enc = lyr.GetMetadataItem("SOURCE_ENCODING", "SHAPEFILE") or ""
    ds = None
    return fields, vals, enc


def sha256(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def md_cell(s):
    return s.replace("|", "\\|").replace("`", "'")


def main():
    check_encoders()
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    rows, readings, ldids = [], [], {}
    for row, (stem, enc, cpg, names) in enumerate(FILES):
        recs = []
        for code, name in names:
            assert unicodedata.normalize("NFC", name) == name
            raw = ENCODERS[enc](name)
            if enc == "vni":
                assert decode_vni(raw) == name, (name, decode_vni(raw))
            recs.append((code, raw))
            rows.append({"file": OUT_REL + "/" + stem + ".shp",
                         "ma_ccn": code, "ten_ccn": name, "encoding": enc,
                         "cpg": cpg if cpg is not None else "",
                         "ten_ccn_hex": raw.hex(" ").upper()})
        path = write_shapefile(stem, row, cpg, recs)
        ldids[stem] = read_back(path, [r for _, r in recs])
        readings.append((stem, enc, cpg) + gdal_default_reading(path))

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["file", "ma_ccn", "ten_ccn",
                                        "encoding", "cpg", "ten_ccn_hex"],
                       lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    with open(os.path.join(OUT, "expected_names.csv"), "w",
              encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())

    write_provenance(rows, readings, ldids)
    print("wrote %s (%d files, %d names)" % (OUT_REL, len(FILES), len(rows)))


def write_provenance(rows, readings, ldids):
    iconv_v = subprocess.run(["iconv", "--version"], capture_output=True,
                             text=True, env=ENV).stdout.splitlines()[0]
    L = []
    w = L.append
    w("# Encoding fixtures: provenance\n")
    w("Generated by `scripts/make_encoding_fixtures.py` (this file too): "
      "`/usr/bin/python3 scripts/make_encoding_fixtures.py` deletes and "
      "rewrites `%s/` only. Tools: GDAL %s (python3-gdal), `%s`, Python's "
      "codecs and unicodedata. Licence: MIT, like the code.\n" %
      (OUT_REL, gdal.__version__, iconv_v))
    w("Small polygon shapefiles whose DBF text is in the legacy encodings of "
      "Vietnamese GIS data (`shared/docs/domain.md` §4). Each has 4–5 "
      "features, EPSG:5897 (VN-2000 / TM-3 zone 482), fields `ma_ccn` "
      "String(12) and `ten_ccn` String(%d). **Names and codes are real** "
      "(the Hanoi clusters of `geodata/demo/PROVENANCE.md`, from press "
      "lists); **outlines are placeholders**: 200 m × 150 m rectangles in a "
      "row, not the demo outlines. The names each must decode to are in "
      "`expected_names.csv` (UTF-8, NFC, with the raw DBF bytes in hex).\n"
      % NAME_WIDTH)
    w("| file | text bytes | .cpg | DBF language id | features |")
    w("|---|---|---|---|---|")
    for stem, enc, cpg, _, vals, _ in readings:
        w("| `%s.shp` (+ .shx .dbf .prj%s) | %s | %s | 0x%02X | %d |" % (
            stem, " .cpg" if cpg is not None else "", enc,
            "`%s`" % cpg if cpg is not None else "none", ldids[stem],
            len(vals)))
    w("")
    w("## How the bytes were made\n")
    w("* **TCVN3** (`ccn_tcvn3`, `ccn_tcvn3_nocpg`): glibc `iconv -f UTF-8 "
      "-t TCVN5712-1`. glibc's table is VN1; the script checks that only VN3 "
      "codes (the TCVN3/ABC subset: ASCII, A1–A7 capitals, lower-case "
      "letters) occur, and that `iconv -f TCVN5712-1` gives the name back. "
      "TCVN3 has no upper-case toned vowels, so no name here starts with "
      "one. The first file has a `.cpg` naming `TCVN5712-1`, as GDAL "
      "understands it; the second has none (the usual case for old data).")
    w("* **VNI-Windows** (`ccn_vni`): the script's encoder from the table in "
      "domain.md §4 (base letter + mark byte; single bytes for ơ ư đ í ì ỉ ĩ "
      "ị ỵ; upper case = upper-case base and mark byte − 0x20), checked "
      "against the table's worked examples (\"Cụm\" = `43 75 EF 6D`, \"Hà "
      "Nội\" = `48 61 F8 20 4E 6F E4 69`, \"Phú Xuyên\") and by the script's "
      "greedy decoder. One name is in capitals (`CỤM CÔNG NGHIỆP ĐẠI YÊN`), "
      "as some registers type them. The `.cpg` says `1252`: VNI fonts put "
      "their glyphs on Windows-1252 code points, so a tool that writes a "
      ".cpg names the ANSI code page **[U]**; the metadata therefore lies "
      "and only the text itself can tell.")
    w("* **CP1258** (`ccn_cp1258`): Python's cp1258 codec, with the tone as a "
      "combining byte where CP1258 has no precomposed letter (\"ộ\" = `F4 "
      "F2`); checked with `iconv -f CP1258`. The en dash is `96`.")
    w("* **Doubly encoded UTF-8** (`ccn_utf8_double`): the UTF-8 bytes of "
      "the name read as Windows-1252 (the five bytes it leaves undefined, "
      "e.g. `81` in \"ề\" = `E1 BB 81` and `90` in \"Đ\" = `C4 90`, pass as "
      "U+0081…U+009D, as Windows converts them) and written as UTF-8 again: "
      "\"Hà Nội\" becomes \"HÃ\u00a0 Ná»™i\". The `.cpg` says `UTF-8` and "
      "the text is valid UTF-8: only its content is wrong.")
    w("* **Raw writing.** OGR's Python bindings take no byte strings, and "
      "`ENCODING=\"\"` would store the UTF-8 of the Python string. The layer "
      "is therefore created with `ENCODING=ISO-8859-1` and each value is "
      "handed over as the Latin-1 reading of the intended bytes, so OGR's "
      "recoding gives back exactly those bytes; GDAL's `.cpg` is then "
      "replaced (or removed). The script reads every value back from the "
      ".dbf twice, with OGR (`ENCODING=\"\"`, `GetFieldAsBinary`) and with "
      "its own dBASE parser, and both must equal the intended bytes. "
      "`xxd geodata/tests/encodings/ccn_tcvn3.dbf` shows them.\n")
    w("## How GDAL %s reads them by default\n" % gdal.__version__)
    w("Opened with no options (the .cpg honoured); field names as GDAL gives "
      "them, bytes that are not UTF-8 shown as `\\xNN`. This is what "
      "zoneguard must not do (domain.md §4: open with `ENCODING=\"\"` and "
      "decode in the engine).\n")
    w("| file | GDAL's source encoding | field names | first two values |")
    w("|---|---|---|---|")
    for stem, enc, cpg, fields, vals, srcenc in readings:
        w("| `%s` | %s | %s | %s |" % (
            stem, "`%s`" % srcenc if srcenc else "(none)",
            ", ".join("`%s`" % f for f in fields),
            "; ".join("`%s`" % md_cell(v) for v in vals[:2])))
    w("")
    names = {}
    for r in rows:
        names.setdefault(os.path.basename(r["file"])[:-4], []).append(
            r["ten_ccn"])
    for stem, enc, cpg, fields, vals, srcenc in readings:
        cut = sum(1 for v, n in zip(vals, names[stem]) if v == n[:-1])
        if cut:
            w("* `%s`: %d of %d values lost their last character, and the "
              "field names theirs (`%s`): the flush bug of domain.md §4. "
              "The decoder holds back a last letter that a combining tone "
              "byte could still follow; a value ending in a toned letter or "
              "a tone byte keeps it." % (stem, cut, len(vals),
                                          "`, `".join(fields)))
    w("* `ccn_vni`: Windows-1252 mojibake (\"Cuïm coâng\"), no error.")
    w("* `ccn_tcvn3_nocpg`: no .cpg and language id 0, so GDAL does not "
      "recode: the TCVN3 bytes reach the caller as they are (not UTF-8).")
    w("* `ccn_utf8_double`: valid UTF-8, wrong text; no error.\n")
    w("## Expected names\n")
    w("| file | ma_ccn | ten_ccn | encoding | raw bytes |")
    w("|---|---|---|---|---|")
    for r in rows:
        w("| `%s` | %s | %s | %s | `%s` |" % (
            os.path.basename(r["file"]), r["ma_ccn"], md_cell(r["ten_ccn"]),
            r["encoding"], r["ten_ccn_hex"]))
    w("")
    w("## Checksums (SHA-256)\n")
    w("Byte-identical from run to run with GDAL %s; another GDAL may write "
      "other header bytes.\n" % gdal.__version__)
    for fn in sorted(os.listdir(OUT)):
        if fn == "PROVENANCE.md":
            continue
        w("    %s  %s" % (sha256(os.path.join(OUT, fn)), fn))
    w("")
    with open(os.path.join(OUT, "PROVENANCE.md"), "w", encoding="utf-8",
              newline="\n") as fh:
        fh.write("\n".join(L))


if __name__ == "__main__":
    main()
