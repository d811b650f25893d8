# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Overlaps worked out by hand: squares drawn in EPSG:5897 metres.
#   A  588000..588100 x 2326000..2326100   (1 ha)
#   B  588050..588150 x 2326000..2326100   overlaps A on 50 x 100 = 5000 m²
#   C  588100..588200 x 2326100..2326200   touches A at a corner only
#   D  588000..588100 x 2326100..2326200   shares A's top edge only
#   E  587999.5..588000.5 x 2326050..2326050.5: overlaps A by 0.5 x 0.5 m,
#      a sliver under the default 1 m²
# Expected: one overlap (A, B) and one sliver (A, E); C and D are not
# overlaps. The overlap's ellipsoidal area is checked against
# GeographicLib's Planimeter on the corners transformed by PROJ's cs2cs.
. "$(dirname "$0")/lib.sh"
sq() { # id x0 y0 x1 y1
  printf '{"type":"Feature","properties":{"ma_ccn":"%s"},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" "$2" "$3" "$4" "$3" "$4" "$5" "$2" "$5" "$2" "$3"
}
{
  printf '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":['
  sq B 588050 2326000 588150 2326100; printf ','
  sq A 588000 2326000 588100 2326100; printf ','
  sq C 588100 2326100 588200 2326200; printf ','
  sq D 588000 2326100 588100 2326200; printf ','
  sq E 587999.5 2326050 588000.5 2326050.5
  printf ']}'
} > "$T/squares.geojson"
"$ZG" overlaps "$T/squares.geojson" -o "$T/o.sqlite" --geojson "$T/o.geojson" -q
expect_eq "one overlap, ordered id_a < id_b" "A|B" "$(q "$T/o.sqlite" "SELECT id_a, id_b FROM cluster_overlaps")"
expect_eq "one sliver (A, E)" "A|E" "$(q "$T/o.sqlite" "SELECT id_a, id_b FROM cluster_overlap_slivers")"
expect_eq "overlap_count flags A and B (slivers not counted)" "A:1 B:1 C:0 D:0 E:0" \
  "$(q "$T/o.sqlite" "SELECT group_concat(id || ':' || overlap_count, ' ') FROM (SELECT * FROM clusters ORDER BY id)")"
# 1 m² threshold: the sliver is 0.25 m² in the plane.
sl=$(q "$T/o.sqlite" "SELECT printf('%.10f', overlap_ha * 1e4) FROM cluster_overlap_slivers")
expect_rel "sliver area 0.25 m² (plane) within 0.02 %" 0.25 "$sl" 2e-4
ref=$(printf '588050 2326000\n588100 2326000\n588100 2326100\n588050 2326100\n' |
  cs2cs -f %.12f EPSG:5897 EPSG:4326 | awk '{print $1, $2}' | Planimeter -p 10 | awk '{print ($3 < 0 ? -$3 : $3)}')
got=$(q "$T/o.sqlite" "SELECT printf('%.10f', overlap_ha * 1e4) FROM cluster_overlaps")
expect_rel "overlap A-B equals Planimeter on its corners" "$ref" "$got" 1e-9
expect_rel "overlap A-B about 5000 m²" 5000 "$got" 2e-4
sa=$(q "$T/o.sqlite" "SELECT share_a_pct FROM cluster_overlaps")
sb=$(q "$T/o.sqlite" "SELECT share_b_pct FROM cluster_overlaps")
expect_rel "share of A is 50 %" 50 "$sa" 1e-5
expect_rel "share of B is 50 %" 50 "$sb" 1e-5
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['features']))" "$T/o.geojson")
expect_eq "GeoJSON holds the overlap, not the sliver" 1 "$n"
expect_exit "bad --min-overlap-m2" 2 "min-overlap-m2" -- "$ZG" overlaps "$T/squares.geojson" -o "$T/x.sqlite" --min-overlap-m2 -3
# With a threshold of 0, the sliver is an overlap.
"$ZG" overlaps "$T/squares.geojson" -o "$T/z.sqlite" --min-overlap-m2 0 -q
expect_eq "threshold 0 keeps the sliver as an overlap" 2 "$(q "$T/z.sqlite" "SELECT count(*) FROM cluster_overlaps")"
finish
