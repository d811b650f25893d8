# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Issue 18 item 2, the atlas's last items: `zoneguard report --atlas`
# links an atlas made apart from it, the pages listed as the atlas lists
# them (the expected page of each id is worked out here with sqlite3, by
# the README's rule). Reads the shared demo run (lib.sh's demo_run);
# what it writes goes to $T.
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null || { echo "SKIP: no pdftotext (poppler-utils)"; exit 77; }
D=$(demo_run)
R="$D/results.sqlite"

# links HTML HREF MODE: "ok N" when the report links exactly the ids the
# atlas of MODE has a page for, each to that page; else what differs.
links() {
  python3 - "$R" "$1" "$2" "$3" <<'PY'
import html, re, sqlite3, sys
db_path, report, href, mode = sys.argv[1:5]
db = sqlite3.connect(db_path)
run = db.execute("SELECT max(run_id) FROM runs").fetchone()[0]
ids = [i for (i,) in db.execute("SELECT proposal_id FROM proposals WHERE "
                                "run_id = ? ORDER BY proposal_id", (run,))]
flagged = "" if mode == "all" else (
    " AND (id IN (SELECT cluster_id FROM encroachment WHERE run_id = ?1"
    " AND zone = 'inside' AND residential_ha > 0) OR id IN (SELECT "
    "cluster_id FROM encroachment_new WHERE run_id = ?1 AND zone <> "
    "'inside' AND new_ha > 0))")
ids += [i for (i,) in db.execute("SELECT id FROM clusters WHERE run_id = ?1"
                                 + flagged + " ORDER BY id", (run,))]
want = {(str(n + 1), i) for n, i in enumerate(ids)}
text = open(report, encoding="utf-8").read()
got = {(n, html.unescape(i)) for h, n, i in re.findall(
    r'<a href="([^"#]*)#page=(\d+)">([^<]+)</a>', text)
    if html.unescape(h) == href}
others = len(re.findall(r'#page=\d+', text)) - len(re.findall(
    r'<a href="' + re.escape(html.escape(href)) + r'#page=\d+"', text))
if got == want and others == 0:
    print(f"ok {len(want)}")
else:
    print("missing", sorted(want - got)[:5], "extra", sorted(got - want)[:5],
          "other hrefs", others)
PY
}

# 1. report --atlas: the links `run` gives its report, for a report
# written apart (before: an unknown option, exit 2).
"$ZG" report "$R" -o "$T/r.html" -q --atlas atlas.pdf
n=$(q "$R" "SELECT count(*) FROM proposals") # every proposal has a page
res=$(links "$T/r.html" atlas.pdf flagged)
expect_eq "report --atlas: each id with a page of the flagged atlas linked to it" "ok" "${res%% *}"
expect_true "report --atlas: proposals and clusters linked (${res#ok })" test "${res#ok }" -gt "$n"
expect_eq "as many pages linked as the demo's atlas.pdf has" \
  "$(pdfinfo "$D/atlas.pdf" | awk '/^Pages:/ {print $2}')" "${res#ok }"
"$ZG" report "$R" -o "$T/all.html" -q --atlas 'atlas & all.pdf' --atlas-pages all
res=$(links "$T/all.html" 'atlas & all.pdf' all)
expect_eq "--atlas-pages all: every cluster linked; the path HTML-escaped" \
  "ok $(( n + $(q "$R" "SELECT count(*) FROM clusters") ))" "$res"
"$ZG" report "$R" -o "$T/none.html" -q
expect_true "no --atlas: no links" bash -c "! grep -q '#page=' '$T/none.html'"
expect_exit "--atlas-pages alone" 2 "give --atlas too" -- \
  "$ZG" report "$R" -o "$T/x.html" --atlas-pages all
expect_exit "--atlas-pages takes flagged or all" 2 "flagged or all" -- \
  "$ZG" report "$R" -o "$T/x.html" --atlas a.pdf --atlas-pages some
expect_true "and no output" test ! -e "$T/x.html"

# 2. The demo's atlas (the fixture's, written by run) draws the parcels:
# its first page's legend names the roles drawn.
expect_true "run's atlas: the parcels' roles in the legend of page 1" \
  bash -c "pdftotext -f 1 -l 1 '$D/atlas.pdf' - | grep -q 'Đất chuyên trồng lúa'"

# 3. A scene of known parcels (EPSG:5897, metres from E 580000, N 2312000):
# cluster C1 [0,200]², proposal P1 [600,800]x[0,200], rings 50 and 100.
# The cluster's frame (1:2.500, 400 x 420 m about (100, 100)) holds the
# SKN, LUC and ONT parcels; the proposal's ([500, 900] about 700) the
# second ONT and one of code XYZ (no role); the LUK parcel lies in none.
# Housing: H1 at both dates, H2 in 2025 only, both beside P1.
S="$T/scene"
mkdir -p "$S"
python3 - "$S" <<'PY'
import sys
from osgeo import ogr, osr
d = sys.argv[1]
srs = osr.SpatialReference(); srs.ImportFromEPSG(5897)
X0, Y0 = 580000, 2312000
def box(x0, y0, x1, y1):
    return ogr.CreateGeometryFromWkt(
        f"POLYGON(({X0+x0} {Y0+y0},{X0+x1} {Y0+y0},{X0+x1} {Y0+y1},"
        f"{X0+x0} {Y0+y1},{X0+x0} {Y0+y0}))")
def layer(name, fields, rows):
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(f"{d}/{name}.gpkg")
    l = ds.CreateLayer(name, srs, ogr.wkbPolygon)
    for f in fields:
        l.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    for vals, g in rows:
        f = ogr.Feature(l.GetLayerDefn())
        for k, v in zip(fields, vals):
            f.SetField(k, v)
        f.SetGeometry(g)
        l.CreateFeature(f)
layer("clusters", ["ma_ccn", "ten_ccn"], [(("C1", "Cụm thử"), box(0, 0, 200, 200))])
layer("proposals", ["ma", "ten"], [(("P1", "Đề xuất thử"), box(600, 0, 800, 200))])
layer("parcels", ["ma_ldat"], [
    (("SKN",), box(0, 0, 200, 200)), (("LUC",), box(-95, 20, -55, 180)),
    (("ONT",), box(220, 20, 290, 180)), (("ONT",), box(820, 20, 880, 40)),
    (("XYZ",), box(520, 20, 560, 60)), (("LUK",), box(5000, 0, 5100, 100))])
layer("housing_2020", ["kind"], [(("house",), box(830, 50, 860, 90))])
layer("housing_2025", ["kind"], [(("house",), box(830, 50, 860, 90)),
                                 (("house",), box(830, 120, 860, 160))])
PY
printf '%s\n' "title = Scene" "clusters = clusters.gpkg" "landuse = parcels.gpkg" \
  "code_field = ma_ldat" "codes = tt08_2024" \
  "residential = housing_2020.gpkg, housing_2025.gpkg" "epochs = 2020, 2025" \
  "rings = 50, 100" "proposals = proposals.gpkg" "atlas = all" > "$S/job.scenario"
"$ZG" run "$S/job.scenario" -o "$T/srun" -q
SR="$T/srun/results.sqlite"
# Roles in the legend's order: residential, protected_agri, agri, industrial...
P1="atlas page 1 P1: parcels residential 1, unknown 1; housing 2020 1, 2025 2; new housing"
C1="atlas page 2 C1: parcels residential 1, protected_agri 1, industrial 1"
"$ZG" atlas "$SR" --atlas all -o "$T/s.pdf" --title Scene --verbose 2>"$T/s.err"
expect_eq "proposal's page: its parcels by role, housing of each date, new housing" \
  "zoneguard: $P1" "$(grep 'page 1 ' "$T/s.err" | tr -d '\r')"
expect_eq "cluster's page: its parcels by role" "zoneguard: $C1" "$(grep 'page 2 ' "$T/s.err" | tr -d '\r')"
expect_true "the same bytes as run's atlas" cmp -s "$T/s.pdf" "$T/srun/atlas.pdf"

# colour PDF X Y: the RGB hex of page 2 of PDF at plane point (X, Y) of
# the scene, the frame placed as the README says (160 x 168 mm at 24,
# 14 mm, centred on the cluster at (100, 100), the scale pdftotext reads).
colour() {
  pdftoppm -f 2 -l 2 -r 100 -png "$1" "$T/pg"
  python3 - "$1" "$T/pg-2.png" "$2" "$3" <<'PY'
import re, subprocess, sys
from osgeo import gdal
pdf, png, x, y = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
txt = subprocess.run(["pdftotext", "-f", "2", "-l", "2", pdf, "-"],
                     capture_output=True, text=True).stdout
n = float(re.search(r"Tỷ lệ 1:([0-9.]+)", txt).group(1).replace(".", ""))
mm = 100 / 25.4              # pixels a millimetre at 100 dpi
s = 1000.0 / n * mm          # pixels a metre
px = (24 + 80) * mm + (x - 100) * s
py = (14 + 84) * mm - (y - 100) * s
ds = gdal.Open(png)
print("".join(f"{int(ds.GetRasterBand(b).ReadAsArray(int(px), int(py), 1, 1)[0][0]):02x}"
              for b in (1, 2, 3)))
PY
}
expect_eq "the LUC parcel in the official colour of rice land (#fefc8c)" "fefc8c" "$(colour "$T/s.pdf" -75 130)"
expect_eq "the ONT parcel in that of residential land (#ffd0ff)" "ffd0ff" "$(colour "$T/s.pdf" 265 130)"

# A command given relative paths records them as typed: the atlas, run
# from another folder, finds the parcels beside the database (the same
# SHA-256).
(cd "$S" && "$ZG" landuse clusters.gpkg --landuse parcels.gpkg --code-field ma_ldat -o rel.sqlite -q)
expect_eq "run_inputs holds the path as typed" "parcels.gpkg" \
  "$(q "$S/rel.sqlite" "SELECT DISTINCT path FROM run_inputs WHERE role = 'landuse'")"
(cd / && "$ZG" atlas "$S/rel.sqlite" --atlas all -o "$T/rel.pdf" --verbose 2>"$T/rel.err")
expect_eq "relative path: the parcels found beside the database" \
  "zoneguard: ${C1/page 2/page 1}" "$(grep 'page 1 ' "$T/rel.err" | tr -d '\r')"

# 4. The source moved: the atlas is still written, with a warning naming
# the file and a note on each page; --landuse points at it.
mv "$S/parcels.gpkg" "$T/parcels_moved.gpkg"
"$ZG" atlas "$SR" --atlas all -o "$T/m.pdf" --verbose 2>"$T/m.err"
expect_true "source missing: a warning naming the file" \
  grep -qF "warning: the atlas shows no parcels: the land-use source the run read is missing ($S/parcels.gpkg)" "$T/m.err"
expect_true "and no parcels drawn" grep -q "page 2 C1: parcels not drawn" "$T/m.err"
expect_true "the page says the parcels are not shown, naming the file" \
  bash -c "pdftotext -f 2 -l 2 '$T/m.pdf' - | tr '\n' ' ' | grep -qF 'Không hiển thị thửa đất theo loại sử dụng: nguồn dữ liệu sử dụng đất không còn ($S/parcels.gpkg)'"
expect_eq "the frame's background where the LUC parcel was" "fbfbf9" "$(colour "$T/m.pdf" -75 130)"
"$ZG" atlas "$SR" --atlas all -o "$T/l.pdf" --title Scene --verbose --landuse "$T/parcels_moved.gpkg" \
  --code-field ma_ldat --codes tt08_2024 2>"$T/l.err"
expect_eq "--landuse: the parcels again" "zoneguard: $C1" "$(grep 'page 2 ' "$T/l.err" | tr -d '\r')"
expect_true "--landuse: the same bytes as from the recorded source" cmp -s "$T/l.pdf" "$T/s.pdf"
expect_exit "--landuse of a file that is not there" 3 "nothing.gpkg" -- \
  "$ZG" atlas "$SR" --atlas all -o "$T/x.pdf" --landuse "$T/nothing.gpkg"
expect_exit "--code-field the layer lacks" 2 "no land-use code field 'kod'" -- \
  "$ZG" atlas "$SR" --atlas all -o "$T/x.pdf" --landuse "$T/parcels_moved.gpkg" --code-field kod
expect_exit "--landuse-layer alone" 2 "give --landuse too" -- \
  "$ZG" atlas "$SR" --atlas all -o "$T/x.pdf" --landuse-layer parcels
expect_true "and no output" test ! -e "$T/x.pdf"

# 5. The source changed since the run (a parcel more): a warning, no parcels.
cp "$T/parcels_moved.gpkg" "$S/parcels.gpkg"
python3 - "$S/parcels.gpkg" <<'PY'
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1], 1); l = ds.GetLayer(0)
f = ogr.Feature(l.GetLayerDefn()); f.SetField("ma_ldat", "LUC")
f.SetGeometry(ogr.CreateGeometryFromWkt(
    "POLYGON((590000 2312000,590010 2312000,590010 2312010,590000 2312000))"))
l.CreateFeature(f)
PY
"$ZG" atlas "$SR" --atlas all -o "$T/c.pdf" --verbose 2>"$T/c.err"
expect_true "source changed: a warning naming the file" \
  grep -qF "the land-use source the run read is changed ($S/parcels.gpkg)" "$T/c.err"
expect_true "and no parcels drawn" grep -q "page 2 C1: parcels not drawn" "$T/c.err"

# 6. A date's housing missing: the proposal's page draws the housing the
# results hold (none here: no cluster's rings reach it), with a warning.
mv "$S/housing_2020.gpkg" "$T/"
"$ZG" atlas "$SR" --atlas all -o "$T/h.pdf" --verbose 2>"$T/h.err"
expect_true "housing source missing: a warning naming the file" \
  grep -qF "not that of 2020: its source is missing ($S/housing_2020.gpkg)" "$T/h.err"
expect_true "and no housing from the sources on the proposal's page" \
  bash -c "grep 'page 1 ' '$T/h.err' | grep -vq housing"

finish
