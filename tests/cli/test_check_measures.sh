# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Measures of a proposal never above its land (issue 16 B5). EPSG:5897
# metres, relative to E 580000, N 2320000:
#   Q1 0..400 x 0..400 (16 ha). Cluster C1 -100..300 x -100..500 holds its
#      west 300 m (12 ha), park K1 100..500 x -100..500 its east 300 m
#      (12 ha), proposal Q2 200..400 x 100..300 of it (4 ha): 28 ha summed,
#      but together they hold Q1 once: 16 ha.
#   Q2 200..600 x 100..300 (8 ha): K1 holds 200..500 (6 ha), Q1 200..400
#      (4 ha), C1 200..300 (2 ha): 12 ha summed, more than Q2; union
#      200..500 x 100..300 = 6 ha.
#   Q3 3000..3400 x 0..400 (16 ha): cluster C2 3000..3200 x 0..400 (8 ha),
#      park K2 3100..3300 x 0..200 (4 ha); union 8 + 2 = 10 ha, not 12.
# Housing and land use overlap themselves too: two house footprints over
# Q3 (3000..3400 x 0..300 and x 100..400: 12 + 12 ha, union 16 ha) and
# two LUC parcels over Q1 likewise.
# The expected overlaps come from another route: SpatiaLite SQL cuts each
# proposal by everything else and unions the pieces (ST_Union), transforms
# them to WGS 84, and GeographicLib's Planimeter measures them
# (landuse_scene.py reference).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
box() { local x0=$((580000 + $2)) y0=$((2320000 + $3)) x1=$((580000 + $4)) y1=$((2320000 + $5))
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" $x0 $y0 $x1 $y0 $x1 $y1 $x0 $y1 $x0 $y0; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
fc "$(box '"ma":"Q1"' 0 0 400 400),$(box '"ma":"Q2"' 200 100 600 300),$(box '"ma":"Q3"' 3000 0 3400 400)" > "$T/props.geojson"
fc "$(box '"ma_ccn":"C1"' -100 -100 300 500),$(box '"ma_ccn":"C2"' 3000 0 3200 400)" > "$T/clusters.geojson"
fc "$(box '"ma":"K1"' 100 -100 500 500),$(box '"ma":"K2"' 3100 0 3300 200)" > "$T/parks.geojson"
fc "$(box '"h":1' 3000 0 3400 300),$(box '"h":2' 3000 100 3400 400)" > "$T/houses.geojson"
fc "$(box '"ma_ldat":"LUC"' 0 0 400 300),$(box '"ma_ldat":"LUC"' 0 100 400 400)" > "$T/lu.geojson"
printf 'code,role\nLUC,protected_agri\nONT,residential\n' > "$T/codes.csv"
# One rule per measure of the proposal's land, so that every one is
# reported in proposal_checks.
{
  echo 'id,description_vi,description_en,measure,comparison,threshold,severity,source,when'
  for m in area_ha area_plane_ha residential_ha luc_ha protected_agri_ha cluster_overlap_ha; do
    echo "M_$m,x,x,$m,>=,0,warn,test,"
  done
} > "$T/rules.csv"
"$ZG" check "$T/props.geojson" --clusters "$T/clusters.geojson" --parks "$T/parks.geojson" \
  --residential "$T/houses.geojson" --landuse "$T/lu.geojson" --codes "$T/codes.csv" \
  --rules "$T/rules.csv" -o "$T/c.sqlite" -q
"$ZG" check "$T/props.geojson" --clusters "$T/clusters.geojson" --parks "$T/parks.geojson" \
  -o "$T/d.sqlite" -q

# The other route.
ogr2ogr -f SQLite -dsco SPATIALITE=YES "$T/ref.sqlite" "$T/props.geojson" -nln props 2>/dev/null
for f in clusters parks; do
  ogr2ogr -update -f SQLite "$T/ref.sqlite" "$T/$f.geojson" -nln "$f" 2>/dev/null
done
spatialite -batch -bail "$T/ref.sqlite" >/dev/null 2>&1 <<'SQL'
CREATE TABLE cut AS
SELECT p.ma AS ma, ST_Intersection(p.geometry, o.geometry) AS g
  FROM props p, (SELECT geometry FROM clusters UNION ALL SELECT geometry FROM parks) o
 WHERE ST_Area(ST_Intersection(p.geometry, o.geometry)) > 0
UNION ALL
SELECT p.ma, ST_Intersection(p.geometry, o.geometry)
  FROM props p, props o
 WHERE p.ma <> o.ma AND ST_Area(ST_Intersection(p.geometry, o.geometry)) > 0;
CREATE TABLE pieces AS
SELECT ma AS ma_ccn, 'overlap' AS code,
       hex(AsBinary(ST_Transform(SetSRID(ST_Union(g), 5897), 4326))) AS wkt
  FROM cut GROUP BY ma;
SQL
$PY "$ZG_ROOT/tests/cli/landuse_scene.py" reference "$T/ref.sqlite" > "$T/ref.txt"
expect_eq "the other route measured the three proposals" "Q1 Q2 Q3" "$(cut -d' ' -f1 "$T/ref.txt" | tr '\n' ' ' | sed 's/ $//')"
while read -r id _ ref_m2; do
  got=$(q "$T/c.sqlite" "SELECT printf('%.17g', cluster_overlap_ha * 1e4) FROM proposals WHERE proposal_id = '$id'")
  expect_rel "$id: overlap is the union, as SpatiaLite + Planimeter measure it" "$ref_m2" "$got" 1e-7
  got=$(q "$T/d.sqlite" "SELECT printf('%.17g', cluster_overlap_ha * 1e4) FROM proposals WHERE proposal_id = '$id'")
  expect_rel "$id: the same without the other layers" "$ref_m2" "$got" 1e-7
done < "$T/ref.txt"
# By hand, in the plane (ellipsoidal differs by < 2e-4 here).
expect_rel "Q1 overlap 16 ha (not 28)" 16 "$(q "$T/c.sqlite" "SELECT cluster_overlap_ha FROM proposals WHERE proposal_id = 'Q1'")" 2e-4
expect_rel "Q1 overlap is its whole area" "$(q "$T/c.sqlite" "SELECT area_ha FROM proposals WHERE proposal_id = 'Q1'")" \
  "$(q "$T/c.sqlite" "SELECT cluster_overlap_ha FROM proposals WHERE proposal_id = 'Q1'")" 1e-7
expect_rel "Q2 overlap 6 ha (not 12)" 6 "$(q "$T/c.sqlite" "SELECT cluster_overlap_ha FROM proposals WHERE proposal_id = 'Q2'")" 2e-4
expect_rel "Q3 overlap 10 ha (not 12)" 10 "$(q "$T/c.sqlite" "SELECT cluster_overlap_ha FROM proposals WHERE proposal_id = 'Q3'")" 2e-4
expect_eq "the evidence keeps each overlap: Q1 with C1, K1, Q2" "C1 K1 Q2" \
  "$(q "$T/c.sqlite" "SELECT group_concat(other_id, ' ') FROM (SELECT other_id FROM proposal_evidence WHERE proposal_id = 'Q1' AND rule_id = 'R12' ORDER BY other_id)")"
expect_rel "Q3: housing inside, two overlapping footprints counted once: 16 ha" 16 \
  "$(q "$T/c.sqlite" "SELECT residential_ha FROM proposals WHERE proposal_id = 'Q3'")" 2e-4
expect_rel "Q1: LUC, two overlapping parcels counted once: 16 ha" 16 \
  "$(q "$T/c.sqlite" "SELECT luc_ha FROM proposals WHERE proposal_id = 'Q1'")" 2e-4

# The invariant, over every measure of land inside a proposal: none
# exceeds the proposal's ellipsoidal area (its plane area only by the
# plane's scale, < 3e-4 here).
expect_eq "every measure was reported" 18 "$(q "$T/c.sqlite" "SELECT count(*) FROM proposal_checks WHERE value IS NOT NULL")"
expect_eq "no measure of a proposal exceeds its area" "" "$(q "$T/c.sqlite" "
  SELECT c.proposal_id || ' ' || c.rule_id || ' ' || c.value || ' > ' || p.area_ha
    FROM proposal_checks c JOIN proposals p USING (proposal_id)
   WHERE c.value > p.area_ha * (1 + CASE c.rule_id WHEN 'M_area_plane_ha' THEN 3e-4 ELSE 1e-7 END)")"
finish
