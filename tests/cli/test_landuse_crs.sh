# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The same land-use composition whatever the CRS of either input. The scene
# of crs_scene.py (two 200 m squares; parcels that overlap, one bow-tie) is
# written with the clusters in EPSG:4326, 3857, 32648 and 5897 and the
# parcels in another of them. Expected shares are worked out by hand (see
# crs_scene.py), cluster areas by GeographicLib's Planimeter. Before the
# fix, clusters in degrees compared the overlap test's slack (meant for m²)
# with square degrees: overlapping parcels counted twice (A's DGT 6.25 %
# instead of 3.125 %, B's LUC 66.7 % of codes adding up to 150 % of B).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
S="$ZG_ROOT/tests/cli/crs_scene.py"
$PY "$S" make "$T" 4326 3857 32648 5897
printf 'code,role\nLUC,protected_agri\nONT,residential\nSKN,industrial\nDGT,infrastructure\n' > "$T/codes.csv"

# Hand-worked shares (%), of the cluster's area.
expected="A DGT 3.125
A LUC 50
A NONE 9.375
A ONT 25
A SKN 12.5
B LUC 50
B NONE 0
B ONT 50"

for pair in 5897:5897 4326:5897 3857:4326 32648:3857 5897:32648 4326:4326; do
  c=${pair%:*} p=${pair#*:}
  out="$T/c${c}_p${p}.sqlite"
  "$ZG" landuse "$T/clusters_$c.gpkg" --landuse "$T/parcels_$p.gpkg" \
    --codes "$T/codes.csv" -o "$out" -q
  $PY "$S" areas "$T/clusters_$c.gpkg" ma_ccn > "$T/areas_$c.txt"
  q "$out" "SELECT cluster_id, code, printf('%.17g', area_ha * 1e4), printf('%.17g', share_pct) FROM landuse_composition" | tr '|' ' ' > "$T/got.txt"
  res=$($PY - "$T/got.txt" "$T/areas_$c.txt" "$expected" <<'PY'
import sys
got = {}
for l in open(sys.argv[1]):
    c, code, a, s = l.split()
    got[(c, code)] = (float(a), float(s))
area = {l.split()[0]: float(l.split()[1]) for l in open(sys.argv[2])}
exp = {(l.split()[0], l.split()[1]): float(l.split()[2])
       for l in sys.argv[3].splitlines()}
bad = []
if set(got) != set(exp):
    bad.append("rows %s" % sorted(set(got) ^ set(exp)))
for k, share in exp.items():
    if k not in got:
        continue
    a, s = got[k]
    # Edges cut in another CRS than they were drawn in, and the operation
    # PROJ picks here against the one OGR picked in crs_scene.py: within
    # 1e-5 of the cluster (0.4 m²), 1e-3 percentage points.
    if abs(s - share) > 1e-3:
        bad.append("%s %s share %.6f, expected %g" % (k + (s, share)))
    if abs(a - area[k[0]] * share / 100) > 1e-5 * area[k[0]]:
        bad.append("%s %s area %.4f m², expected %.4f" % (k + (a, area[k[0]] * share / 100)))
for c, ca in area.items():
    tot = sum(a for (cc, _), (a, _) in got.items() if cc == c)
    codes = sum(a for (cc, code), (a, _) in got.items() if cc == c and code != "NONE")
    shares = sum(s for (cc, _), (_, s) in got.items() if cc == c)
    if codes > ca + 1e-3 + 1e-6 * ca:
        bad.append("%s: codes add up to %.4f m², more than the cluster's %.4f" % (c, codes, ca))
    if abs(tot - ca) > 1e-6 * ca or shares > 100 + 1e-4:
        bad.append("%s: rows %.4f m² (%.6f %%) for a cluster of %.4f m²" % (c, tot, shares, ca))
print("; ".join(bad) if bad else "ok")
PY
)
  expect_eq "clusters in EPSG:$c, parcels in EPSG:$p: hand-worked shares, areas of the cluster" ok "$res"
  # The two real overlaps (1 250 m² in A, 20 000 m² in B), each logged once
  # with its area; slivers of edges transformed from another CRS may add
  # rows of a few cm², which are the data's own.
  expect_eq "EPSG:$c/$p: the two overlaps logged with their areas" \
    "4|3|1250
6|5|20000" \
    "$(q "$out" "SELECT feature_id, replace(replace(problem, 'overlaps feature ', ''), ' (met earlier) inside cluster ' || substr(problem, -1), ''), CAST(round(area_before_m2) AS INT) FROM qa_log WHERE problem LIKE 'overlaps%' AND area_before_m2 > 1 ORDER BY feature_id")"
done

# A repaired parcel or footprint is logged as a repaired cluster is: GEOS's
# reason with its coordinates in the parcels' own CRS (the bow-tie crosses
# itself at (500, 100) of the scene, taken to that CRS by OGR), the signed
# area of its raw rings (the two lobes cancel: 0) and the repair's (the two
# triangles: half of B, by Planimeter). Before, the coordinates were the
# clusters' and both areas empty.
check_repair() { # WHAT DB CLUSTERS_EPSG PARCELS_EPSG
  local row
  row=$(q "$2" "SELECT problem, printf('%.17g', area_before_m2), printf('%.17g', area_after_m2) FROM qa_log WHERE feature_id = '5' AND action LIKE 'repaired%'")
  res=$($PY - "$row" "$($PY "$S" point "$4" 500 100)" "$(grep '^B ' "$T/areas_$3.txt")" "$4" <<'PY'
import re, sys
row, pt, barea, epsg = sys.argv[1:5]
m = re.match(r"invalid geometry: Self-intersection\[(\S+) (\S+)\]\|(\S+)\|(\S+)$", row)
if not m:
    print("row: %r" % row); sys.exit()
x, y, before, after = map(float, m.groups())
ex, ey = map(float, pt.split())
tol = 1e-7 if epsg == "4326" else 0.01  # 1 cm
half = float(barea.split()[1]) / 2
bad = []
if abs(x - ex) > tol or abs(y - ey) > tol:
    bad.append("at (%r, %r), expected (%r, %r)" % (x, y, ex, ey))
if abs(before) > 0.1:
    bad.append("area before %r, expected 0" % before)
if abs(after - half) > 1e-6 * half:
    bad.append("area after %r, expected %r" % (after, half))
print("; ".join(bad) if bad else "ok")
PY
)
  expect_eq "$1" ok "$res"
}
for pair in 5897:5897 4326:5897 5897:32648 3857:4326; do
  c=${pair%:*} p=${pair#*:}
  check_repair "land use, clusters in EPSG:$c: the bow-tie's repair logged in EPSG:$p with its areas" "$T/c${c}_p${p}.sqlite" "$c" "$p"
done
"$ZG" encroach "$T/clusters_4326.gpkg" --residential "$T/parcels_32648.gpkg" -o "$T/enc.sqlite" -q
$PY "$S" areas "$T/clusters_4326.gpkg" ma_ccn > "$T/areas_4326.txt"
check_repair "housing, clusters in EPSG:4326: the bow-tie's repair logged in EPSG:32648 with its areas" "$T/enc.sqlite" 4326 32648

# The bundled clusters in WGS 84 against the 2025 land use: the codes of
# CCN-TT-02 hold 18.37 ha (as with the clusters' shapefile), not 18.43 ha.
"$ZG" landuse "$GEO/demo/hanoi_clusters_wgs84.geojson" \
  --landuse "$GEO/demo/hanoi_landuse_2025.gpkg.zip" -o "$T/wgs.sqlite" -q
"$ZG" landuse "$GEO/demo/hanoi_clusters_vn2000.shp" \
  --landuse "$GEO/demo/hanoi_landuse_2025.gpkg.zip" -o "$T/vn.sqlite" -q
# The codes never hold more than the cluster: its area (Planimeter on its
# vertices), or, if more, its area with its edges cut every 1e-5° (about
# 1 m) as the overlay cuts along them straight in degrees (2e-6 more for
# 500 m edges at 21° N), within 1e-6 of it: the parcels, drawn in VN-2000,
# leave slivers of their own once in degrees.
$PY "$S" areas "$GEO/demo/hanoi_clusters_wgs84.geojson" ma_ccn > "$T/a.txt"
$PY "$S" areas "$GEO/demo/hanoi_clusters_wgs84.geojson" ma_ccn 1e-5 > "$T/acut.txt"
q "$T/wgs.sqlite" "SELECT cluster_id, printf('%.17g', sum(area_ha) * 1e4), printf('%.17g', sum(share_pct)) FROM landuse_composition WHERE code <> 'NONE' GROUP BY cluster_id" | tr '|' ' ' > "$T/codes.txt"
res=$($PY - "$T/a.txt" "$T/acut.txt" "$T/codes.txt" <<'PY'
import sys
a = {l.split()[0]: float(l.split()[1]) for l in open(sys.argv[1])}
acut = {l.split()[0]: float(l.split()[1]) for l in open(sys.argv[2])}
bad = []
for l in open(sys.argv[3]):
    c, codes, shares = l.split()
    lim = max(a[c], acut[c]) + 1e-6 * a[c] + 1e-3
    if float(codes) > lim:
        bad.append("%s %s m² > %.3f" % (c, codes, lim))
    if float(shares) - 100 > 100 * (lim - a[c]) / a[c]:
        bad.append("%s shares %s" % (c, shares))
print(len(a), "; ".join(bad) if bad else "ok")
PY
)
expect_eq "demo, WGS 84 clusters: no cluster's codes hold more than the cluster" "36 ok" "$res"
expect_eq "demo, WGS 84 clusters: the overlap inside CCN-TT-02 is logged" 1 \
  "$(q "$T/wgs.sqlite" "SELECT count(*) FROM qa_log WHERE problem LIKE 'overlaps feature 2985 %CCN-TT-02'")"
expect_rel "demo: CCN-TT-02's codes, WGS 84 clusters as with the shapefile" \
  "$(q "$T/vn.sqlite" "SELECT sum(area_ha) FROM landuse_composition WHERE cluster_id = 'CCN-TT-02' AND code <> 'NONE'")" \
  "$(q "$T/wgs.sqlite" "SELECT sum(area_ha) FROM landuse_composition WHERE cluster_id = 'CCN-TT-02' AND code <> 'NONE'")" 1e-5
finish
