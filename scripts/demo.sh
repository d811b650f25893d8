#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# demo.sh: the README's main command. Installs what is missing, builds,
# and runs zoneguard on the bundled Hanoi demo scene; results go to
# zoneguard-out/ (replaced on each run).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/install_deps.sh"
bash "$ROOT/scripts/build.sh" build
ZG="$ROOT/build/zoneguard"
OUT="$ROOT/zoneguard-out"
mkdir -p "$OUT"
CLUSTERS="$ROOT/geodata/demo/hanoi_clusters_vn2000.shp"
"$ZG" areas "$CLUSTERS" --declared-field dien_tich \
  -o "$OUT/areas.sqlite" --geojson "$OUT/clusters.geojson" --overwrite
"$ZG" overlaps "$CLUSTERS" --declared-field dien_tich \
  -o "$OUT/results.sqlite" --geojson "$OUT/overlaps.geojson" --overwrite
echo
echo "Clusters and their areas (ha): ellipsoidal, official plane EPSG:5897, declared"
sqlite3 -header -column "$OUT/results.sqlite" \
  "SELECT id, name, printf('%.2f', area_ha) AS area_ha,
          printf('%.2f', area_plane_ha) AS plane_ha,
          printf('%.2f', declared_ha) AS declared_ha,
          printf('%+.2f', declared_diff_pct) AS diff_pct, repaired
     FROM clusters ORDER BY id"
echo
echo "Overlapping clusters:"
sqlite3 -header -column "$OUT/results.sqlite" \
  "SELECT id_a, id_b, printf('%.2f', overlap_ha) AS overlap_ha,
          printf('%.1f', share_a_pct) AS share_a_pct,
          printf('%.1f', share_b_pct) AS share_b_pct FROM cluster_overlaps"
echo
echo "Data-quality log:"
sqlite3 -header -column "$OUT/results.sqlite" \
  "SELECT feature_id, problem, action, printf('%.1f', area_before_m2) AS before_m2,
          printf('%.1f', area_after_m2) AS after_m2 FROM qa_log"
echo
echo "Written: $OUT/results.sqlite (open it in QGIS), $OUT/clusters.geojson,"
echo "$OUT/overlaps.geojson"
