# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Issue 18 item 6: one map, one title. `report` takes --title and the
# boundaries layer as `map` does; the report of a run shows the
# scenario's title and boundaries; the boundaries' legend says what the
# layer is ("Ranh giới hành chính", or the scenario's boundaries_label),
# since districts are no administrative unit after 1 July 2025.
# The boundaries are counted in the inline SVG by their stroke colour
# (60 % grey, the districts' style; no other layer uses it), against the
# feature count OGR gives.
. "$(dirname "$0")/lib.sh"
D="$GEO/real/dvhcvn/hanoi_districts.geojson"
nd=$(/usr/bin/python3 -c "from osgeo import ogr; import sys; ds = ogr.Open(sys.argv[1]); print(ds.GetLayer(0).GetFeatureCount())" "$D")
grey() { grep -o 'stroke:rgb(60%,60%,60%)' "$1" | wc -l; }
label() { python3 -c "import re,sys,html; m=re.search(r'<svg[^>]*aria-label=\"([^\"]*)\"', open(sys.argv[1], encoding='utf-8').read()); print(html.unescape(m.group(1)) if m else '')" "$1"; }
cap() { python3 -c "import re,sys,html; m=re.search(r'<figcaption>(.*?)</figcaption>', open(sys.argv[1], encoding='utf-8').read(), re.S); print(html.unescape(re.sub('<[^>]+>', '', m.group(1))) if m else '')" "$1"; }

"$ZG" overlaps "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/ov.sqlite" -q
"$ZG" report "$T/ov.sqlite" -o "$T/plain.html" -q
expect_eq "no boundaries without --districts" 0 "$(grey "$T/plain.html")"
expect_eq "the default title on the report's map" "Cụm công nghiệp Hà Nội" "$(label "$T/plain.html")"
"$ZG" report "$T/ov.sqlite" -o "$T/t.html" -q --title "Cụm <CN> thử" --districts "$D"
expect_eq "report --title: the map's title" "Cụm <CN> thử" "$(label "$T/t.html")"
expect_true "report --districts: every boundary drawn (and its legend swatch)" bash -c "[[ $(grey "$T/t.html") -ge $nd ]]"
case $(cap "$T/t.html") in
  *"Lớp ranh giới: Ranh giới hành chính."*) ok "the boundaries named 'Ranh giới hành chính'" ;;
  *) bad "caption: $(cap "$T/t.html")" ;;
esac
"$ZG" report "$T/ov.sqlite" -o "$T/l.html" -q --districts "$D" --boundaries-label "Ranh giới xã, phường" --lang en
case $(cap "$T/l.html") in
  *"Boundaries layer: Ranh giới xã, phường."*) ok "report --boundaries-label" ;;
  *) bad "caption: $(cap "$T/l.html")" ;;
esac
expect_exit "report --districts-encoding without --districts" 2 "districts" -- \
  "$ZG" report "$T/ov.sqlite" -o "$T/x.html" --districts-encoding cp1258
expect_exit "report --title twice" 2 "title" -- \
  "$ZG" report "$T/ov.sqlite" -o "$T/x.html" --title a --title b

# map: the legend's label is drawn (the pixels differ from the default).
"$ZG" map "$T/ov.sqlite" -o "$T/m1.png" -q --districts "$D"
"$ZG" map "$T/ov.sqlite" -o "$T/m2.png" -q --districts "$D" --boundaries-label "Ranh giới xã, phường"
"$ZG" map "$T/ov.sqlite" -o "$T/m3.png" -q --districts "$D" --boundaries-label "Ranh giới xã, phường"
expect_true "map --boundaries-label changes the legend" bash -c "! cmp -s '$T/m1.png' '$T/m2.png'"
expect_true "and is deterministic" bash -c "cmp -s '$T/m2.png' '$T/m3.png'"

# run: the report's map has the scenario's title and boundaries.
cat > "$T/s.scenario" <<SC
title = Thử nghiệm tiêu đề
clusters = $GEO/demo/hanoi_clusters_vn2000.shp
districts = $D
boundaries_label = Ranh giới xã, phường (thử)
SC
"$ZG" run "$T/s.scenario" -o "$T/run" -q
expect_eq "run: the report's map has the scenario's title" "Thử nghiệm tiêu đề" "$(label "$T/run/report.html")"
expect_true "run: the report's map has the boundaries" bash -c "[[ $(grey "$T/run/report.html") -ge $nd ]]"
case $(cap "$T/run/report.html") in
  *"Lớp ranh giới: Ranh giới xã, phường (thử)."*) ok "run: the scenario's boundaries_label" ;;
  *) bad "caption: $(cap "$T/run/report.html")" ;;
esac
finish
