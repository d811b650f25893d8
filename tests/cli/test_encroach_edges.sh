# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Houses on every edge of a cluster's zones, worked out by hand: a house a
# zone contains is not tested nor cut against the cluster's other zones
# (stream.c, zone families), which must leave every piece as it was.
# EPSG:5897 metres, rings 50 and 100 m; cluster 588000..588100 x
# 2326000..2326100; all houses east of it at y 2326010..2326095, where
# the buffers' east edges are straight (x = 588100 + d).
#   A  588010..020 inside                         100 inside
#   A2 588090..100 inside, on the cluster's edge  100 inside
#   B  588095..105 across the cluster's edge       50 inside, 50 ring 0-50
#   C  588120..130 in ring 0-50                   100 ring 0-50
#   C2 588100..110 outside, on the cluster's edge 100 ring 0-50
#   D  588145..155 across the ring edge at 150     50 ring 0-50, 50 ring 50-100
#   E  588090..160 (70 x 10 m) across two edges   100 inside, 500 ring 0-50,
#                                                 100 ring 50-100
#   F  588195..205 across the outer edge at 200    50 ring 50-100, 50 outside
#   G  588170..180 in ring 50-100                 100 ring 50-100
#   H  588185..195 x 2326185..195: in the outer ring's box, 120 m from the
#      cluster's corner: in no zone
# Expected (plane m²; the ellipsoid adds about 0.01 %): inside 350,
# ring 0-50 800, ring 50-100 300.
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
feat() { printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
  "$1" "$2" "$3" "$4" "$3" "$4" "$5" "$2" "$5" "$2" "$3"; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
fc "$(feat '"ma_ccn":"C"' 588000 2326000 588100 2326100)" > "$T/c.geojson"
fc "$(feat '"h":"A"' 588010 2326040 588020 2326050),$(feat '"h":"A2"' 588090 2326010 588100 2326020),$(feat '"h":"B"' 588095 2326040 588105 2326050),$(feat '"h":"C"' 588120 2326040 588130 2326050),$(feat '"h":"C2"' 588100 2326085 588110 2326095),$(feat '"h":"D"' 588145 2326040 588155 2326050),$(feat '"h":"E"' 588090 2326070 588160 2326080),$(feat '"h":"F"' 588195 2326040 588205 2326050),$(feat '"h":"G"' 588170 2326010 588180 2326020),$(feat '"h":"H"' 588185 2326185 588195 2326195)" > "$T/h.geojson"
r() { q "$1" "SELECT printf('%.6f', residential_ha * 1e4) FROM encroachment WHERE zone = '$2' ORDER BY epoch DESC LIMIT 1"; }
check() { # $1: database, $2: what
  expect_rel "$2: inside 350 m² (A, A2, half of B, E's 10 m)" 350 "$(r "$1" inside)" 1e-3
  expect_rel "$2: ring 0-50 800 m² (B, C, C2, D, E's 50 m)" 800 "$(r "$1" ring_0_50)" 1e-3
  expect_rel "$2: ring 50-100 300 m² (D, E's 10 m, F, G; not H)" 300 "$(r "$1" ring_50_100)" 1e-3
}
"$ZG" encroach "$T/c.geojson" --residential "$T/h.geojson" --rings 50,100 -o "$T/e.sqlite" -q
check "$T/e.sqlite" "cluster in the plane"
# The cluster in WGS 84: its rings are made in the plane and brought back,
# so their inner edges are the cluster's edge within PROJ's round trip
# (about a millimetre), not to the bit: A2 and C2 meet the zone beside
# theirs in a sliver, which is no housing.
ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=12 "$T/c_ll.geojson" "$T/c.geojson"
"$ZG" encroach "$T/c_ll.geojson" --residential "$T/h.geojson" --rings 50,100 -o "$T/l.sqlite" -q
check "$T/l.sqlite" "cluster in WGS 84"
# `run` reads the houses once for every analysis (overlay/pass.c): at the
# second date the cluster's zone is also the free land's, which keeps it
# out of the family there (its rings stay one); the same areas, and the
# same rows as `encroach` alone.
for c in c c_ll; do
  printf 'clusters = %s.geojson\nresidential = h.geojson, h.geojson\nepochs = 2020, 2025\nrings = 50, 100\natlas = none\n' \
    "$c" > "$T/$c.scenario"
  "$ZG" run "$T/$c.scenario" -o "$T/run_$c" -q
  check "$T/run_$c/results.sqlite" "run, $c"
done
rows() { q "$1" "SELECT group_concat(zone || ' ' || epoch || ' ' || printf('%.9f', residential_ha), '; ') FROM (SELECT * FROM encroachment ORDER BY cluster_id, zone, epoch)"; }
"$ZG" encroach "$T/c_ll.geojson" --residential "$T/h.geojson" --residential "$T/h.geojson" --epochs 2020,2025 --rings 50,100 -o "$T/l2.sqlite" -q
expect_eq "run and encroach alone: the same rows (cluster in WGS 84, two dates)" \
  "$(rows "$T/l2.sqlite")" "$(rows "$T/run_c_ll/results.sqlite")"
finish
