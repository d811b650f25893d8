# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Encroachment worked out by hand, EPSG:5897 metres, rings 50 and 100 m.
# Cluster C = 588000..588100 x 2326000..2326100 (1 ha).
# Date 2015: H1 inside (588010..588020 x 2326010..2326020, 100 m²)
#            H2 in ring 0-50, 20 m east (588120..588130, 100 m²)
#            H3 straddles the east edge (588095..588105 x 2326050..060):
#               50 m² inside, 50 m² in ring 0-50
#            H4 in ring 50-100, 60 m east (588160..588170): demolished later
# Date 2025 (given in WGS 84, another CRS): H1, H2, H3, plus
#            H5 new inside (588050..588060 x 2326050..060)
#            H6 overlapping H5 (588055..588065): the union is 150 m²
# Expected (plane m²; the ellipsoid adds about 0.01 %):
#   inside     2015: 150   2025: 300   new 150 (H5 u H6), lost 0
#   ring_0_50  2015: 150   2025: 150
#   ring_50_100 2015: 100  2025: 0     lost 100 (H4)
#   nearest housing in 2025: 0 m (H3 touches the boundary)
#   ring 0-50 area = 100² + 4·100·50 + 16·50²·sin(π/16) - 100²
#                  = 27 803.6 m² (buffer with 8 segments per quarter)
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
feat() { printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
  "$1" "$2" "$3" "$4" "$3" "$4" "$5" "$2" "$5" "$2" "$3"; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
H1=$(feat '"h":"H1"' 588010 2326010 588020 2326020)
H2=$(feat '"h":"H2"' 588120 2326010 588130 2326020)
H3=$(feat '"h":"H3"' 588095 2326050 588105 2326060)
H4=$(feat '"h":"H4"' 588160 2326010 588170 2326020)
H5=$(feat '"h":"H5"' 588050 2326050 588060 2326060)
H6=$(feat '"h":"H6"' 588055 2326050 588065 2326060)
fc "$(feat '"ma_ccn":"C"' 588000 2326000 588100 2326100)" > "$T/c.geojson"
fc "$H1,$H2,$H3,$H4" > "$T/t1.geojson"
fc "$H1,$H2,$H3,$H5,$H6" > "$T/t2_5897.geojson"
ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=12 "$T/t2.geojson" "$T/t2_5897.geojson"
mkdir "$T/gj"
"$ZG" encroach "$T/c.geojson" --residential "$T/t1.geojson" --residential "$T/t2.geojson" \
  --epochs 2015,2025 --rings 50,100 -o "$T/e.sqlite" --geojson "$T/gj" -q
r() { q "$T/e.sqlite" "SELECT printf('%.6f', residential_ha * 1e4) FROM encroachment WHERE epoch = '$1' AND zone = '$2'"; }
expect_eq "zones" "inside ring_0_50 ring_50_100" "$(q "$T/e.sqlite" "SELECT group_concat(zone, ' ') FROM (SELECT DISTINCT zone FROM encroachment ORDER BY pk)")"
expect_rel "inside 2015: 150 m²" 150 "$(r 2015 inside)" 2e-4
expect_rel "inside 2025: 300 m² (H5, H6 overlap counted once)" 300 "$(r 2025 inside)" 1e-3
expect_rel "ring 0-50 2015: 150 m²" 150 "$(r 2015 ring_0_50)" 2e-4
expect_rel "ring 0-50 2025: 150 m²" 150 "$(r 2025 ring_0_50)" 1e-3
expect_rel "ring 50-100 2015: 100 m²" 100 "$(r 2015 ring_50_100)" 2e-4
expect_eq "ring 50-100 2025: none" "0.000000" "$(r 2025 ring_50_100)"
# Each row carries the housing of its zone and date: SpatiaLite measures
# it in the plane (ST_Transform to 5897, its own area) and finds H4 where
# it was drawn; a zone without housing has no geometry.
sl() { spatialite -batch -bail -noheader "$T/e.sqlite" "$1" 2>/dev/null | tail -1; }
PL="ST_Transform(geom, 5897, NULL, 'EPSG:4326', 'EPSG:5897')"
g() { sl "SELECT printf('%.4f', $1) FROM encroachment WHERE epoch = '$2' AND zone = '$3'"; }
expect_rel "housing inside 2025 as geometry: 300 m² in the plane" 300 "$(g "ST_Area($PL)" 2025 inside)" 1e-4
expect_rel "housing in ring 0-50 2015 as geometry: 150 m²" 150 "$(g "ST_Area($PL)" 2015 ring_0_50)" 1e-4
# (within 6 mm: the round trip to WGS 84 and back moves it by 0.8 mm)
expect_rel "H4 where it was drawn (west edge 588160)" 588160 "$(g "ST_MinX($PL)" 2015 ring_50_100)" 1e-8
expect_eq "no housing in ring 50-100 in 2025: no geometry" 1 "$(q "$T/e.sqlite" "SELECT geom IS NULL FROM encroachment WHERE epoch = '2025' AND zone = 'ring_50_100'")"
nw() { q "$T/e.sqlite" "SELECT printf('%.6f', new_ha * 1e4) FROM encroachment_new WHERE zone = '$1'"; }
ls() { q "$T/e.sqlite" "SELECT printf('%.6f', lost_ha * 1e4) FROM encroachment_lost WHERE zone = '$1'"; }
expect_rel "new inside: 150 m² (a geometric difference)" 150 "$(nw inside)" 1e-3
expect_rel "lost in ring 50-100: 100 m² (H4)" 100 "$(ls ring_50_100)" 2e-4
# PROJ's own round trip EPSG:5897 -> 4326 -> 5897 moves a point by about
# 0.9 mm here (cs2cs shows it too), so the straddling house H3 given in
# WGS 84 is cut 0.8 mm further east: 0.02 m² moves from inside to the ring.
expect_eq "nothing lost inside (beyond 0.05 m² of round trip)" 1 "$(q "$T/e.sqlite" "SELECT lost_ha * 1e4 < 0.05 FROM encroachment_lost WHERE zone = 'inside'")"
za=$(q "$T/e.sqlite" "SELECT zone_ha * 1e4 FROM encroachment WHERE zone = 'ring_0_50' LIMIT 1")
expect_rel "ring 0-50 area (8 segments per quarter circle)" 27803.612 "$za" 3e-4
expect_eq "summary in clusters" "1" "$(q "$T/e.sqlite" "SELECT abs(resid_inside_ha * 1e4 - 300) < 0.5 AND abs(resid_new_inside_ha * 1e4 - 150) < 0.3 AND nearest_residential_m = 0 FROM clusters")"
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['features']))" "$T/gj/encroachment_new_2015_2025.geojson")
expect_eq "GeoJSON of the new housing per pair of dates" 3 "$n"
expect_eq "both dates recorded" 2 "$(q "$T/e.sqlite" "SELECT count(DISTINCT role) FROM run_inputs WHERE role LIKE 'residential_%'")"

# Nearest housing when none is inside: only H2 (20 m east) and H4.
fc "$H2,$H4" > "$T/far.geojson"
"$ZG" encroach "$T/c.geojson" --residential "$T/far.geojson" --rings 50,100 -o "$T/f.sqlite" -q
expect_rel "nearest housing 20 m" 20 "$(q "$T/f.sqlite" "SELECT nearest_residential_m FROM clusters")" 1e-9
# None within the rings: the nearest is sought farther (windows of 5 and
# 50 km): H2 is still 20 m away with rings of 10 m; a house 3 km east
# (588100 + 3000) is 3000 m away; one 60 km east is beyond the search.
"$ZG" encroach "$T/c.geojson" --residential "$T/far.geojson" --rings 10 -o "$T/g.sqlite" -q
expect_rel "none within the rings: nearest still found, 20 m" 20 "$(q "$T/g.sqlite" "SELECT nearest_residential_m FROM clusters")" 1e-9
fc "$(feat '"h":"F"' 591100 2326040 591110 2326050)" > "$T/far3k.geojson"
"$ZG" encroach "$T/c.geojson" --residential "$T/far3k.geojson" --rings 50,100 -o "$T/g3.sqlite" -q
expect_rel "a house 3 km away: 3000 m" 3000 "$(q "$T/g3.sqlite" "SELECT nearest_residential_m FROM clusters")" 1e-9
expect_eq "its rings hold no housing" "0.0" "$(q "$T/g3.sqlite" "SELECT printf('%.1f', total(residential_ha)) FROM encroachment")"
# The same with the cluster in WGS 84 (the search windows and distances
# are made in the plane all the same), on 1 and 2 threads.
ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=12 "$T/c_ll.geojson" "$T/c.geojson"
"$ZG" encroach "$T/c_ll.geojson" --residential "$T/far3k.geojson" --rings 50,100 --threads 1 -o "$T/g3a.sqlite" -q
"$ZG" encroach "$T/c_ll.geojson" --residential "$T/far3k.geojson" --rings 50,100 --threads 2 -o "$T/g3b.sqlite" -q
expect_rel "cluster in WGS 84: still 3000 m" 3000 "$(q "$T/g3a.sqlite" "SELECT nearest_residential_m FROM clusters")" 1e-6
expect_eq "1 and 2 threads: the same distance" "$(q "$T/g3a.sqlite" "SELECT nearest_residential_m FROM clusters")" \
  "$(q "$T/g3b.sqlite" "SELECT nearest_residential_m FROM clusters")"
fc "$(feat '"h":"G"' 648100 2326040 648110 2326050)" > "$T/far60k.geojson"
"$ZG" encroach "$T/c.geojson" --residential "$T/far60k.geojson" --rings 50,100 -o "$T/g60.sqlite" -q 2>/dev/null
expect_eq "a house 60 km away: beyond the 50 km search, empty" "" "$(q "$T/g60.sqlite" "SELECT nearest_residential_m FROM clusters")"

# 1 and 2 threads: identical.
"$ZG" encroach "$T/c.geojson" --residential "$T/t1.geojson" --residential "$T/t2.geojson" --rings 50,100 --threads 1 -o "$T/a1.sqlite" -q
"$ZG" encroach "$T/c.geojson" --residential "$T/t1.geojson" --residential "$T/t2.geojson" --rings 50,100 --threads 2 -o "$T/a2.sqlite" -q
expect_eq "1 and 2 threads give the same tables" \
  "$(q "$T/a1.sqlite" "SELECT pk, cluster_id, epoch, zone, zone_ha, residential_ha, hex(geom) FROM encroachment; SELECT pk, new_ha, hex(geom) FROM encroachment_new")" \
  "$(q "$T/a2.sqlite" "SELECT pk, cluster_id, epoch, zone, zone_ha, residential_ha, hex(geom) FROM encroachment; SELECT pk, new_ha, hex(geom) FROM encroachment_new")"
# A land-use map as the residential input: only codes whose role is
# residential (ONT, ODT) count. H1 as ONT, H2 as ODT, H4 as LUC (not
# housing): inside 100 m², ring 0-50 100 m², ring 50-100 nothing.
lu() { feat "\"ma_ldat\":\"$1\"" "${@:2}"; }
fc "$(lu ONT 588010 2326010 588020 2326020),$(lu ODT 588120 2326010 588130 2326020),$(lu LUC 588160 2326010 588170 2326020)" > "$T/lu.geojson"
printf 'code,role\nONT,residential\nODT,residential\nLUC,protected_agri\n' > "$T/codes.csv"
"$ZG" encroach "$T/c.geojson" --residential "$T/lu.geojson" --code-field ma_ldat --codes "$T/codes.csv" --rings 50,100 -o "$T/lu.sqlite" -q
expect_eq "land-use input filtered by role: inside, ring 0-50, ring 50-100" "100.0 100.0 0.0" \
  "$(q "$T/lu.sqlite" "SELECT group_concat(printf('%.1f', residential_ha * 1e4), ' ') FROM (SELECT * FROM encroachment ORDER BY pk)")"

expect_exit "no --residential" 2 "at least one residential" -- "$ZG" encroach "$T/c.geojson" -o "$T/x.sqlite"
expect_exit "epochs do not match" 2 "one label per" -- "$ZG" encroach "$T/c.geojson" --residential "$T/t1.geojson" --epochs a,b -o "$T/x.sqlite"
expect_exit "decreasing rings" 2 "increasing" -- "$ZG" encroach "$T/c.geojson" --residential "$T/t1.geojson" --rings 100,50 -o "$T/x.sqlite"
finish
