# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Proposals read as drawn (issue 16 B7). EPSG:5897 metres, 300 x 300 m
# proposals 3 km apart, each with a 10 m house 60 m east, in a shapefile
# whose fields are named as Vietnamese registers name them:
#   MaDX (id), TenCCN (name), hazard_class (cut to hazard_cla by the
#   shapefile), lang_nghe.
#   A: class V (50 m), craft village -> R10 pass (60 >= 50), R2 pass (9 ha)
#   B: no class, no lang_nghe/mien_nui -> class I assumed (1000 m): R10
#      fail, said in the detail and on stderr; R1 fails (9 ha < 10), its
#      detail says lang_nghe and mien_nui were read as empty
# Existing cluster E (id in ma_cum) and park K (id in so_hieu) overlap A:
# their ids come from --clusters-id-field and --parks-id-field, and from
# the scenario's clusters_id_field and parks_id_field.
. "$(dirname "$0")/lib.sh"
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
box() { local x0=$((580000 + $2)) y0=$((2320000 + $3)) x1=$((580000 + $4)) y1=$((2320000 + $5))
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" $x0 $y0 $x1 $y0 $x1 $y1 $x0 $y1 $x0 $y0; }
fc() { printf '{"type":"FeatureCollection",%s,"features":[%s]}' "$CRS" "$1"; }
fc "$(box '"MaDX":"DX-A","TenCCN":"Cụm A","hazard_class":"V","lang_nghe":1,"mien_nui":0' 0 0 300 300),$(box '"MaDX":"DX-B","TenCCN":"Cụm B","hazard_class":null,"lang_nghe":null,"mien_nui":null' 3000 0 3300 300)" > "$T/p.geojson"
ogr2ogr -f "ESRI Shapefile" "$T/p.shp" "$T/p.geojson" -lco ENCODING=UTF-8 2>/dev/null
expect_eq "the shapefile cut hazard_class to hazard_cla" 1 "$(ogrinfo -so "$T/p.shp" p | grep -c '^hazard_cla: ')"
fc "$(box '"h":1' 360 100 370 110),$(box '"h":2' 3360 100 3370 110)" > "$T/h.geojson"
fc "$(box '"ma_cum":"E-1","ghi_chu":"x"' -100 0 50 300)" > "$T/e.geojson"
fc "$(box '"so_hieu":"KCN-9"' 250 0 400 300)" > "$T/k.geojson"

"$ZG" check "$T/p.shp" --residential "$T/h.geojson" --clusters "$T/e.geojson" --clusters-id-field ma_cum \
  --parks "$T/k.geojson" --parks-id-field so_hieu -o "$T/c.sqlite" 2>"$T/c.err" || true
expect_eq "ids and names from MaDX and TenCCN" "DX-A:Cụm A DX-B:Cụm B" \
  "$(q "$T/c.sqlite" "SELECT group_concat(proposal_id || ':' || name, ' ') FROM (SELECT * FROM proposals ORDER BY fid)")"
r() { q "$T/c.sqlite" "SELECT verdict FROM proposal_checks WHERE proposal_id = '$1' AND rule_id = '$2'"; }
expect_eq "A: class V read from hazard_cla: R10 pass at 60 m; craft village: R2 pass" "pass pass" "$(r DX-A R10) $(r DX-A R2)"
expect_eq "A's R10 threshold is class V's 50 m" 50 "$(q "$T/c.sqlite" "SELECT threshold FROM proposal_checks WHERE proposal_id = 'DX-A' AND rule_id = 'R10'")"
expect_eq "B: class I assumed: R10 fail (1000 m), R1 fail (9 ha)" "fail fail" "$(r DX-B R10) $(r DX-B R1)"
expect_eq "B's R10 detail says the class was assumed" 1 "$(q "$T/c.sqlite" "SELECT detail LIKE '%class I assumed: the proposal has no hazard_class%' AND detail_vi LIKE '%giả định cấp I%' FROM proposal_checks WHERE proposal_id = 'DX-B' AND rule_id = 'R10'")"
expect_eq "B's R1 detail says lang_nghe and mien_nui were read as empty" 1 "$(q "$T/c.sqlite" "SELECT detail LIKE '%no lang_nghe, mien_nui on the proposal: read as empty%' FROM proposal_checks WHERE proposal_id = 'DX-B' AND rule_id = 'R1'")"
expect_eq "A's details assume nothing" 0 "$(q "$T/c.sqlite" "SELECT count(*) FROM proposal_checks WHERE proposal_id = 'DX-A' AND (detail LIKE '%assumed%' OR detail LIKE '%read as empty%')")"
expect_eq "a warning for B's class and attributes, none for A" "1 1 0" \
  "$(grep -c 'warning: proposal DX-B has no hazard_class.*class I assumed' "$T/c.err") $(grep -c 'warning: proposal DX-B has no lang_nghe, mien_nui' "$T/c.err") $(grep -c 'warning.*DX-A' "$T/c.err" || true)"
expect_eq "the proposals table keeps the input's attributes" "DX-A V 1 Cụm A" \
  "$(q "$T/c.sqlite" "SELECT MaDX || ' ' || hazard_cla || ' ' || lang_nghe || ' ' || TenCCN FROM proposals WHERE proposal_id = 'DX-A'" 2>/dev/null)"
expect_eq "overlaps name the cluster and the park by their own id fields" "E-1 KCN-9" \
  "$(q "$T/c.sqlite" "SELECT group_concat(other_id, ' ') FROM (SELECT other_id FROM proposal_evidence WHERE rule_id = 'R12' ORDER BY other_id)")"
expect_exit "--parks-id-field without --parks" 2 "parks-id-field is given without --parks" -- \
  "$ZG" check "$T/p.shp" --parks-id-field so_hieu -o "$T/x.sqlite"
expect_exit "--id-field and --proposals-id-field together" 2 "given twice" -- \
  "$ZG" check "$T/p.shp" --id-field MaDX --proposals-id-field MaDX -o "$T/x.sqlite"
expect_exit "a --clusters-id-field the layer does not have" 2 "no field 'nope'.*ma_cum" -- \
  "$ZG" check "$T/p.shp" --clusters "$T/e.geojson" --clusters-id-field nope -o "$T/x.sqlite"

# The truncated name alone (options every version knows).
"$ZG" check "$T/p.shp" --residential "$T/h.geojson" --id-field MaDX -o "$T/t.sqlite" -q || true
expect_eq "hazard_cla is hazard_class: A passes R10 at 60 m (class V)" pass \
  "$(q "$T/t.sqlite" "SELECT verdict FROM proposal_checks WHERE proposal_id = 'DX-A' AND rule_id = 'R10'")"

# Default names with and without diacritics: mã_ccn and tên_ccn.
fc "$(box '"mã_ccn":"VN-1","tên_ccn":"Cụm Một"' 0 0 300 300)" > "$T/d.geojson"
"$ZG" check "$T/d.geojson" -o "$T/d.sqlite" -q || true
expect_eq "mã_ccn and tên_ccn found without being named" "VN-1:Cụm Một" "$(q "$T/d.sqlite" "SELECT proposal_id || ':' || name FROM proposals")"

# The scenario's keys.
cat > "$T/s.scenario" <<'EOF'
clusters = e.geojson
clusters_id_field = ma_cum
parks = k.geojson
parks_id_field = so_hieu
proposals = p.shp
proposals_id_field = TenCCN
proposals_name_field = MaDX
residential = h.geojson
EOF
"$ZG" run "$T/s.scenario" -o "$T/out" >/dev/null 2>&1 || true
expect_eq "scenario: proposals_id_field and proposals_name_field" "Cụm A:DX-A Cụm B:DX-B" \
  "$(q "$T/out/results.sqlite" "SELECT group_concat(proposal_id || ':' || name, ' ') FROM (SELECT * FROM proposals ORDER BY fid)")"
expect_eq "scenario: clusters_id_field and parks_id_field" "E-1 KCN-9" \
  "$(q "$T/out/results.sqlite" "SELECT group_concat(other_id, ' ') FROM (SELECT other_id FROM proposal_evidence WHERE rule_id = 'R12' ORDER BY other_id)")"
printf 'clusters = e.geojson\nid_field = ma_cum\nclusters_id_field = ma_cum\n' > "$T/both.scenario"
expect_exit "scenario with id_field and clusters_id_field" 2 "both id_field and clusters_id_field" -- "$ZG" run "$T/both.scenario" -o "$T/out2"
finish
