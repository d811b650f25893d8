# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Free land worked out by hand (EPSG:5897 metres, relative to E 588000,
# N 2326000). Cluster K = 0..200 x 0..200 (4 ha). Inside it:
#   ONT (housing land)      0..50  x 0..200   1 ha
#   SON (river)            50..180 x 0..20    0.26 ha
#   DGD (a school)        100..120 x 100..120 0.04 ha (sensitive)
#   a house footprint      60..70  x 60..70   0.01 ha (residential layer)
#   park P                180..200 x 0..200   0.4 ha
# Free = 4 - 1 - 0.26 - 0.04 - 0.01 - 0.4 = 2.29 ha (plane), and 2.33 ha
# when only residential and water are unbuildable.
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
box() { local x0=$((588000 + $2)) y0=$((2326000 + $3)) x1=$((588000 + $4)) y1=$((2326000 + $5))
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" $x0 $y0 $x1 $y0 $x1 $y1 $x0 $y1 $x0 $y0; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
fc "$(box '"ma_ccn":"K"' 0 0 200 200)" > "$T/k.geojson"
fc "$(box '"ma_ldat":"ONT"' 0 0 50 200),$(box '"ma_ldat":"SON"' 50 0 180 20),$(box '"ma_ldat":"DGD"' 100 100 120 120),$(box '"ma_ldat":"LUC"' 50 20 180 200)" > "$T/lu.geojson"
fc "$(box '"h":1' 60 60 70 70)" > "$T/h.geojson"
fc "$(box '"ma_kcn":"P"' 180 0 200 200)" > "$T/p.geojson"
printf 'code,role\nONT,residential\nSON,water\nDGD,sensitive\nLUC,protected_agri\n' > "$T/codes.csv"
"$ZG" reserve "$T/k.geojson" --landuse "$T/lu.geojson" --codes "$T/codes.csv" --residential "$T/h.geojson" \
  --parks "$T/p.geojson" -o "$T/r.sqlite" --geojson "$T/r.geojson" -q
g() { q "$T/r.sqlite" "SELECT $1 FROM reserve"; }
expect_rel "free land 2.29 ha" 2.29 "$(g free_ha)" 2e-4
expect_rel "free share 57.25 %" 57.25 "$(g free_pct)" 1e-6
expect_rel "housing 1.01 ha (land-use ONT and the footprint, once)" 1.01 "$(g residential_ha)" 2e-4
expect_rel "water 0.26 ha" 0.26 "$(g water_ha)" 2e-4
expect_rel "sensitive 0.04 ha" 0.04 "$(g other_unbuildable_ha)" 2e-4
expect_rel "park 0.4 ha" 0.4 "$(g park_ha)" 2e-4
expect_eq "free land as a valid geometry in the GeoJSON" 1 "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['features']))" "$T/r.geojson")"
"$ZG" reserve "$T/k.geojson" --landuse "$T/lu.geojson" --codes "$T/codes.csv" --residential "$T/h.geojson" \
  --parks "$T/p.geojson" --unbuildable residential,water -o "$T/r2.sqlite" -q
expect_rel "schools allowed: free 2.33 ha" 2.33 "$(q "$T/r2.sqlite" "SELECT free_ha FROM reserve")" 2e-4
"$ZG" reserve "$T/k.geojson" -o "$T/r3.sqlite" -q
expect_rel "no other input: everything free" 1 "$(q "$T/r3.sqlite" "SELECT free_ha / cluster_ha FROM reserve")" 1e-12
# A land-use map as the housing layer, with --residential-code-field: only
# its ONT parcel (1 ha) is housing, not the whole map; without the field
# every feature of it is (their union, 0..180 x 0..200: 3.6 ha).
"$ZG" reserve "$T/k.geojson" --residential "$T/lu.geojson" --residential-code-field ma_ldat \
  --codes "$T/codes.csv" -o "$T/r4.sqlite" -q
expect_rel "land-use map as housing: 1 ha (ONT only)" 1 "$(q "$T/r4.sqlite" "SELECT residential_ha FROM reserve")" 2e-4
expect_rel "and 3 ha free" 3 "$(q "$T/r4.sqlite" "SELECT free_ha FROM reserve")" 2e-4
"$ZG" reserve "$T/k.geojson" --residential "$T/lu.geojson" -o "$T/r5.sqlite" -q
expect_rel "the same map as footprints: all of it, 3.6 ha" 3.6 "$(q "$T/r5.sqlite" "SELECT residential_ha FROM reserve")" 2e-4
# Five clusters, each the layout above shifted 1 km east per cluster, with
# i + 1 house footprints (10 x 10 m, 0.01 ha each) in cluster i: free land
# 2.30 - 0.01 (i + 1) ha. Worked out per cluster on the threads: each
# row is its own cluster's, and 1 and 3 threads write the same bytes.
K5= L5= H5= P5=
for i in 0 1 2 3 4; do
  o=$((i * 1000)) s=,
  [ $i = 0 ] && s=
  K5+="$s$(box "\"ma_ccn\":\"K$i\"" $o 0 $((o + 200)) 200)"
  L5+="$s$(box '"ma_ldat":"ONT"' $o 0 $((o + 50)) 200),$(box '"ma_ldat":"SON"' $((o + 50)) 0 $((o + 180)) 20),$(box '"ma_ldat":"DGD"' $((o + 100)) 100 $((o + 120)) 120),$(box '"ma_ldat":"LUC"' $((o + 50)) 20 $((o + 180)) 200)"
  P5+="$s$(box "\"ma_kcn\":\"P$i\"" $((o + 180)) 0 $((o + 200)) 200)"
  for j in $(seq 0 $i); do
    [ -n "$H5" ] && H5+=,
    H5+="$(box '"h":1' $((o + 60)) $((60 + 20 * j)) $((o + 70)) $((70 + 20 * j)))"
  done
done
fc "$K5" > "$T/k5.geojson"; fc "$L5" > "$T/lu5.geojson"; fc "$H5" > "$T/h5.geojson"; fc "$P5" > "$T/p5.geojson"
for t in 1 3; do
  "$ZG" reserve "$T/k5.geojson" --landuse "$T/lu5.geojson" --codes "$T/codes.csv" --residential "$T/h5.geojson" \
    --parks "$T/p5.geojson" --threads $t -o "$T/r5_$t.sqlite" --geojson "$T/r5_$t.geojson" -q
done
for i in 0 1 2 3 4; do
  expect_rel "five clusters: K$i free $(echo "2.30 - 0.01 * ($i + 1)" | bc) ha" "$(echo "2.30 - 0.01 * ($i + 1)" | bc)" \
    "$(q "$T/r5_3.sqlite" "SELECT free_ha FROM reserve WHERE cluster_id = 'K$i'")" 2e-4
done
expect_eq "five clusters: 1 and 3 threads, the same rows" \
  "$(q "$T/r5_1.sqlite" "SELECT * FROM reserve")" "$(q "$T/r5_3.sqlite" "SELECT * FROM reserve")"
if cmp -s "$T/r5_1.geojson" "$T/r5_3.geojson"; then
  ok "five clusters: 1 and 3 threads, the same GeoJSON bytes"
else
  bad "five clusters: the GeoJSON differs between 1 and 3 threads"
fi
expect_exit "unknown role" 2 "unknown land-use role 'beach'" -- "$ZG" reserve "$T/k.geojson" --unbuildable water,beach -o "$T/x.sqlite"
finish
