# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The one pass (issue 19): `run` reads each large layer once for all its
# analyses, and writes what the single commands (areas, overlaps, landuse,
# encroach, reserve, check) write on the same inputs: every result table
# row by row, byte for byte, and the GeoJSON files. On the demo and on a
# small generated scene with overlapping and invalid parcels, land-use
# maps as residential layers, and proposals. The demo's run is the
# fixture's (lib.sh's demo_run: `run --timings`), read only.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# Each layer read once: one "pass ROLE" step per large layer (--timings),
# and no read the pass did not plan.
reads() { # stderr of run --timings
  $PY - "$1" <<'PY'
import re, sys
seen = {}
again = 0
for line in open(sys.argv[1], encoding="utf-8", newline="\n"):
    m = re.search(r"timing: pass (\S+) \d+\.\d{3} s$", line.rstrip("\n"))
    if m:
        seen[m.group(1)] = seen.get(m.group(1), 0) + 1
    again += "read again" in line
print(" ".join("%s=%d" % kv for kv in sorted(seen.items())), "again=%d" % again)
PY
}

# run and the single commands, compared; $1: label, $2: run folder, then
# the commands' databases.
compare() {
  expect_eq "$1: every table of the commands is the run's, row for row" ok \
    "$($PY "$ZG_ROOT/tests/cli/same_results.py" "$2/results.sqlite" "${@:3}")"
}

# ---- the demo ---------------------------------------------------------------
D="$ZG_ROOT/geodata/demo"
C="$D/hanoi_clusters_vn2000.shp"
K="$D/hanoi_parks_vn2000.gpkg"
P="$D/hanoi_proposals_vn2000.gpkg"
L20="$D/hanoi_landuse_2020.gpkg.zip"
L25="$D/hanoi_landuse_2025.gpkg.zip"
RINGS=50,100,300,500,1000
R=$(demo_run)
expect_eq "demo: the land-use layer and each residential layer read once" \
  "landuse=1 residential_1=1 residential_2=1 again=0" "$(reads "$R.err")"
mkdir -p "$T/d"
"$ZG" areas "$C" --declared-field dien_tich -o "$T/d/areas.sqlite" \
  --geojson "$T/d/clusters.geojson" -q
"$ZG" overlaps "$C" --declared-field dien_tich -o "$T/d/overlaps.sqlite" \
  --geojson "$T/d/overlaps.geojson" -q
"$ZG" landuse "$C" --declared-field dien_tich --landuse "$L25" \
  --code-field ma_ldat --codes tt08_2024 -o "$T/d/landuse.sqlite" -q
"$ZG" encroach "$C" --residential "$L20" --residential "$L25" \
  --epochs 2020,2025 --rings $RINGS --code-field ma_ldat --codes tt08_2024 \
  -o "$T/d/encroach.sqlite" --geojson "$T/d" -q
# With land-use maps as residential layers, run's free land takes housing
# from the land-use layer's codes (README, zoneguard run).
"$ZG" reserve "$C" --parks "$K" --landuse "$L25" --code-field ma_ldat \
  --codes tt08_2024 -o "$T/d/reserve.sqlite" \
  --geojson "$T/d/reserve.geojson" -q
"$ZG" check "$P" --clusters "$C" --parks "$K" --landuse "$L25" \
  --residential "$L20" --residential "$L25" --residential-code-field ma_ldat \
  --code-field ma_ldat --codes tt08_2024 --rings $RINGS \
  -o "$T/d/check.sqlite" --geojson "$T/d" -q
# encroach and reserve have no --declared-field: the clusters table they
# write has no declared area to compare.
NODECL=::clusters.declared_ha,clusters.declared_diff_pct
compare demo "$R" "$T/d/areas.sqlite" "$T/d/overlaps.sqlite" \
  "$T/d/landuse.sqlite" "$T/d/encroach.sqlite$NODECL" \
  "$T/d/reserve.sqlite$NODECL" "$T/d/check.sqlite"
for f in clusters overlaps reserve proposals proposal_evidence \
  encroachment_new_2020_2025; do
  if cmp -s "$R/geojson/$f.geojson" "$T/d/$f.geojson"; then
    ok "demo: geojson/$f.geojson is the command's, byte for byte"
  else
    bad "demo: geojson/$f.geojson differs from the command's"
  fi
done

# ---- a generated scene ------------------------------------------------------
# 50 m parcels (EPSG:5897) with codes of every role, two overlapping
# parcels and a self-intersecting one near cluster A, a land-use map of
# each date as residential layer, and two proposals.
S="$T/scene"
mkdir -p "$S"
$PY - "$S" <<'PY'
import sys
from osgeo import ogr, osr

d = sys.argv[1]
X0, Y0, N, STEP = 586000.0, 2325000.0, 24, 50.0
CODES = ["LUC", "ONT", "SKN", "DGD", "CLN", "ODT", "SON", "LUK"]


def poly(pts):
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts + [pts[0]]:
        r.AddPoint_2D(x, y)
    p = ogr.Geometry(ogr.wkbPolygon)
    p.AddGeometry(r)
    return p


def box(x, y, w, h):
    return poly([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def layer(name, fields, feats):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(5897)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource("%s/%s.gpkg" % (d, name))
    lyr = ds.CreateLayer(name, srs, ogr.wkbPolygon)
    for f in fields:
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    for values, g in feats:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in zip(fields, values):
            f.SetField(k, v)
        f.SetGeometry(g)
        lyr.CreateFeature(f)


def parcels(shift):
    out = []
    for i in range(N):
        for j in range(N):
            code = CODES[(i * 3 + j * 5 + shift * (i + j) % 3) % len(CODES)]
            out.append(([code], box(X0 + i * STEP, Y0 + j * STEP, STEP, STEP)))
    # Overlapping parcels and a bow tie (invalid), inside cluster A.
    out.append((["ONT"], box(X0 + 210, Y0 + 210, 60, 40)))
    out.append((["LUC"], box(X0 + 230, Y0 + 220, 60, 40)))
    out.append((["ODT"], poly([(X0 + 320, Y0 + 320), (X0 + 380, Y0 + 380),
                                (X0 + 380, Y0 + 320), (X0 + 320, Y0 + 380)])))
    return out


layer("landuse_2020", ["ma_ldat"], parcels(1))
layer("landuse_2025", ["ma_ldat"], parcels(2))
layer("clusters", ["ma_ccn", "ten"], [
    (["A", "Cụm A"], box(X0 + 150, Y0 + 150, 400, 300)),
    (["B", "Cụm B"], poly([(X0 + 700, Y0 + 650), (X0 + 1000, Y0 + 700),
                           (X0 + 820, Y0 + 1000)])),
    (["C", "Cụm C"], box(X0 + 1050, Y0 + 100, 300, 250)),
])
layer("proposals", ["ma_ccn", "ten"], [
    (["P1", "Đề xuất 1"], box(X0 + 450, Y0 + 350, 300, 250)),
    (["P2", "Đề xuất 2"], box(X0 + 300, Y0 + 800, 200, 200)),
])
PY
cat >"$S/job.scenario" <<'EOF'
clusters = clusters.gpkg
id_field = ma_ccn
name_field = ten
landuse = landuse_2025.gpkg
code_field = ma_ldat
residential = landuse_2020.gpkg, landuse_2025.gpkg
residential_code_field = ma_ldat
epochs = 2020, 2025
rings = 50, 100, 200
proposals = proposals.gpkg
proposals_id_field = ma_ccn
proposals_name_field = ten
threads = 2
EOF
"$ZG" run "$S/job.scenario" -o "$T/sc" -q --timings 2>"$T/sc.err"
expect_eq "scene: run succeeds" 0 $?
expect_eq "scene: the land-use layer and each residential layer read once" \
  "landuse=1 residential_1=1 residential_2=1 again=0" "$(reads "$T/sc.err")"
expect_eq "scene: the bow tie is repaired for each reader of each layer" \
  "landuse:landuse_2025 2
residential_1:landuse_2020 2
residential_2:landuse_2025 2" \
  "$(q "$T/sc/results.sqlite" "SELECT layer, count(*) FROM qa_log WHERE action LIKE 'repaired%' GROUP BY layer ORDER BY layer" | tr '|' ' ')"
mkdir -p "$T/s"
SC=(--id-field ma_ccn --name-field ten)
"$ZG" areas "$S/clusters.gpkg" "${SC[@]}" -o "$T/s/areas.sqlite" \
  --geojson "$T/s/clusters.geojson" -q
"$ZG" overlaps "$S/clusters.gpkg" "${SC[@]}" -o "$T/s/overlaps.sqlite" \
  --geojson "$T/s/overlaps.geojson" -q
"$ZG" landuse "$S/clusters.gpkg" "${SC[@]}" --landuse "$S/landuse_2025.gpkg" \
  --code-field ma_ldat --threads 2 -o "$T/s/landuse.sqlite" -q
"$ZG" encroach "$S/clusters.gpkg" "${SC[@]}" \
  --residential "$S/landuse_2020.gpkg" --residential "$S/landuse_2025.gpkg" \
  --epochs 2020,2025 --rings 50,100,200 --code-field ma_ldat --threads 2 \
  -o "$T/s/encroach.sqlite" --geojson "$T/s" -q
"$ZG" reserve "$S/clusters.gpkg" "${SC[@]}" --landuse "$S/landuse_2025.gpkg" \
  --code-field ma_ldat --threads 2 -o "$T/s/reserve.sqlite" \
  --geojson "$T/s/reserve.geojson" -q
"$ZG" check "$S/proposals.gpkg" --proposals-id-field ma_ccn \
  --proposals-name-field ten --clusters "$S/clusters.gpkg" \
  --clusters-id-field ma_ccn --clusters-name-field ten \
  --landuse "$S/landuse_2025.gpkg" --residential "$S/landuse_2020.gpkg" \
  --residential "$S/landuse_2025.gpkg" --residential-code-field ma_ldat \
  --code-field ma_ldat --rings 50,100,200 --threads 2 \
  -o "$T/s/check.sqlite" --geojson "$T/s" -q
compare scene "$T/sc" "$T/s/areas.sqlite" "$T/s/overlaps.sqlite" \
  "$T/s/landuse.sqlite" "$T/s/encroach.sqlite" "$T/s/reserve.sqlite" \
  "$T/s/check.sqlite"
for f in clusters overlaps reserve proposals proposal_evidence \
  encroachment_new_2020_2025; do
  if cmp -s "$T/sc/geojson/$f.geojson" "$T/s/$f.geojson"; then
    ok "scene: geojson/$f.geojson is the command's, byte for byte"
  else
    bad "scene: geojson/$f.geojson differs from the command's"
  fi
done
finish
