# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The encroachment's unions and changes taken group by group (touching or
# overlapping pieces together, encroach_groups.c), worked out by hand, then
# on many zones against OGR/GEOS and GeographicLib, and the same bytes on
# 1 and 2 threads.
#
# By hand, EPSG:5897 metres, rings 50 and 100 m around the cluster
# C = 588000..588100 x 2326000..2326100 (its east side is x = 588100):
#   inside      A 588010..020 x 2326010..020, 100 m², the same at both dates
#   ring_0_50   M 588120..130 x 2326010..020 at 2015, moved 1 m east at 2025
#                 (588121..131): new the strip 588130..131 x 10 m = 10 m²,
#                 lost 588120..121 x 10 m = 10 m²
#               R1 588120..130, R2 588130..140 x 2326040..050: two houses
#                 sharing an edge, both dates: one polygon of 200 m²
#   ring_50_100 K 588160..170 x 2326040..050, both dates; at 2025 also its
#                 annex E 588170..175 (touching K, 50 m²) and a new house N
#                 588160..170 x 2326010..020 (100 m²): new 150 m²
# Expected (plane m²; the ellipsoid adds about 0.01 %):
#   inside       2015: 100  2025: 100  new 0   lost 0
#   ring_0_50    2015: 300  2025: 300  new 10  lost 10
#   ring_50_100  2015: 100  2025: 250  new 150 lost 0
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
feat() { printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
  "$1" "$2" "$3" "$4" "$3" "$4" "$5" "$2" "$5" "$2" "$3"; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
A=$(feat '"h":"A"' 588010 2326010 588020 2326020)
M1=$(feat '"h":"M"' 588120 2326010 588130 2326020)
M2=$(feat '"h":"M"' 588121 2326010 588131 2326020)
R1=$(feat '"h":"R1"' 588120 2326040 588130 2326050)
R2=$(feat '"h":"R2"' 588130 2326040 588140 2326050)
K=$(feat '"h":"K"' 588160 2326040 588170 2326050)
E=$(feat '"h":"E"' 588170 2326040 588175 2326050)
N=$(feat '"h":"N"' 588160 2326010 588170 2326020)
fc "$(feat '"ma_ccn":"C"' 588000 2326000 588100 2326100)" > "$T/c.geojson"
fc "$A,$M1,$R1,$R2,$K" > "$T/t1.geojson"
fc "$A,$M2,$R1,$R2,$K,$E,$N" > "$T/t2.geojson"
"$ZG" encroach "$T/c.geojson" --residential "$T/t1.geojson" --residential "$T/t2.geojson" \
  --epochs 2015,2025 --rings 50,100 -o "$T/e.sqlite" -q
r() { q "$T/e.sqlite" "SELECT printf('%.6f', residential_ha * 1e4) FROM encroachment WHERE epoch = '$1' AND zone = '$2'"; }
nw() { q "$T/e.sqlite" "SELECT printf('%.6f', new_ha * 1e4) FROM encroachment_new WHERE zone = '$1'"; }
lo() { q "$T/e.sqlite" "SELECT printf('%.6f', lost_ha * 1e4) FROM encroachment_lost WHERE zone = '$1'"; }
expect_rel "inside 2015: 100 m²" 100 "$(r 2015 inside)" 2e-4
expect_rel "inside 2025: 100 m²" 100 "$(r 2025 inside)" 2e-4
expect_eq "inside: the same house at both dates, nothing new" "0.000000" "$(nw inside)"
expect_eq "inside: nothing lost" "0.000000" "$(lo inside)"
expect_rel "ring 0-50 2015: 300 m²" 300 "$(r 2015 ring_0_50)" 2e-4
expect_rel "ring 0-50 2025: 300 m²" 300 "$(r 2025 ring_0_50)" 2e-4
expect_rel "ring 0-50: a house moved 1 m east, new the 1 m strip: 10 m²" 10 "$(nw ring_0_50)" 2e-4
expect_rel "ring 0-50: lost the strip it left: 10 m²" 10 "$(lo ring_0_50)" 2e-4
expect_rel "ring 50-100 2015: 100 m²" 100 "$(r 2015 ring_50_100)" 2e-4
expect_rel "ring 50-100 2025: 250 m²" 250 "$(r 2025 ring_50_100)" 2e-4
expect_rel "ring 50-100: new house and annex: 150 m²" 150 "$(nw ring_50_100)" 2e-4
expect_eq "ring 50-100: nothing lost" "0.000000" "$(lo ring_50_100)"
expect_eq "new inside the cluster (clusters table): 0" "0.000000" "$(q "$T/e.sqlite" "SELECT printf('%.6f', resid_new_inside_ha * 1e4) FROM clusters")"
# Touching houses are one polygon, as a union makes them: ring 0-50 holds
# M and R1+R2 merged (2 polygons, not 3); ring 50-100 at 2025 K+E and N.
sl() { spatialite -batch -bail -noheader "$T/e.sqlite" "$1" 2>/dev/null | tail -1; }
np() { sl "SELECT ST_NumGeometries(geom) FROM encroachment WHERE epoch = '$1' AND zone = '$2'"; }
expect_eq "ring 0-50 2015: R1 and R2 touch, merged: 2 polygons" 2 "$(np 2015 ring_0_50)"
expect_eq "ring 50-100 2025: K and its annex merged: 2 polygons" 2 "$(np 2025 ring_50_100)"
expect_eq "the housing geometries are valid" 0 "$(sl "SELECT count(*) FROM encroachment WHERE geom IS NOT NULL AND ST_IsValid(geom) <> 1")"
PL="ST_Transform(geom, 5897, NULL, 'EPSG:4326', 'EPSG:5897')"
expect_rel "the new strip in ring 0-50 lies at x 588130..588131 (its west edge)" 588130 \
  "$(sl "SELECT printf('%.4f', ST_MinX($PL)) FROM encroachment_new WHERE zone = 'ring_0_50'")" 1e-8
# A third date the same as the second: its housing the very same numbers,
# nothing new or lost from 2025 to 2030; new inside since 2015 still 0.
"$ZG" encroach "$T/c.geojson" --residential "$T/t1.geojson" --residential "$T/t2.geojson" \
  --residential "$T/t2.geojson" --epochs 2015,2025,2030 --rings 50,100 -o "$T/e3.sqlite" -q
r3() { q "$T/e3.sqlite" "SELECT group_concat(printf('%.9f', residential_ha * 1e4), ' ') FROM (SELECT residential_ha FROM encroachment WHERE epoch = '$1' ORDER BY pk)"; }
expect_eq "a third date like the second: the same housing in every zone" "$(r3 2025)" "$(r3 2030)"
expect_eq "2025 to 2030: nothing new, nothing lost" "0|0" \
  "$(q "$T/e3.sqlite" "SELECT (SELECT count(*) FROM encroachment_new WHERE to_epoch = '2030' AND new_ha <> 0), (SELECT count(*) FROM encroachment_lost WHERE to_epoch = '2030' AND lost_ha <> 0)")"
expect_rel "2015 to 2025 unchanged by a third date: ring 0-50 new 10 m²" 10 \
  "$(q "$T/e3.sqlite" "SELECT new_ha * 1e4 FROM encroachment_new WHERE to_epoch = '2025' AND zone = 'ring_0_50'")" 2e-4
expect_eq "new inside since 2015: 0" "0.000000" "$(q "$T/e3.sqlite" "SELECT printf('%.6f', resid_new_inside_ha * 1e4) FROM clusters")"

# Many zones: 48 clusters x 3 zones x 2 dates, houses in rows that touch,
# overlap, move, grow and appear; every zone against OGR/GEOS and
# GeographicLib (encroach_scene.py), within 1e-6 relative or 0.01 m².
PY=/usr/bin/python3
S="$(dirname "$0")/encroach_scene.py"
mkdir "$T/s"
if ! $PY "$S" make "$T/s" 2>"$T/err" || ! $PY "$S" expect "$T/s" 50,150 > "$T/expected" 2>>"$T/err"; then
  bad "encroach_scene.py failed: $(tail -n 3 "$T/err")"; finish; exit 1
fi
mkdir "$T/g1" "$T/g2"
for t in 1 2; do
  "$ZG" encroach "$T/s/clusters.gpkg" --residential "$T/s/h1.gpkg" --residential "$T/s/h2.gpkg" \
    --epochs d1,d2 --rings 50,150 --threads "$t" -o "$T/m$t.sqlite" --geojson "$T/g$t" -q
done
{ q "$T/m1.sqlite" "SELECT cluster_id, zone, CASE epoch WHEN 'd1' THEN 0 ELSE 1 END, printf('%.9f', residential_ha * 1e4) FROM encroachment"
  q "$T/m1.sqlite" "SELECT cluster_id, zone, 'new', printf('%.9f', new_ha * 1e4) FROM encroachment_new"
  q "$T/m1.sqlite" "SELECT cluster_id, zone, 'lost', printf('%.9f', lost_ha * 1e4) FROM encroachment_lost"
} | tr '|' ' ' | sort > "$T/got"
sort "$T/expected" > "$T/want"
expect_eq "many zones: every zone, date and change present" "$(wc -l < "$T/want")" "$(wc -l < "$T/got")"
worst=$(join -j1 <(awk '{ print $1 ":" $2 ":" $3, $4 }' "$T/want") <(awk '{ print $1 ":" $2 ":" $3, $4 }' "$T/got") |
  awk 'function abs(v) { return v < 0 ? -v : v }
       { d = abs($2 - $3); m = abs($2) > abs($3) ? abs($2) : abs($3); n++
         if (d > 0.01 && d > 1e-6 * m) { bad++; if (bad < 4) print "DIFF", $0 > "/dev/stderr" } }
       END { printf "%d %d\n", n, bad }')
expect_eq "many zones: all $(wc -l < "$T/want") figures agree with OGR/GeographicLib" "$(wc -l < "$T/want") 0" "$worst"
expect_eq "the scene has changes of every kind (new and lost in many zones)" 1 \
  "$(q "$T/m1.sqlite" "SELECT (SELECT count(*) FROM encroachment_new WHERE new_ha > 0) > 40 AND (SELECT count(*) FROM encroachment_lost WHERE lost_ha > 0) > 40")"
tab() { q "$1" "SELECT pk, cluster_id, epoch, zone, zone_ha, residential_ha, share_pct, hex(geom) FROM encroachment; SELECT pk, new_ha, hex(geom) FROM encroachment_new; SELECT pk, lost_ha, hex(geom) FROM encroachment_lost; SELECT resid_inside_ha, resid_new_inside_ha, nearest_residential_m FROM clusters"; }
expect_true "many zones: the same tables, geometry bytes too, on 1 and 2 threads" test "$(tab "$T/m1.sqlite")" = "$(tab "$T/m2.sqlite")"
expect_true "many zones: the same GeoJSON on 1 and 2 threads" cmp -s "$T/g1/encroachment_new_d1_d2.geojson" "$T/g2/encroachment_new_d1_d2.geojson"
finish
