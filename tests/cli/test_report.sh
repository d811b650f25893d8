# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Maps and the planner's report, read from results databases that the
# real commands write on the demo data:
#   ov.sqlite   `overlaps` on the demo clusters (clusters, one overlap, QA)
#   run/        `run` on the bundled scenario (every table, and the map and
#               report that a run adds)
#   evil.sqlite `areas` on a layer whose name, id and file name are markup
#               and quotes, with a control character and a bow-tie (so
#               that the id also lands in qa_log)
# The files are checked with tools that are not zoneguard's: a PNG decoder
# and html.parser (report_check.py), the PDF's MediaBox, XML parsing of
# the SVG. Headless Chromium renders the reports in
# test_report_browser.sh and prints them in test_report_print.sh (both
# run once, in the plain build).
. "$(dirname "$0")/lib.sh"
CHECK="python3 $ZG_ROOT/tests/cli/report_check.py"
# A4 and A3 landscape in points, and PNG pixels at 150 dpi.
A4="841.89 595.28"; A3="1190.55 841.89"
# The map's frame on an A4 PNG, in pixels: the legend's swatches (which
# have the same colours) are outside it.
FRAME=box=60,156,1260,1180

# check WHAT -- command...: ok when the command exits 0, its output shown.
check() {
  local what=$1 out rc=0; shift 2
  out=$("$@" 2>&1) || rc=$?
  if [[ $rc -eq 0 ]]; then ok "$what: $out"; else bad "$what: $out"; fi
}
# has WHAT FILE TEXT / hasnt WHAT FILE TEXT: fixed text in a file.
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: '$3' not in $2"; fi; }
hasnt() { if grep -qiF -- "$3" "$2"; then bad "$1: '$3' found in $2"; else ok "$1"; fi; }

"$ZG" overlaps "$GEO/demo/hanoi_clusters_vn2000.shp" --declared-field dien_tich -o "$T/ov.sqlite" -q

# ---- the map ------------------------------------------------------------

"$ZG" map "$T/ov.sqlite" -o "$T/m.png" 2> "$T/map.err"
# Orange clusters (255,165,60 at 90 % over the map's paper: 255,174,79)
# and the red overlap (220,30,30) must be in the frame, with the
# antialiasing's many shades.
check "PNG A4 at 150 dpi, clusters and the overlap drawn" -- \
  $CHECK png "$T/m.png" 1754 1240 200 $FRAME 255,174,79,8,300 221,33,32,25,20
hasnt "Vietnamese labels: the font has every character" "$T/map.err" "lacks"
"$ZG" map "$T/ov.sqlite" -o "$T/m3.png" --page A3 -q
check "PNG A3 is 2480 x 1754" -- $CHECK png "$T/m3.png" 2480 1754 200
"$ZG" map "$T/ov.sqlite" -o "$T/m.pdf" --page A3 --lang en --title "Hà Nội: cụm công nghiệp" -q
check "PDF on A3 landscape, DejaVu Sans embedded" -- $CHECK pdf "$T/m.pdf" $A3
"$ZG" map "$T/ov.sqlite" -o "$T/m4.pdf" -q
check "PDF on A4 landscape by default" -- $CHECK pdf "$T/m4.pdf" $A4
"$ZG" map "$T/ov.sqlite" -o "$T/m.svg" -q
check "SVG is well-formed XML with the A4 viewBox" -- $CHECK svg "$T/m.svg" $A4
"$ZG" map "$T/ov.sqlite" -o "$T/d.png" --districts "$GEO/real/dvhcvn/hanoi_districts.geojson" -q
# District fill (0.955, 0.955, 0.945) covers much of the page.
check "districts drawn under the clusters" -- \
  $CHECK png "$T/d.png" 1754 1240 200 $FRAME 244,244,241,2,200000 255,174,79,8,150

expect_exit "unknown format" 2 "name the output .png, .pdf or .svg" -- "$ZG" map "$T/ov.sqlite" -o "$T/m.jpg"
expect_exit "unknown language" 2 "vi or en" -- "$ZG" map "$T/ov.sqlite" -o "$T/x.png" --lang fr
expect_exit "unknown page" 2 "A4 or A3" -- "$ZG" map "$T/ov.sqlite" -o "$T/x.png" --page A5
expect_exit "not a results database (no runs table)" 3 "no runs table.*hanoi_parks_vn2000.gpkg" -- \
  "$ZG" map "$GEO/demo/hanoi_parks_vn2000.gpkg" -o "$T/x.png"
expect_exit "not a database at all" 3 "README.md" -- "$ZG" report "$ZG_ROOT/README.md" -o "$T/x.html"
expect_exit "missing database" 3 "no such file" -- "$ZG" map "$T/none.sqlite" -o "$T/x.png"
expect_exit "missing districts layer" 3 "no_districts.shp" -- \
  "$ZG" map "$T/ov.sqlite" -o "$T/x.png" --districts "$T/no_districts.shp"
sum=$(sha256sum < "$T/m.png")
expect_exit "an existing map is kept" 6 "use --overwrite" -- "$ZG" map "$T/ov.sqlite" -o "$T/m.png" --page A3
expect_eq "the existing map is untouched" "$sum" "$(sha256sum < "$T/m.png")"
"$ZG" map "$T/ov.sqlite" -o "$T/m.png" --page A3 --overwrite -q
check "--overwrite replaces it" -- $CHECK png "$T/m.png" 2480 1754 200
expect_eq "no staging folder left" "" "$(ls -A "$T" | grep zoneguard-tmp || true)"

# ---- the report ---------------------------------------------------------

"$ZG" report "$T/ov.sqlite" -o "$T/r.html" -q
check "report: well-formed, lang vi, self-contained, inline SVG" -- $CHECK html "$T/r.html" vi
"$ZG" report "$T/ov.sqlite" -o "$T/r_en.html" --lang en -q
check "English report: lang en" -- $CHECK html "$T/r_en.html" en
has "English headings" "$T/r_en.html" "Overlaps between clusters"
has "Vietnamese headings" "$T/r.html" "Chồng lấn giữa các cụm"
missing=0
while IFS= read -r name; do
  grep -qF -- "$name" "$T/r.html" || { missing=$((missing + 1)); echo "  not in the report: $name"; }
done < <(q "$T/ov.sqlite" "SELECT DISTINCT name FROM clusters")
expect_eq "every cluster name, diacritics intact" 0 "$missing"
has "a name with a dash and diacritics" "$T/r.html" "Cụm công nghiệp Thạch Thán – Ngọc Mỹ"
total=$(q "$T/ov.sqlite" "SELECT printf('%.2f', total(area_ha)) FROM clusters")
has "English: the total area as the database says ($total ha)" "$T/r_en.html" "<td class=\"n\">$total</td>"
# Vietnamese writes 1.234,56: the same figure, its separators swapped.
total_vi=$(python3 -c "import sys; print(f'{float(sys.argv[1]):,.2f}'.translate(str.maketrans(',.', '.,')))" "$total")
has "Vietnamese: the total area written the Vietnamese way ($total_vi ha)" "$T/r.html" "<td class=\"n\">$total_vi</td>"
ov=$(q "$T/ov.sqlite" "SELECT printf('%.2f', overlap_ha) FROM cluster_overlaps")
has "the overlap's area ($ov ha)" "$T/r.html" "$ov"
sha=$(q "$T/ov.sqlite" "SELECT sha256 FROM run_inputs LIMIT 1")
has "provenance: the input's SHA-256" "$T/r.html" "$sha"
has "provenance: GDAL's version" "$T/r.html" "GDAL $(q "$T/ov.sqlite" "SELECT gdal_version FROM runs")"
has "data-quality log: the repaired cluster" "$T/r.html" "CCN-QO-03"
expect_exit "an existing report is kept" 6 "use --overwrite" -- "$ZG" report "$T/ov.sqlite" -o "$T/r.html"

# Every table: the bundled scenario through `run`, which also writes its
# map and report.
RUN=$(demo_run)
R="$RUN/results.sqlite"
"$ZG" report "$R" -o "$T/all.html" -q
check "report of every table: well-formed and self-contained" -- $CHECK html "$T/all.html" vi
for id in provenance map clusters overlaps landuse encroachment reserve proposals qa; do
  has "section $id" "$T/all.html" "<section id=\"$id\""
done
has "a rule's legal basis" "$T/all.html" "Nghị định 32/2024/NĐ-CP"
has "a failed proposal marked" "$T/all.html" "<span class=\"v v-fail\">Không đạt</span>"
# Rules that do not apply are said so, in the planner's language; the
# detail is Vietnamese too, built from the row's own value and threshold.
expect_eq "every n/a rule shown as 'Không áp dụng'" \
  "$(q "$R" "SELECT count(*) FROM proposal_checks WHERE verdict = 'n/a'")" \
  "$(grep -o '<span class="v v-na">Không áp dụng</span>' "$T/all.html" | wc -l)"
r1=$(q "$R" "SELECT printf('%.4f', value) FROM proposal_checks WHERE rule_id = 'R1' AND verdict <> 'n/a' ORDER BY pk LIMIT 1")
has "R1's detail in Vietnamese (${r1/./,} ha)" "$T/all.html" "diện tích trên mặt phẳng VN-2000 ${r1/./,} ha; cho phép từ 10 đến 75 ha"
hasnt "no English detail left in the Vietnamese report" "$T/all.html" "does not apply"
"$ZG" report "$R" -o "$T/all_en.html" --lang en -q
has "English report: n/a in English" "$T/all_en.html" "<span class=\"v v-na\">Not applicable</span>"
has "English report: R1's detail as stored" "$T/all_en.html" \
  "$(q "$R" "SELECT detail FROM proposal_checks WHERE rule_id = 'R1' AND verdict <> 'n/a' ORDER BY pk LIMIT 1")"
has "land-use roles in Vietnamese" "$T/all.html" "<td>Đất công nghiệp</td>"
n=$(q "$R" "SELECT count(*) FROM proposal_checks")
expect_eq "one row per proposal and rule" "$n" "$(grep -c '^<tr><td class="id">R[0-9]*</td>' "$T/all.html")"
# Housing at the latest date in the pink of ODT (255,160,255), drawn
# from the encroachment table's geometry.
check "run's own map.png, with the housing of the latest date" -- \
  $CHECK png "$RUN/map.png" 1754 1240 200 $FRAME 255,160,255,6,300
check "run's own map.pdf" -- $CHECK pdf "$RUN/map.pdf" $A4
check "run's own report.html" -- $CHECK html "$RUN/report.html" vi

# Markup, quotes and a control character in a name, an id and a file
# name: escaped everywhere, never raw.
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
EVIL="$T/evil<marquee>&\"q\".geojson"
cat > "$EVIL" <<J
{"type":"FeatureCollection",$CRS,"features":[
{"type":"Feature","properties":{"ma":"<blink>A</blink>","ten":"<script>alert(\"x\")</script> & 'Cụm'\u0007"},
 "geometry":{"type":"Polygon","coordinates":[[[588000,2326000],[588400,2326400],[588400,2326000],[588000,2326400],[588000,2326000]]]}},
{"type":"Feature","properties":{"ma":"B","ten":"Cụm công nghiệp Thạch Thất"},
 "geometry":{"type":"Polygon","coordinates":[[[589000,2326000],[589400,2326000],[589400,2326400],[589000,2326400],[589000,2326000]]]}}]}
J
"$ZG" areas "$EVIL" -o "$T/evil.sqlite" -q
expect_eq "the nasty id reached qa_log" 1 "$(q "$T/evil.sqlite" "SELECT count(*) FROM qa_log WHERE feature_id = '<blink>A</blink>'")"
"$ZG" report "$T/evil.sqlite" -o "$T/evil.html" -q
check "report with markup in the data: still well-formed" -- $CHECK html "$T/evil.html" vi
has "the name, escaped" "$T/evil.html" "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Cụm&#39;"
has "the id, escaped" "$T/evil.html" "&lt;blink&gt;A&lt;/blink&gt;"
has "the file name, escaped" "$T/evil.html" "evil&lt;marquee&gt;&amp;&quot;q&quot;.geojson"
has "a plain Vietnamese name beside it" "$T/evil.html" "Cụm công nghiệp Thạch Thất"
hasnt "no raw <script" "$T/evil.html" "<script"
hasnt "no raw <blink" "$T/evil.html" "<blink"
hasnt "no raw <marquee" "$T/evil.html" "<marquee"
hasnt "no raw single-quoted name" "$T/evil.html" "'Cụm'"
expect_eq "the control character is gone" 0 "$(tr -cd '\007' < "$T/evil.html" | wc -c)"
"$ZG" map "$T/evil.sqlite" -o "$T/evil.svg" 2> "$T/evil.err"
check "map of the same: well-formed SVG" -- $CHECK svg "$T/evil.svg" $A4
hasnt "the control character is no missing glyph on the map" "$T/evil.err" "lacks"

finish
