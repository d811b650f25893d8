# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# An empty layer is not evidence (issue 16 B6). One 400 x 400 m proposal P
# (EPSG:5897, at E 580000, N 2320000). A land-use or housing layer with no
# feature, or with features only 20 km away, says nothing about it: the
# rules that read it are `skipped` with the reason and a warning names the
# layer; `reserve` leaves the free land empty instead of 100 %. A layer
# that does cover P with other codes (SKN) is evidence: R4 and R7 pass.
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
box() { local x0=$((580000 + $2)) y0=$((2320000 + $3)) x1=$((580000 + $4)) y1=$((2320000 + $5))
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" $x0 $y0 $x1 $y0 $x1 $y1 $x0 $y1 $x0 $y0; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
fc "$(box '"ma":"P","lang_nghe":0,"mien_nui":0' 0 0 400 400)" > "$T/p.geojson"
fc "$(box '"ma_ldat":"LUC"' 0 0 100 100)" > "$T/one.geojson"
ogr2ogr -f GPKG "$T/empty.gpkg" "$T/one.geojson" -nln empty -where "1=0" 2>/dev/null
expect_eq "the empty layer has no feature" "Feature Count: 0" "$(ogrinfo -so "$T/empty.gpkg" empty | grep -o 'Feature Count: .*')"
fc "$(box '"ma_ldat":"LUC"' 20000 0 20400 400),$(box '"ma_ldat":"ONT"' 20000 500 20010 510)" > "$T/far.geojson"
fc "$(box '"ma_ldat":"SKN"' -50 -50 450 450)" > "$T/skn.geojson"
printf 'code,role\nLUC,protected_agri\nONT,residential\nSKN,industrial\n' > "$T/codes.csv"
v() { q "$1" "SELECT group_concat(verdict, ' ') FROM (SELECT verdict FROM proposal_checks WHERE rule_id IN ('R4', 'R7', 'R9', 'R10') ORDER BY rule_id)"; }

# Land use with no feature, housing from it: R4, R7, R9, R10 skipped.
expect_exit "empty land-use layer: a warning names it" 0 "warning: landuse:empty has no parcel near the proposals" -- \
  "$ZG" check "$T/p.geojson" --landuse "$T/empty.gpkg" --codes "$T/codes.csv" -o "$T/e.sqlite"
expect_eq "empty land use: R10 R4 R7 R9 skipped (not pass)" "skipped skipped skipped skipped" "$(v "$T/e.sqlite")"
expect_eq "the detail says why" 1 "$(q "$T/e.sqlite" "SELECT detail LIKE '%land-use layer has no parcel near the proposals%' AND detail_vi LIKE '%không phải là bằng chứng%' FROM proposal_checks WHERE rule_id = 'R7'")"
expect_eq "the proposal is not fully assessed" skipped "$(q "$T/e.sqlite" "SELECT verdict FROM proposals")"
expect_eq "qa_log names the empty layer" 1 "$(q "$T/e.sqlite" "SELECT count(*) > 0 FROM qa_log WHERE layer = 'landuse:empty' AND problem = 'the layer has no feature'")"
# Land use of another place (20 km east): the same.
"$ZG" check "$T/p.geojson" --landuse "$T/far.geojson" --codes "$T/codes.csv" -o "$T/f.sqlite" 2>"$T/f.err"
expect_eq "land use 20 km away: R10 R4 R7 R9 skipped" "skipped skipped skipped skipped" "$(v "$T/f.sqlite")"
expect_eq "and a warning names it" 1 "$(grep -c 'warning: landuse:far has no parcel near the proposals' "$T/f.err")"
# Land use over P, of another code: evidence of no rice land, no housing.
"$ZG" check "$T/p.geojson" --landuse "$T/skn.geojson" --codes "$T/codes.csv" -o "$T/s.sqlite" 2>"$T/s.err"
expect_eq "SKN over the proposal: R10 R4 R7 R9 pass" "pass pass pass pass" "$(v "$T/s.sqlite")"
expect_eq "no warning about the layer then" 0 "$(grep -c 'warning:.*\(no feature\|no parcel\|near any\)' "$T/s.err" || true)"
# Housing footprints with no feature: R4, R9, R10 skipped; R7 still read
# from the land use.
expect_exit "empty housing layer: a warning names it" 0 "warning: residential_1:empty has no feature near the proposals" -- \
  "$ZG" check "$T/p.geojson" --residential "$T/empty.gpkg" --landuse "$T/skn.geojson" --codes "$T/codes.csv" -o "$T/h.sqlite"
expect_eq "empty housing: R10 R4 R9 skipped, R7 pass" "skipped skipped pass skipped" "$(v "$T/h.sqlite")"
expect_eq "the detail says why" 1 "$(q "$T/h.sqlite" "SELECT detail LIKE '%housing layer has no feature near the proposals%' FROM proposal_checks WHERE rule_id = 'R4'")"
# Two dates, the first empty: growth (R13) cannot be told; the latest
# covers P, so R4 passes.
"$ZG" check "$T/p.geojson" --residential "$T/empty.gpkg" --residential "$T/skn.geojson" \
  --residential-code-field ma_ldat --codes "$T/codes.csv" -o "$T/g.sqlite" -q
expect_eq "first date empty: R13 skipped, R4 pass" "skipped pass" \
  "$(q "$T/g.sqlite" "SELECT (SELECT verdict FROM proposal_checks WHERE rule_id = 'R13') || ' ' || (SELECT verdict FROM proposal_checks WHERE rule_id = 'R4')")"

# reserve: not 100 % free over an empty or faraway land-use layer.
expect_exit "reserve over an empty land-use layer: a warning names it" 0 "warning: landuse:empty has no feature near the clusters" -- \
  "$ZG" reserve "$T/p.geojson" --landuse "$T/empty.gpkg" --codes "$T/codes.csv" -o "$T/r1.sqlite"
expect_eq "free land unknown (NULL), not 100 %" "1 1 1" "$(q "$T/r1.sqlite" "SELECT (free_ha IS NULL) || ' ' || (free_pct IS NULL) || ' ' || (geom IS NULL) FROM reserve")"
"$ZG" reserve "$T/p.geojson" --landuse "$T/far.geojson" --codes "$T/codes.csv" -o "$T/r2.sqlite" -q
expect_eq "land use 20 km away: free land unknown" 1 "$(q "$T/r2.sqlite" "SELECT free_ha IS NULL FROM reserve")"
"$ZG" reserve "$T/p.geojson" --residential "$T/empty.gpkg" -o "$T/r3.sqlite" -q
expect_eq "empty housing layer: free land unknown" 1 "$(q "$T/r3.sqlite" "SELECT free_ha IS NULL FROM reserve")"
"$ZG" reserve "$T/p.geojson" --landuse "$T/skn.geojson" --codes "$T/codes.csv" -o "$T/r4.sqlite" -q
expect_eq "SKN over the cluster: all of it free (by hand: nothing unbuildable)" 1 "$(q "$T/r4.sqlite" "SELECT free_ha = cluster_ha FROM reserve")"
finish
