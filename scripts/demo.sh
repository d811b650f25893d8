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

# Housing around the two demo clusters drawn on real OpenStreetMap building
# footprints (Hạ Lôi, Long Biên; EPSG:3857). Only one survey is public, so
# the earlier date is the same footprints without every fourth one.
B="$ROOT/geodata/real/comokit-vn-buildings"
W="$OUT/work"
rm -rf "$W" && mkdir -p "$W" "$OUT/geojson"
ogr2ogr -f GPKG "$W/buildings_2025.gpkg" "$B/hanoi_me_linh_ha_loi/buildings.shp" -nln b -dim XY
ogr2ogr -append -f GPKG "$W/buildings_2025.gpkg" "$B/hanoi_long_bien/buildings.shp" -nln b -dim XY
ogr2ogr -f GPKG "$W/buildings_2020.gpkg" "$W/buildings_2025.gpkg" -nln b \
  -dialect SQLite -sql "SELECT * FROM b WHERE fid % 4 <> 0"
"$ZG" encroach "$CLUSTERS" --residential "$W/buildings_2020.gpkg" \
  --residential "$W/buildings_2025.gpkg" --epochs 2020,2025 \
  -o "$OUT/encroachment.sqlite" --geojson "$OUT/geojson" --overwrite

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
echo "Housing inside and around the clusters that have any (ha):"
sqlite3 -header -column "$OUT/encroachment.sqlite" \
  "SELECT cluster_id, epoch, zone, printf('%.2f', zone_ha) AS zone_ha,
          printf('%.3f', residential_ha) AS residential_ha,
          printf('%.1f', share_pct) AS share_pct
     FROM encroachment WHERE cluster_id IN
       (SELECT cluster_id FROM encroachment GROUP BY cluster_id
         HAVING sum(residential_ha) > 0)"
echo
echo "Data-quality log:"
sqlite3 -header -column "$OUT/results.sqlite" \
  "SELECT feature_id, problem, action, printf('%.1f', area_before_m2) AS before_m2,
          printf('%.1f', area_after_m2) AS after_m2 FROM qa_log"
echo
echo "Written: $OUT/results.sqlite (open it in QGIS), $OUT/clusters.geojson,"
echo "$OUT/overlaps.geojson, $OUT/encroachment.sqlite and the new housing in"
echo "$OUT/geojson/"
