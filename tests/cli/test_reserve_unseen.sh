# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# What the free land could not see, per cluster (issue 16 C9). EPSG:5897
# metres, relative to E 588000, N 2326000:
#   A = 0..400 x 0..400 (16 ha). The land-use map covers its west half:
#       SKN 0..200 x 0..200 (4 ha), ONT 0..200 x 200..400 (4 ha). Covered
#       share 50 % (by hand; on the ellipsoid the ratio of the two halves'
#       geodesic areas, computed below with pyproj); the east half, 8 ha,
#       is on no map and counts as free: free = 16 - 4 (ONT) = 12 ha.
#   B = 3000..3400 x 0..400: no parcel at all: free land unknown (NULL),
#       covered 0 %.
# Without --landuse: no covered share, and the unseen text says so.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
box() { local x0=$((588000 + $2)) y0=$((2326000 + $3)) x1=$((588000 + $4)) y1=$((2326000 + $5))
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" $x0 $y0 $x1 $y0 $x1 $y1 $x0 $y1 $x0 $y0; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
fc "$(box '"ma_ccn":"A"' 0 0 400 400),$(box '"ma_ccn":"B"' 3000 0 3400 400)" > "$T/k.geojson"
fc "$(box '"ma_ldat":"SKN"' 0 0 200 200),$(box '"ma_ldat":"ONT"' 0 200 200 400)" > "$T/lu.geojson"
printf 'code,role\nONT,residential\nSKN,industrial\n' > "$T/codes.csv"

# The covered share on the ellipsoid: geodesic area of the west half over
# that of the whole (vertices to WGS 84 with pyproj).
share=$("$PY" <<'EOF'
from pyproj import Geod, Transformer
t = Transformer.from_crs("EPSG:5897", "EPSG:4326", always_xy=True)
g = Geod(ellps="WGS84")
def area(x0, y0, x1, y1):
    ll = [t.transform(588000 + x, 2326000 + y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    return abs(g.polygon_area_perimeter([p[0] for p in ll], [p[1] for p in ll])[0])
print("%.12f" % (100 * area(0, 0, 200, 400) / area(0, 0, 400, 400)))
EOF
)
expect_rel "fixture: the covered share on the ellipsoid is 50 % to 1e-5" 50 "$share" 1e-5

"$ZG" reserve "$T/k.geojson" --landuse "$T/lu.geojson" --codes "$T/codes.csv" -o "$T/r.sqlite" --overwrite 2>"$T/r.err"
g() { q "$T/r.sqlite" "SELECT $2 FROM reserve WHERE cluster_id = '$1'"; }
# 5e-7: PROJ's two VN-2000 -> WGS 84 operations differ by about 1e-7.
expect_rel "A: the land-use map covers half of it" "$share" "$(g A landuse_cover_pct)" 5e-7
expect_rel "A: free 12 ha (the unmapped half counts as free)" 12 "$(g A free_ha)" 2e-4
expect_eq "A: unseen names the unmapped 8 ha and the missing occupied layer" \
  "8.00 ha not on the land-use map, counted as free; no occupied layer: land factories stand on counts as free" \
  "$(g A unseen)"
expect_eq "B: no parcel: free land unknown (NULL), not 100 %; covered 0 %" "1|1|0.0" \
  "$(g B "free_ha IS NULL, free_pct IS NULL, printf('%.1f', landuse_cover_pct)")"
expect_eq "B: unseen says so" "no land-use parcel in the cluster: free land unknown" \
  "$(g B unseen | sed 's/; no occupied layer.*//')"

# Without a land-use map.
"$ZG" reserve "$T/k.geojson" --residential "$T/lu.geojson" -o "$T/n.sqlite" -q 2>/dev/null
expect_eq "no map: no covered share; unseen says water and unbuildable land were not taken out" "1|1" \
  "$(q "$T/n.sqlite" "SELECT landuse_cover_pct IS NULL, unseen LIKE 'no land-use map: water and unbuildable land not taken out%' FROM reserve WHERE cluster_id = 'A'")"

# The report shows the covered share per cluster.
"$ZG" report "$T/r.sqlite" -o "$T/r.html" --lang en 2>/dev/null
expect_eq "report (en): the covered-share column and its note" "1 1" \
  "$(grep -c 'Covered by the land-use map (%)' "$T/r.html") $(grep -c 'for a cluster no parcel reaches, the free land is not known' "$T/r.html")"
"$ZG" report "$T/r.sqlite" -o "$T/r_vi.html" 2>/dev/null
expect_eq "report (vi): the column, with A's 50,0" "1 1" \
  "$(grep -c 'Bản đồ sử dụng đất phủ (%)' "$T/r_vi.html") $(grep -c '>50,0<' "$T/r_vi.html")"
finish
