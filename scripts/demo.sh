#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# demo.sh: the README's main command. Installs what is missing, builds,
# and runs every analysis on the bundled Hanoi demo scene
# (geodata/demo/hanoi.scenario) into zoneguard-out/, replaced on each run.
# It needs only what install_deps.sh installs without --tests (the build
# leaves out what needs a test-only package). ZG_BUILD_DIR and ZG_OUT move
# the build and the results elsewhere (tests/cli/test_bare_demo.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${ZG_BUILD_DIR:-$ROOT/build}
OUT=${ZG_OUT:-$ROOT/zoneguard-out}
bash "$ROOT/scripts/install_deps.sh"
bash "$ROOT/scripts/build.sh" "$BUILD"
ZG="$BUILD/zoneguard"
"$ZG" run -o "$OUT" --overwrite
DB="$OUT/results.sqlite"
show() { echo; echo "$1"; sqlite3 -header -column "$DB" "$2"; }
show "Clusters: ellipsoidal, official-plane (EPSG:5897) and declared areas (ha)" \
  "SELECT id, name, printf('%.2f', area_ha) AS area_ha,
          printf('%.2f', area_plane_ha) AS plane_ha,
          printf('%.2f', declared_ha) AS declared_ha, repaired,
          overlap_count AS overlaps,
          printf('%.2f', resid_inside_ha) AS housing_ha,
          printf('%.0f', nearest_residential_m) AS nearest_house_m
     FROM clusters ORDER BY id"
show "Overlapping clusters" \
  "SELECT id_a, id_b, printf('%.2f', overlap_ha) AS overlap_ha,
          printf('%.1f', share_a_pct) AS share_a_pct,
          printf('%.1f', share_b_pct) AS share_b_pct FROM cluster_overlaps"
show "Land use inside the first three clusters (ha, %)" \
  "SELECT cluster_id, code, role, printf('%.2f', area_ha) AS area_ha,
          printf('%.1f', share_pct) AS share_pct FROM landuse_composition
    WHERE cluster_id IN (SELECT id FROM clusters ORDER BY id LIMIT 3)"
show "Free land for industry (ha)" \
  "SELECT cluster_id, printf('%.2f', cluster_ha) AS cluster_ha,
          printf('%.2f', free_ha) AS free_ha, printf('%.1f', free_pct) AS free_pct
     FROM reserve r ORDER BY r.free_pct / 1.0, cluster_id LIMIT 10"
show "Proposed clusters" \
  "SELECT p.proposal_id, p.verdict,
          group_concat(c.rule_id || ':' || c.verdict, ' ') AS rules
     FROM proposals p JOIN proposal_checks c USING (proposal_id)
    WHERE c.verdict IN ('fail', 'warn') OR p.verdict = 'pass'
    GROUP BY p.proposal_id ORDER BY p.proposal_id"
show "Data-quality log (first 10)" \
  "SELECT layer, feature_id, problem, action FROM qa_log LIMIT 10"

# Real building footprints (OpenStreetMap via COMOKIT, 2020, stored in
# EPSG:3857) around the demo clusters of Hạ Lôi (Mê Linh) and Thạch Bàn
# (Long Biên): housing inside and around them at that one date.
B="$ROOT/geodata/real/comokit-vn-buildings"
for area in hanoi_me_linh_ha_loi:CCN-ML-01 hanoi_long_bien:CCN-LB-01; do
  dir=${area%%:*} id=${area##*:}
  "$ZG" encroach "$ROOT/geodata/demo/hanoi_clusters_vn2000.shp" \
    --residential "$B/$dir/buildings.shp" --epochs osm2020 \
    -o "$OUT/footprints_$dir.sqlite" --overwrite -q
  DB="$OUT/footprints_$dir.sqlite"
  show "Real OSM footprints around $id ($dir): housing per zone (ha)" \
    "SELECT zone, printf('%.2f', zone_ha) AS zone_ha,
            printf('%.3f', residential_ha) AS housing_ha,
            printf('%.1f', share_pct) AS share_pct
       FROM encroachment WHERE cluster_id = '$id' ORDER BY pk"
done
echo
echo "Written in $OUT/: results.sqlite (open it in QGIS: styled), geojson/,"
echo "csv/, map.png, map.pdf, report.html, atlas.pdf, and footprints_*.sqlite"
ls "$OUT"
