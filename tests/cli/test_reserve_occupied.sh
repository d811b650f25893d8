# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Occupied land is not free (issue 16 C9). By hand, EPSG:5897 metres
# relative to E 588000, N 2326000. Cluster K = 0..200 x 0..200 (4 ha):
#   ONT (housing land)                 0..50  x 0..200   1 ha
#   SKN (industrial land: buildable)   50..200 x 0..200
#   buildings (one layer):  120..140 x 20..40    0.04 ha
#                           150..190 x 100..150  0.2 ha
#                           150..170 x 100..120  inside the last: once
#                           190..210 x 0..10     half outside: 0.01 ha
#   leased plots (another): 100..200 x 140..200  0.6 ha, of which
#                           150..190 x 140..150 (0.04 ha) is built on
# Occupied = 0.04 + 0.2 + 0.01 + 0.6 - 0.04 = 0.81 ha; free = 4 - 1 -
# 0.81 = 2.19 ha (3 ha without --occupied: the SKN land looked free).
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
box() { local x0=$((588000 + $2)) y0=$((2326000 + $3)) x1=$((588000 + $4)) y1=$((2326000 + $5))
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" $x0 $y0 $x1 $y0 $x1 $y1 $x0 $y1 $x0 $y0; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
fc "$(box '"ma_ccn":"K"' 0 0 200 200)" > "$T/k.geojson"
fc "$(box '"ma_ldat":"ONT"' 0 0 50 200),$(box '"ma_ldat":"SKN"' 50 0 200 200)" > "$T/lu.geojson"
fc "$(box '"b":1' 120 20 140 40),$(box '"b":2' 150 100 190 150),$(box '"b":3' 150 100 170 120),$(box '"b":4' 190 0 210 10)" > "$T/bld.geojson"
fc "$(box '"lease":"L1"' 100 140 200 200)" > "$T/lease.geojson"
printf 'code,role\nONT,residential\nSKN,industrial\n' > "$T/codes.csv"
"$ZG" reserve "$T/k.geojson" --landuse "$T/lu.geojson" --codes "$T/codes.csv" -o "$T/r0.sqlite" -q
expect_rel "without --occupied: 3 ha free (the SKN land)" 3 "$(q "$T/r0.sqlite" "SELECT free_ha FROM reserve")" 2e-4
expect_eq "and no occupied_ha" 1 "$(q "$T/r0.sqlite" "SELECT occupied_ha IS NULL FROM reserve")"
"$ZG" reserve "$T/k.geojson" --landuse "$T/lu.geojson" --codes "$T/codes.csv" \
  --occupied "$T/bld.geojson" --occupied "$T/lease.geojson" -o "$T/r.sqlite" --geojson "$T/r.geojson" -q
expect_rel "occupied 0.81 ha (buildings and leases, overlaps once)" 0.81 "$(q "$T/r.sqlite" "SELECT occupied_ha FROM reserve")" 2e-4
expect_rel "free 2.19 ha" 2.19 "$(q "$T/r.sqlite" "SELECT free_ha FROM reserve")" 2e-4
expect_rel "free share 54.75 %" 54.75 "$(q "$T/r.sqlite" "SELECT free_pct FROM reserve")" 2e-4
expect_eq "both occupied layers in run_inputs" 2 "$(q "$T/r.sqlite" "SELECT count(*) FROM run_inputs WHERE role LIKE 'occupied_%'")"
ogr2ogr -f GPKG "$T/none.gpkg" "$T/lease.geojson" -nln none -where "1=0" 2>/dev/null
expect_exit "an empty occupied layer: a warning names it" 0 "occupied_1:none has no feature near the clusters" -- \
  "$ZG" reserve "$T/k.geojson" --landuse "$T/lu.geojson" --codes "$T/codes.csv" --occupied "$T/none.gpkg" -o "$T/r2.sqlite"
expect_eq "and the free land is not known" 1 "$(q "$T/r2.sqlite" "SELECT free_ha IS NULL AND occupied_ha IS NULL FROM reserve")"
expect_rel "while the housing is: 1 ha" 1 "$(q "$T/r2.sqlite" "SELECT residential_ha FROM reserve")" 2e-4
# The scenario key.
printf 'clusters = k.geojson\nlanduse = lu.geojson\ncodes = %s\noccupied = bld.geojson, lease.geojson\n' "$T/codes.csv" > "$T/s.scenario"
"$ZG" run "$T/s.scenario" -o "$T/out" >/dev/null 2>&1 || true
expect_rel "scenario occupied: free 2.19 ha" 2.19 "$(q "$T/out/results.sqlite" "SELECT free_ha FROM reserve" 2>/dev/null || echo 0)" 2e-4
expect_eq "the report shows the occupied column" 1 "$(grep -c 'Đã có nhà xưởng, đã cho thuê' "$T/out/report.html" 2>/dev/null || true)"
expect_eq "the report says the free land rests on buildings and leases" "1 0" \
  "$(grep -c 'Dựa trên: bản đồ sử dụng đất; nhà xưởng và đất đã cho thuê' "$T/out/report.html" 2>/dev/null || true) $(grep -c 'Không có lớp nhà xưởng' "$T/out/report.html" 2>/dev/null || true)"
"$ZG" report "$T/r0.sqlite" --lang en -o "$T/r0.html" -q || true
expect_eq "and, without them, that it could not see factories" 1 \
  "$(grep -c 'No buildings or leased plots (--occupied): land factories already stand on counts as free' "$T/r0.html" 2>/dev/null || true)"
finish
