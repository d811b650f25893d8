# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The README's main job end to end: `zoneguard run` with no scenario runs
# the bundled Hanoi demo (geodata/demo/hanoi.scenario). Each proposal of
# the demo was drawn to show one outcome (geodata/demo/PROVENANCE.md).
. "$(dirname "$0")/lib.sh"
# The run itself is the fixture demo_run (lib.sh).
O=$(demo_run)
R="$O/results.sqlite"
for t in clusters cluster_overlaps landuse_composition encroachment encroachment_new reserve proposals proposal_checks proposal_evidence layer_styles qa_log runs run_inputs; do
  expect_eq "table $t written" 1 "$(q "$R" "SELECT count(*) > 0 FROM sqlite_master WHERE name = '$t'")"
done
v() { q "$R" "SELECT verdict FROM proposal_checks WHERE proposal_id = '$1' AND rule_id = '$2'"; }
expect_eq "DX-01 clean: pass" pass "$(q "$R" "SELECT verdict FROM proposals WHERE proposal_id = 'DX-01'")"
expect_eq "DX-02 under 10 ha: R1 fail" fail "$(v DX-02 R1)"
expect_eq "DX-03 craft village of 7 ha: R2 pass" pass "$(v DX-03 R2)"
expect_eq "DX-04 housing inside: R4 fail" fail "$(v DX-04 R4)"
expect_eq "DX-05 takes rice land: R7 warn" warn "$(v DX-05 R7)"
expect_eq "DX-06 overlaps a cluster: R12 fail" fail "$(v DX-06 R12)"
expect_eq "DX-07 expands a legacy cluster: R14 warn" warn "$(v DX-07 R14)"
expect_eq "DX-08 housing within 300 m at class III: R10 fail" fail "$(v DX-08 R10)"
expect_eq "the deliberate defects are logged" 3 "$(q "$R" "SELECT (SELECT count(*) > 0 FROM qa_log WHERE problem LIKE '%XYZ%') + (SELECT count(*) > 0 FROM qa_log WHERE problem LIKE 'overlaps feature%') + (SELECT count(*) > 0 FROM qa_log WHERE layer LIKE 'landuse:%' AND action LIKE 'repaired%')")"
expect_eq "shares of every cluster add up to 100 %" 0 "$(q "$R" "SELECT count(*) FROM (SELECT cluster_id, sum(share_pct) s FROM landuse_composition GROUP BY cluster_id) WHERE abs(s - 100) > 1e-9")"
expect_eq "housing grew between 2020 and 2025" 1 "$(q "$R" "SELECT sum(new_ha) > 0 FROM encroachment_new")"
for f in csv/clusters.csv csv/proposal_checks.csv geojson/proposals.geojson geojson/reserve.geojson; do
  if [[ -s "$O/$f" ]]; then ok "wrote $f"; else bad "missing $f"; fi
done
# The run draws map.png and map.pdf side by side on its threads: each is
# the `map` command's, drawn alone, byte for byte (the same database, so
# the same run time in the sources line; the same day), but for the PDF's
# creation time (cairo's clock, to the second).
undated() { LC_ALL=C sed 's#/CreationDate (D:[0-9]*Z)#/CreationDate ()#' "$1"; }
for f in png pdf; do
  "$ZG" map "$R" -o "$T/map.$f" --title "Cụm công nghiệp Hà Nội (dữ liệu minh hoạ)" \
    --districts "$GEO/real/dvhcvn/hanoi_districts.geojson" -q
  expect_true "map.$f: the map command's, byte for byte" cmp -s <(undated "$O/map.$f") <(undated "$T/map.$f")
done
# The report's map is drawn from the layers the run read once for both
# maps, after its page was written beside them, into its section: the
# same section as the `report` command's, which reads its own layers and
# writes its page in order (the ids cairo numbers its surfaces with
# aside: they count the process's).
fig() { LC_ALL=C sed -n '/^<section id="map">/,/^<\/section>/p' "$1" | LC_ALL=C sed 's/surface[0-9]*/surface/g'; }
"$ZG" report "$R" -o "$T/report.html" --title "Cụm công nghiệp Hà Nội (dữ liệu minh hoạ)" \
  --districts "$GEO/real/dvhcvn/hanoi_districts.geojson" -q
expect_true "report.html: its map drawn" grep -q '<svg' <(fig "$O/report.html")
expect_true "report.html: its map the report command's, byte for byte" cmp -s <(fig "$O/report.html") <(fig "$T/report.html")
expect_eq "no staging folder left" "" "$(ls -a "$O" | grep zoneguard-run || true)"
finish
