# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Distances that touch (issue 16 C10). EPSG:5897 metres, four 400 x 400 m
# outlines 3 km apart (E 580000 + 3000 k, N 2320000), each with one 10 m
# house, drawn by hand:
#   T1 a house sharing 10 m of T1's east edge     -> 0 m, touches the boundary
#   T2 a house touching T2's north-east corner only -> 0 m, touches the boundary
#   T3 a house inside                              -> 0 m, inside
#   T4 a house 60 m east                           -> 60 m, outside
# SpatiaLite confirms the relation (ST_Touches, ST_Distance) independently.
# A bare 0.0 m with 0 ha inside read as housing inside; the tables now
# say where the nearest housing is, and the report says "touches the
# boundary".
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
box() { # props x0 y0 x1 y1 (relative)
  local x0=$((580000 + $2)) y0=$((2320000 + $3)) x1=$((580000 + $4)) y1=$((2320000 + $5))
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" $x0 $y0 $x1 $y0 $x1 $y1 $x0 $y1 $x0 $y0; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
o() { echo $((($1 - 1) * 3000)); }
fc "$(box '"ma":"T1","hazard_class":"V"' "$(o 1)" 0 $(($(o 1) + 400)) 400),$(box '"ma":"T2","hazard_class":"V"' "$(o 2)" 0 $(($(o 2) + 400)) 400),$(box '"ma":"T3","hazard_class":"V"' "$(o 3)" 0 $(($(o 3) + 400)) 400),$(box '"ma":"T4","hazard_class":"V"' "$(o 4)" 0 $(($(o 4) + 400)) 400)" > "$T/t.geojson"
fc "$(box '"h":1' $(($(o 1) + 400)) 100 $(($(o 1) + 410)) 110),$(box '"h":2' $(($(o 2) + 400)) 400 $(($(o 2) + 410)) 410),$(box '"h":3' $(($(o 3) + 100)) 100 $(($(o 3) + 110)) 110),$(box '"h":4' $(($(o 4) + 460)) 100 $(($(o 4) + 470)) 110)" > "$T/h.geojson"

# The relation by SpatiaLite.
ogr2ogr -f SQLite -dsco SPATIALITE=YES "$T/ref.sqlite" "$T/t.geojson" -nln t 2>/dev/null
ogr2ogr -update -f SQLite "$T/ref.sqlite" "$T/h.geojson" -nln h 2>/dev/null
expect_eq "SpatiaLite: T1, T2 touch their house; T3 holds it; T4 is 60 m off" "T1:1:0 T2:1:0 T3:0:0 T4:0:60" \
  "$(spatialite -batch "$T/ref.sqlite" "SELECT group_concat(t.ma || ':' || ST_Touches(t.geometry, h.geometry) || ':' || CAST(ST_Distance(t.geometry, h.geometry) AS INTEGER), ' ') FROM t JOIN h ON h.h = CAST(substr(t.ma, 2) AS INTEGER) ORDER BY t.ma" 2>/dev/null | tail -1)"

"$ZG" encroach "$T/t.geojson" --residential "$T/h.geojson" -o "$T/e.sqlite" -q
expect_eq "encroach: where the nearest housing is" \
  "T1:0.0:0.00:touches the boundary T2:0.0:0.00:touches the boundary T3:0.0:0.01:inside T4:60.0:0.00:outside" \
  "$(q "$T/e.sqlite" "SELECT group_concat(id || ':' || printf('%.1f', nearest_residential_m) || ':' || printf('%.2f', resid_inside_ha) || ':' || nearest_residential_where, ' ') FROM (SELECT * FROM clusters ORDER BY fid)")"

"$ZG" check "$T/t.geojson" --residential "$T/h.geojson" -o "$T/c.sqlite" -q
expect_eq "check: the proposals table says where" \
  "T1:0.0:touches the boundary T2:0.0:touches the boundary T3:0.0:inside T4:60.0:outside" \
  "$(q "$T/c.sqlite" "SELECT group_concat(proposal_id || ':' || printf('%.1f', min_dist_residential_m) || ':' || nearest_residential_where, ' ') FROM (SELECT * FROM proposals ORDER BY fid)")"
expect_eq "T1: R4 passes (nothing inside), R9 fails (0 m), both say it touches" "pass fail 2" \
  "$(q "$T/c.sqlite" "SELECT (SELECT verdict FROM proposal_checks WHERE proposal_id = 'T1' AND rule_id = 'R4') || ' ' || (SELECT verdict FROM proposal_checks WHERE proposal_id = 'T1' AND rule_id = 'R9') || ' ' || (SELECT count(*) FROM proposal_checks WHERE proposal_id = 'T1' AND rule_id IN ('R4', 'R9') AND detail LIKE '%touches the boundary (0 m), none inside%' AND detail_vi LIKE '%chạm ranh giới%')")"
expect_eq "T3 (inside) and T4 (60 m) do not say so" 0 \
  "$(q "$T/c.sqlite" "SELECT count(*) FROM proposal_checks WHERE proposal_id IN ('T3', 'T4') AND detail LIKE '%touches%'")"

"$ZG" report "$T/c.sqlite" --lang en -o "$T/c.html" -q
expect_eq "report (en): two distances say they touch the boundary" 2 "$(grep -o '0\.0 (touches the boundary)' "$T/c.html" | wc -l)"
"$ZG" report "$T/e.sqlite" -o "$T/e.html" -q
expect_eq "report (vi) of encroach: two distances say chạm ranh giới" 2 "$(grep -o '0,0 (chạm ranh giới)\|0\.0 (chạm ranh giới)' "$T/e.html" | wc -l)"
finish
