# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Geometry an overlay cannot cut straight (crs_scene.py odd). Pieces are cut
# along straight lines in the clusters' CRS and measured on the ellipsoid:
# a cluster that crosses the antimeridian or spans more than a TM-3 zone is
# refused (exit 5, naming file, layer and feature) by every analysis that
# cuts it; such a parcel, or one with coordinates no Earth has (±1e300°),
# is logged and skipped, its land counted as NONE. Before: a world box was
# measured 0 ha and held land use, the ±1e300° parcel stopped the run (its
# transformation failed) or, with clusters in degrees, was cut as if it
# were a parcel (A held 82 502 m² of DGT in 40 001 m²).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
S="$ZG_ROOT/tests/cli/crs_scene.py"
$PY "$S" make "$T" 4326 5897
$PY "$S" odd "$T"
printf 'code,role\nLUC,protected_agri\nONT,residential\nSKN,industrial\nDGT,infrastructure\n' > "$T/codes.csv"

for n in world antimeridian wide; do
  f="$T/odd_clusters_$n.gpkg"
  expect_exit "landuse refuses the $n cluster" 5 \
    "cannot be cut along straight lines\|cut the long way round.*odd_clusters_$n.gpkg, layer clusters, feature X)" -- \
    "$ZG" landuse "$f" --landuse "$T/parcels_5897.gpkg" --codes "$T/codes.csv" -o "$T/x_$n.sqlite"
  expect_eq "nothing written for the $n cluster" 0 "$([[ -e "$T/x_$n.sqlite" ]] && echo 1 || echo 0)"
done
expect_exit "encroach refuses the antimeridian cluster" 5 \
  "cut the long way round.*odd_clusters_antimeridian.gpkg, layer clusters, feature X)" -- \
  "$ZG" encroach "$T/odd_clusters_antimeridian.gpkg" --residential "$T/parcels_5897.gpkg" -o "$T/x_e.sqlite"
expect_exit "overlaps refuses the world box" 5 \
  "odd_clusters_world.gpkg, layer clusters, feature X)" -- \
  "$ZG" overlaps "$T/odd_clusters_world.gpkg" -o "$T/x_o.sqlite"
expect_exit "reserve refuses the wide cluster" 5 \
  "more than a TM-3 zone.*odd_clusters_wide.gpkg, layer clusters, feature X)" -- \
  "$ZG" reserve "$T/odd_clusters_wide.gpkg" --landuse "$T/parcels_5897.gpkg" -o "$T/x_r.sqlite"
# Measuring alone cuts nothing: a wide polygon keeps its area.
"$ZG" areas "$T/odd_clusters_wide.gpkg" -o "$T/areas.sqlite" -q
expect_eq "areas still measures the wide polygon" 1 \
  "$(q "$T/areas.sqlite" "SELECT count(*) FROM clusters WHERE id = 'X' AND area_ha > 4.6e5")"

# Parcels (in degrees: odd_parcels_4326.gpkg) against clusters in degrees
# and in VN-2000: features 7 and 8 (a vertex at ±1e300°) and 9 (the world)
# logged and skipped; the composition is the scene's (hand-worked shares:
# crs_scene.py), as if they were not there.
for c in 4326 5897; do
  out="$T/odd_$c.sqlite"
  "$ZG" landuse "$T/clusters_$c.gpkg" --landuse "$T/odd_parcels_4326.gpkg" \
    --codes "$T/codes.csv" -o "$out" -q
  expect_eq "clusters in EPSG:$c: the parcels no Earth has, and the world, skipped and logged" \
    "7|coordinates no Earth has: a longitude beyond ±540°|skipped: its land is counted as NONE
8|coordinates no Earth has: a latitude beyond ±90°|skipped: its land is counted as NONE
9|it crosses the antimeridian or spans more than half the Earth|skipped: its land is counted as NONE" \
    "$(q "$out" "SELECT feature_id, substr(problem, 1, instr(problem || ' (', ' (') - 1), action FROM qa_log WHERE feature_id IN ('7', '8', '9') ORDER BY feature_id")"
  expect_eq "clusters in EPSG:$c: A's shares as without them (3.125, 50, 9.375, 25, 12.5 %)" \
    "DGT|3.125
LUC|50.0
NONE|9.375
ONT|25.0
SKN|12.5" \
    "$(q "$out" "SELECT code, round(share_pct, 3) FROM landuse_composition WHERE cluster_id = 'A' ORDER BY code")"
done
# A parcel drawn across the antimeridian in a projected CRS (EPSG:3832)
# runs the long way round once in the clusters' degrees: logged and
# skipped (before: cut the long way, silently).
"$ZG" landuse "$T/pacific_clusters.gpkg" --landuse "$T/pacific_parcels.gpkg" \
  --codes "$T/codes.csv" -o "$T/pacific.sqlite" -q
expect_eq "a parcel across 180° in EPSG:3832, clusters in degrees: skipped and logged" \
  "1|in the clusters' CRS, it crosses the antimeridian or spans more than half the Earth|skipped: its land is counted as NONE" \
  "$(q "$T/pacific.sqlite" "SELECT feature_id, substr(problem, 1, instr(problem || ' (', ' (') - 1), action FROM qa_log WHERE feature_id = '1'")"
finish
