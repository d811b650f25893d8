# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Declared areas read strictly (issue 16 B8): a text field of declared
# areas as registers type them. Each is read as the number it means (by
# hand: 1.234,5 and 1,234.5 are 1234.5, 12,5 is 12.5) or left empty with a
# qa_log row that names the feature and the value; never another number
# (strtod read "1.234,5" as 1.234, "0x73" as 115, "1e400" as inf).
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
feats=""
k=0
for v in '1.234,5' '1,234.5' '12,5' '12.5' 'abc' '1e400' '0x73' '1,234' '-3'; do
  x=$((580000 + k * 1000)); k=$((k + 1))
  f=$(printf '{"type":"Feature","properties":{"ma":"D%s","dt":"%s"},"geometry":{"type":"Polygon","coordinates":[[[%s,2320000],[%s,2320000],[%s,2320100],[%s,2320100],[%s,2320000]]]}}' \
    "$k" "$v" "$x" $((x + 100)) $((x + 100)) "$x" "$x")
  feats="$feats${feats:+,}$f"
done
printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$feats" > "$T/d.geojson"
"$ZG" areas "$T/d.geojson" --declared-field dt -o "$T/a.sqlite" -q
d() { q "$T/a.sqlite" "SELECT CASE WHEN declared_ha IS NULL THEN 'NULL' ELSE printf('%.17g', declared_ha) END FROM clusters WHERE id = '$1'"; }
expect_eq "1.234,5 (Vietnamese) is 1234.5" 1234.5 "$(d D1)"
expect_eq "1,234.5 (English) is 1234.5" 1234.5 "$(d D2)"
expect_eq "12,5 is 12.5" 12.5 "$(d D3)"
expect_eq "12.5 is 12.5" 12.5 "$(d D4)"
expect_eq "abc, 1e400, 0x73, 1,234 (1234 or 1.234?), -3: no number" "NULL NULL NULL NULL NULL" "$(d D5) $(d D6) $(d D7) $(d D8) $(d D9)"
expect_eq "each unreadable one logged, with its value" "D5:abc D6:1e400 D7:0x73 D8:1,234 D9:-3" \
  "$(q "$T/a.sqlite" "SELECT group_concat(feature_id || ':' || substr(problem, 16, instr(substr(problem, 16), '''') - 1), ' ') FROM (SELECT * FROM qa_log WHERE problem LIKE 'declared area %' AND action = 'declared_ha left empty' ORDER BY feature_id)")"
expect_eq "the reason is given" 1 "$(q "$T/a.sqlite" "SELECT count(*) FROM qa_log WHERE feature_id = 'D8' AND problem LIKE '%ambiguous%'")"
expect_eq "no difference computed against an unreadable area" 1 "$(q "$T/a.sqlite" "SELECT declared_diff_pct IS NULL FROM clusters WHERE id = 'D7'")"
finish
