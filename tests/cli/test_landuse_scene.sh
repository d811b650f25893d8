# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Land-use composition on a generated scene (1 600 jittered parcels that
# tile the region, 4 clusters: rotated, triangular, concave, half outside)
# against another route: SpatiaLite SQL cuts every parcel by every cluster
# (ST_Intersection) and transforms the pieces to WGS 84, GeographicLib's
# Planimeter measures them. Agreement within 1e-6 relative, and the same
# bytes with 1 thread or 2.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
S="$ZG_ROOT/tests/cli/landuse_scene.py"
OGR_CURRENT_DATE=2025-01-01T00:00:00Z $PY "$S" make "$T"
printf 'code,role\nLUC,protected_agri\nONT,residential\nSKN,industrial\nDGT,infrastructure\nCLN,agri\nSON,water\n' > "$T/codes.csv"
"$ZG" landuse "$T/clusters.gpkg" --landuse "$T/parcels.gpkg" --codes "$T/codes.csv" -o "$T/t1.sqlite" --threads 1 -q
"$ZG" landuse "$T/clusters.gpkg" --landuse "$T/parcels.gpkg" --codes "$T/codes.csv" -o "$T/t2.sqlite" --threads 2 -q
d1=$(q "$T/t1.sqlite" "SELECT * FROM landuse_composition")
d2=$(q "$T/t2.sqlite" "SELECT * FROM landuse_composition")
expect_eq "1 and 2 threads: identical composition" "$d1" "$d2"
expect_eq "no overlap found in a tiling" 0 "$(q "$T/t1.sqlite" "SELECT count(*) FROM qa_log WHERE problem LIKE 'overlaps%'")"

ogr2ogr -f SQLite -dsco SPATIALITE=YES "$T/ref.sqlite" "$T/parcels.gpkg" -nln parcels 2>/dev/null
ogr2ogr -update -f SQLite "$T/ref.sqlite" "$T/clusters.gpkg" -nln clusters 2>/dev/null
spatialite -batch -bail "$T/ref.sqlite" >/dev/null 2>&1 <<'SQL'
CREATE TABLE pieces AS
SELECT c.ma_ccn AS ma_ccn, p.ma_ldat AS code,
       hex(AsBinary(ST_Transform(ST_Intersection(c.geom, p.geom), 4326))) AS wkt
  FROM clusters c, parcels p
 WHERE ST_Intersects(c.geom, p.geom)
   AND ST_Area(ST_Intersection(c.geom, p.geom)) > 0;
SQL
$PY "$S" reference "$T/ref.sqlite" > "$T/ref.txt"
expect_eq "the other route found pieces" 1 "$([[ -s "$T/ref.txt" ]] && echo 1 || echo 0)"
q "$T/t1.sqlite" "SELECT cluster_id, code, printf('%.17g', area_ha * 1e4) FROM landuse_composition WHERE code <> 'NONE'" | tr '|' ' ' > "$T/got.txt"
res=$($PY - "$T/ref.txt" "$T/got.txt" <<'PY'
import sys
ref = {tuple(l.split()[:2]): float(l.split()[2]) for l in open(sys.argv[1])}
got = {tuple(l.split()[:2]): float(l.split()[2]) for l in open(sys.argv[2])}
worst = max(abs(got.get(k, 0) - v) / v for k, v in ref.items())
print(len(ref), len(got), "%.3g" % worst, "ok" if set(ref) == set(got) and worst < 1e-6 else "bad")
PY
)
echo "reference rows, our rows, worst rel diff: $res"
expect_eq "same (cluster, code) rows and areas within 1e-6" ok "${res##* }"
expect_rel "H4 is half outside: NONE about 50 %" 50 \
  "$(q "$T/t1.sqlite" "SELECT share_pct FROM landuse_composition WHERE cluster_id = 'H4' AND code = 'NONE'")" 0.02
# Pieces under 0.01 m² (a parcel corner clipped by the rotated boundary)
# are dropped as overlay noise: what no parcel covers stays under 1e-5 %.
expect_eq "R1 is covered: NONE under 1e-5 %" 1 \
  "$(q "$T/t1.sqlite" "SELECT share_pct < 1e-5 FROM landuse_composition WHERE cluster_id = 'R1' AND code = 'NONE'")"
finish
