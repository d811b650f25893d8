# SPDX-License-Identifier: MIT
#
# Values and names from the data never become SQL or file paths: field
# names with quotes, semicolons and non-ASCII become quoted columns; text
# values are bound; epoch labels used in file names are sanitised.
. "$(dirname "$0")/lib.sh"
cat > "$T/evil.geojson" <<'J'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[
{"type":"Feature","properties":{"ma_ccn":"X'); DROP TABLE runs; --","a\"b":"q\"uote","x'; DROP TABLE clusters; --":1,"tên cụm":"Cụm \"A\" & 'B'"},
 "geometry":{"type":"Polygon","coordinates":[[[588000,2326000],[588100,2326000],[588100,2326100],[588000,2326100],[588000,2326000]]]}}]}
J
"$ZG" areas "$T/evil.geojson" -o "$T/e.sqlite" -q
expect_eq "runs table intact" 1 "$(q "$T/e.sqlite" "SELECT count(*) FROM runs")"
expect_eq "id kept as text" "X'); DROP TABLE runs; --" "$(q "$T/e.sqlite" "SELECT id FROM clusters")"
expect_eq "odd field names are columns" 'q"uote|1|Cụm "A" & '"'"'B'"'" \
  "$(q "$T/e.sqlite" "SELECT \"a\"\"b\", \"x'; DROP TABLE clusters; --\", \"tên cụm\" FROM clusters")"
mkdir "$T/gj"
"$ZG" encroach "$T/evil.geojson" --residential "$T/evil.geojson" --residential "$T/evil.geojson" \
  --epochs '../../x,a/b;c' --rings 10 -o "$T/n.sqlite" --geojson "$T/gj" -q
expect_eq "epoch labels sanitised in file names" "encroachment_new_______x_a_b_c.geojson" "$(cd "$T/gj" && echo *)"
expect_eq "nothing written outside the folder" "" "$(find "$T/.." "$T" -maxdepth 1 -name 'encroachment_new*' 2>/dev/null | head -1)"
finish
