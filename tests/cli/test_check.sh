# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Proposed clusters built by hand (EPSG:5897 metres, 3 km apart), one per
# rule outcome, with the default rule table geodata/rules/hanoi_ccn.csv:
#   P1 400x400 m = 16 ha, nothing around            -> pass
#   P2 300x300 m = 9 ha, ordinary                   -> R1 fail (10..75)
#   P3 300x300 m = 9 ha, craft village (lang_nghe)  -> R2 pass (5..75)
#   P4 16 ha, a house inside                        -> R4, R9, R10 fail
#   P5 16 ha, a 1 ha LUC parcel inside              -> R7 warn
#   P6 16 ha, overlaps existing cluster E2 by 100 x 400 m = 4 ha -> R12 fail
#   P7 16 ha, hazard class V (50 m), house 60 m east; a new house 250 m
#      north at the second date                     -> R10 pass, R13 warn
#   P8 16 ha, hazard class IV (100 m), house 60 m east -> R10 fail
#   P9 16 ha, expands E1 (200x400 m = 8 ha)         -> R3 pass (24 ha),
#                                                     R14 warn (legacy < 10)
#   P10 a bow-tie: repaired, and its checks say so
#   P11 16 ha drawn as the whole enlarged E3 (E3 = its west half, 8 ha)
#                                                   -> R3 pass with 16 ha
#                                                     (the union, not 24),
#                                                     no R12 overlap with E3
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
X=580000; Y=2320000
box() { # props x0 y0 x1 y1
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" "$2" "$3" "$4" "$3" "$4" "$5" "$2" "$5" "$2" "$3"; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
ox() { echo $((X + ($1 - 1) * 3000)); }   # x origin of proposal k
p() { # k side props
  local x=$(ox "$1"); box "\"ma\":\"P$1\",\"lang_nghe\":0,\"mien_nui\":0${3:-}" "$x" "$Y" $((x + $2)) $((Y + $2)); }
{
  fc "$(p 1 400),$(p 2 300),$(p 3 300 ',"lang_nghe":1'),$(p 4 400),$(p 5 400),$(p 6 400),$(p 7 400 ',"hazard_class":"V"'),$(p 8 400 ',"hazard_class":"IV"'),$(p 9 400 ',"mo_rong":"E1"'),$(p 11 400 ',"mo_rong":"E3"'),$(printf '{"type":"Feature","properties":{"ma":"P10"},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' $(ox 10) $Y $(( $(ox 10) + 600)) $((Y + 600)) $(( $(ox 10) + 600)) $Y $(ox 10) $((Y + 600)) $(ox 10) $Y)"
} > "$T/proposals.geojson"
x6=$(ox 6); x9=$(ox 9); x11=$(ox 11)
fc "$(box '"ma_ccn":"E1"' $((x9 - 200)) $Y $x9 $((Y + 400))),$(box '"ma_ccn":"E2"' $((x6 + 300)) $Y $((x6 + 700)) $((Y + 400))),$(box '"ma_ccn":"E3"' $x11 $Y $((x11 + 200)) $((Y + 400)))" > "$T/existing.geojson"
x4=$(ox 4); x7=$(ox 7); x8=$(ox 8); x5=$(ox 5)
H4=$(box '"h":1' $((x4 + 100)) $((Y + 100)) $((x4 + 110)) $((Y + 110)))
H7=$(box '"h":2' $((x7 + 460)) $((Y + 100)) $((x7 + 470)) $((Y + 110)))
H8=$(box '"h":3' $((x8 + 460)) $((Y + 100)) $((x8 + 470)) $((Y + 110)))
N7=$(box '"h":4' $((x7 + 100)) $((Y + 650)) $((x7 + 110)) $((Y + 660)))
fc "$H4,$H7,$H8" > "$T/h2015.geojson"
fc "$H4,$H7,$H8,$N7" > "$T/h2025.geojson"
fc "$(box '"ma_ldat":"LUC"' $((x5 + 100)) $((Y + 100)) $((x5 + 200)) $((Y + 200)))" > "$T/landuse.geojson"
printf 'code,role\nLUC,protected_agri\nONT,residential\n' > "$T/codes.csv"

"$ZG" check "$T/proposals.geojson" --clusters "$T/existing.geojson" --landuse "$T/landuse.geojson" \
  --codes "$T/codes.csv" --residential "$T/h2015.geojson" --residential "$T/h2025.geojson" \
  -o "$T/c.sqlite" -q
v() { q "$T/c.sqlite" "SELECT verdict FROM proposal_checks WHERE proposal_id = '$1' AND rule_id = '$2'"; }
expect_eq "verdicts" "P1:pass P2:fail P3:pass P4:fail P5:warn P6:fail P7:warn P8:fail P9:warn P11:warn P10:pass" \
  "$(q "$T/c.sqlite" "SELECT group_concat(proposal_id || ':' || verdict, ' ') FROM (SELECT * FROM proposals ORDER BY fid)")"
expect_eq "P1 passes R1 with 16 ha" pass "$(v P1 R1)"
expect_rel "P1 area_plane_ha 16" 16 "$(q "$T/c.sqlite" "SELECT value FROM proposal_checks WHERE proposal_id = 'P1' AND rule_id = 'R1'")" 1e-9
expect_eq "P2 fails R1 (9 ha)" fail "$(v P2 R1)"
expect_eq "P2: R2 does not apply" n/a "$(v P2 R2)"
expect_eq "P3 (craft village) passes R2, R1 does not apply" "pass n/a" "$(v P3 R2) $(v P3 R1)"
expect_eq "a rule that does not apply carries no value" 1 "$(q "$T/c.sqlite" "SELECT value IS NULL FROM proposal_checks WHERE proposal_id = 'P2' AND rule_id = 'R2'")"
expect_eq "P4: house inside fails R4, R9, R10" "fail fail fail" "$(v P4 R4) $(v P4 R9) $(v P4 R10)"
expect_rel "P4 residential_ha = 100 m²" 0.01 "$(q "$T/c.sqlite" "SELECT residential_ha FROM proposals WHERE proposal_id = 'P4'")" 2e-4
expect_eq "P5 LUC taken: R7 warn" warn "$(v P5 R7)"
expect_rel "P5 luc_ha = 1 ha" 1 "$(q "$T/c.sqlite" "SELECT luc_ha FROM proposals WHERE proposal_id = 'P5'")" 2e-4
expect_eq "P6 overlaps E2: R12 fail" fail "$(v P6 R12)"
expect_rel "P6 overlap 4 ha" 4 "$(q "$T/c.sqlite" "SELECT cluster_overlap_ha FROM proposals WHERE proposal_id = 'P6'")" 2e-4
expect_eq "P7 class V at 60 m: R10 pass, R9 pass, growth R13 warn" "pass pass warn" "$(v P7 R10) $(v P7 R9) $(v P7 R13)"
expect_rel "P7 min distance 60 m" 60 "$(q "$T/c.sqlite" "SELECT min_dist_residential_m FROM proposals WHERE proposal_id = 'P7'")" 1e-9
expect_eq "P7's threshold from its hazard class" 50 "$(q "$T/c.sqlite" "SELECT threshold FROM proposal_checks WHERE proposal_id = 'P7' AND rule_id = 'R10'")"
expect_eq "P8 class IV at 60 m: R10 fail" fail "$(v P8 R10)"
expect_eq "P9 expansion: R3 pass, R14 warn (legacy 8 ha)" "pass warn" "$(v P9 R3) $(v P9 R14)"
expect_rel "P9 expansion total 24 ha" 24 "$(q "$T/c.sqlite" "SELECT value FROM proposal_checks WHERE proposal_id = 'P9' AND rule_id = 'R3'")" 1e-9
expect_eq "P1 is no expansion: R3 does not apply, with the reason" 1 "$(q "$T/c.sqlite" "SELECT verdict = 'n/a' AND detail LIKE '%not an expansion%' FROM proposal_checks WHERE proposal_id = 'P1' AND rule_id = 'R3'")"
expect_eq "P11 drawn as the whole enlarged cluster: R3 pass, R14 warn (E3 8 ha)" "pass warn" "$(v P11 R3) $(v P11 R14)"
expect_rel "P11 expansion total: the union, 16 ha (not 16 + 8)" 16 "$(q "$T/c.sqlite" "SELECT value FROM proposal_checks WHERE proposal_id = 'P11' AND rule_id = 'R3'")" 1e-9
expect_eq "P11 does not overlap the cluster it expands (R12 pass)" "pass 0.0" "$(v P11 R12) $(q "$T/c.sqlite" "SELECT printf('%.1f', cluster_overlap_ha) FROM proposals WHERE proposal_id = 'P11'")"
expect_eq "P10 repaired, and its details say so" 1 "$(q "$T/c.sqlite" "SELECT count(*) = (SELECT count(*) FROM proposal_checks WHERE proposal_id = 'P10') FROM proposal_checks WHERE proposal_id = 'P10' AND detail LIKE '%repaired (see qa_log)%'")"
expect_eq "P10's repair in qa_log" 1 "$(q "$T/c.sqlite" "SELECT count(*) FROM qa_log WHERE feature_id = 'P10' AND action LIKE 'repaired%'")"
expect_eq "evidence: house inside P4, LUC in P5, overlap P6-E2" "P4:housing_inside P5:luc_taken P6:existing_cluster:E2" \
  "$(q "$T/c.sqlite" "SELECT group_concat(proposal_id || ':' || kind || coalesce(':' || other_id, ''), ' ') FROM (SELECT * FROM proposal_evidence ORDER BY proposal_id, kind)")"
expect_eq "legal source and Vietnamese description carried" 1 "$(q "$T/c.sqlite" "SELECT source LIKE 'Nghị định 32/2024%' AND description_vi LIKE 'Diện tích%' FROM proposal_checks WHERE rule_id = 'R1' LIMIT 1")"

# Only the proposals: the rules that need other inputs are skipped, with why.
"$ZG" check "$T/proposals.geojson" -o "$T/only.sqlite" -q
expect_eq "R4, R7, R12, R13 skipped without their inputs" "skipped skipped skipped skipped" \
  "$(q "$T/only.sqlite" "SELECT group_concat(verdict, ' ') FROM proposal_checks WHERE proposal_id = 'P1' AND rule_id IN ('R4', 'R7', 'R12', 'R13')")"
expect_eq "the reason is given" 1 "$(q "$T/only.sqlite" "SELECT detail LIKE '%needs --landuse%' FROM proposal_checks WHERE proposal_id = 'P1' AND rule_id = 'R7'")"
expect_eq "P2 still fails R1" fail "$(q "$T/only.sqlite" "SELECT verdict FROM proposals WHERE proposal_id = 'P2'")"
expect_eq "P1 is not 'pass' when rules could not be assessed: skipped" skipped "$(q "$T/only.sqlite" "SELECT verdict FROM proposals WHERE proposal_id = 'P1'")"
expect_eq "P9 expands E1 but no --clusters: R3 skipped, saying so" 1 "$(q "$T/only.sqlite" "SELECT verdict = 'skipped' AND detail LIKE '%needs --clusters%' FROM proposal_checks WHERE proposal_id = 'P9' AND rule_id = 'R3'")"

# Housing from the land-use map when no residential layer is given: an
# ONT parcel 60 m east of P1 (and one inside P4) is housing for R4, R9
# and R10 (class I: 1000 m).
x1=$(ox 1)
fc "$(box '"ma_ldat":"ONT"' $((x1 + 460)) $((Y + 100)) $((x1 + 470)) $((Y + 110))),$(box '"ma_ldat":"ONT"' $((x4 + 100)) $((Y + 100)) $((x4 + 110)) $((Y + 110)))" > "$T/lu_ont.geojson"
"$ZG" check "$T/proposals.geojson" --landuse "$T/lu_ont.geojson" --codes "$T/codes.csv" -o "$T/lu.sqlite" -q
expect_rel "P1: distance to the ONT parcel, 60 m" 60 "$(q "$T/lu.sqlite" "SELECT min_dist_residential_m FROM proposals WHERE proposal_id = 'P1'")" 1e-9
expect_eq "P1: R9 pass, R10 fail (60 m < 1000 m)" "pass fail" "$(q "$T/lu.sqlite" "SELECT group_concat(verdict, ' ') FROM (SELECT verdict FROM proposal_checks WHERE proposal_id = 'P1' AND rule_id IN ('R9', 'R10') ORDER BY rule_id DESC)")"
expect_eq "P4: ONT inside fails R4 (100 m²)" "fail 0.0100" "$(q "$T/lu.sqlite" "SELECT verdict, printf('%.4f', value) FROM proposal_checks WHERE proposal_id = 'P4' AND rule_id = 'R4'" | tr '|' ' ')"
expect_eq "growth still needs two dates" skipped "$(q "$T/lu.sqlite" "SELECT verdict FROM proposal_checks WHERE proposal_id = 'P1' AND rule_id = 'R13'")"

# A distance threshold beyond the outermost ring: housing is looked for
# that far. Class I at 1500 m; one house 1200 m east of P1 (the nearest
# other proposal, P2, is 1390 m from it).
sed 's/hazard:I=1000/hazard:I=1500/' "$GEO/rules/hanoi_ccn.csv" > "$T/far_rules.csv"
fc "$(box '"h":9' $((x1 + 1600)) $((Y + 100)) $((x1 + 1610)) $((Y + 110)))" > "$T/far.geojson"
"$ZG" check "$T/proposals.geojson" --residential "$T/far.geojson" --rules "$T/far_rules.csv" -o "$T/far.sqlite" -q
expect_eq "P1: a house at 1200 m fails a 1500 m distance" fail "$(q "$T/far.sqlite" "SELECT verdict FROM proposal_checks WHERE proposal_id = 'P1' AND rule_id = 'R10'")"
expect_rel "P1: measured 1200 m" 1200 "$(q "$T/far.sqlite" "SELECT min_dist_residential_m FROM proposals WHERE proposal_id = 'P1'")" 1e-9
expect_eq "P6 (4.4 km away): none within 1500 m, R10 pass" "pass" "$(q "$T/far.sqlite" "SELECT verdict FROM proposal_checks WHERE proposal_id = 'P6' AND rule_id = 'R10'")"
expect_eq "R13 growth stays on the user's rings" 1 "$(q "$T/far.sqlite" "SELECT count(*) = 0 FROM proposal_checks WHERE rule_id = 'R13' AND detail LIKE '%1500%'")"

# A rules file with a bad row names the line.
head -3 "$GEO/rules/hanoi_ccn.csv" > "$T/bad_rules.csv"
echo 'R99,x,y,area_plane_ha,about,10,fail,nowhere,' >> "$T/bad_rules.csv"
expect_exit "bad comparison in the rules names the line" 3 "unknown comparison 'about'.*line 4.*bad_rules.csv" -- \
  "$ZG" check "$T/proposals.geojson" --rules "$T/bad_rules.csv" -o "$T/x.sqlite"
head -2 "$GEO/rules/hanoi_ccn.csv" > "$T/bad2.csv"
echo 'R98,x,y,area_km2,<=,10,fail,nowhere,' >> "$T/bad2.csv"
expect_exit "unknown measure names the line" 3 "unknown measure 'area_km2' on line 3" -- \
  "$ZG" check "$T/proposals.geojson" --rules "$T/bad2.csv" -o "$T/x.sqlite"
# --rings: the growth bands. With 50 and 100 m, P7's new house 250 m
# north is outside them (R13 pass), while the distance rules still see
# housing out to 1000 m (P8's house at 60 m fails R10 as before).
"$ZG" check "$T/proposals.geojson" --residential "$T/h2015.geojson" --residential "$T/h2025.geojson" \
  --rings 50,100 -o "$T/r.sqlite" -q
expect_eq "--rings 50,100: P7 growth R13 pass, P8 R10 still fail" "pass fail" \
  "$(q "$T/r.sqlite" "SELECT (SELECT verdict FROM proposal_checks WHERE proposal_id = 'P7' AND rule_id = 'R13') || ' ' || (SELECT verdict FROM proposal_checks WHERE proposal_id = 'P8' AND rule_id = 'R10')")"
expect_exit "decreasing --rings" 2 "increasing" -- "$ZG" check "$T/proposals.geojson" --residential "$T/h2015.geojson" --rings 100,50 -o "$T/x.sqlite"
expect_exit "--rings not numbers" 2 "got 'abc'" -- "$ZG" check "$T/proposals.geojson" --rings 50,abc -o "$T/x.sqlite"
{ cat "$GEO/rules/hanoi_ccn.csv"; grep '^R4,' "$GEO/rules/hanoi_ccn.csv"; } > "$T/dup.csv"
expect_exit "a rule defined twice names both lines" 3 "rule R4 is defined twice, on lines 5 and 12" -- \
  "$ZG" check "$T/proposals.geojson" --rules "$T/dup.csv" -o "$T/x.sqlite"
# A condition that could never be read (no '=', an empty alternative)
# used to load and silently never apply; a hazard class given twice kept
# the last distance. Both are refused with the line.
head -2 "$GEO/rules/hanoi_ccn.csv" > "$T/bad3.csv"
echo 'R97,x,y,area_plane_ha,<=,75,fail,nowhere,lang_nghe=1|' >> "$T/bad3.csv"
expect_exit "empty alternative in when names the line" 3 "rule R97: condition '' of 'when'.*line 3.*bad3.csv" -- \
  "$ZG" check "$T/proposals.geojson" --rules "$T/bad3.csv" -o "$T/x.sqlite"
head -2 "$GEO/rules/hanoi_ccn.csv" > "$T/bad4.csv"
echo 'R96,x,y,area_plane_ha,<=,75,fail,nowhere,mien_nui' >> "$T/bad4.csv"
expect_exit "condition without = names the line" 3 "condition 'mien_nui' of 'when'.*line 3" -- \
  "$ZG" check "$T/proposals.geojson" --rules "$T/bad4.csv" -o "$T/x.sqlite"
head -2 "$GEO/rules/hanoi_ccn.csv" > "$T/bad5.csv"
echo 'R95,x,y,min_dist_residential_m,>=,"hazard:I=1000,I=10",fail,nowhere,' >> "$T/bad5.csv"
expect_exit "hazard class given twice names the line" 3 "bad hazard threshold.*each once.*line 3" -- \
  "$ZG" check "$T/proposals.geojson" --rules "$T/bad5.csv" -o "$T/x.sqlite"
expect_exit "bad hazard class" 2 "hazard class" -- "$ZG" check "$T/proposals.geojson" --hazard-class VI -o "$T/x.sqlite"
finish
