# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The bundled Hanoi demo scene (geodata/demo/PROVENANCE.md): 36 clusters in
# VN-2000 / TM-3 (EPSG:5897) and the same in WGS 84; exactly 2 invalid
# (CCN-QO-03 bow-tie, CCN-TTN-01 spike) and one overlapping pair
# (CCN-DA-01, CCN-DA-03, about 2.92 ha).
. "$(dirname "$0")/lib.sh"
D="$GEO/demo"
"$ZG" overlaps "$D/hanoi_clusters_vn2000.shp" --declared-field dien_tich -o "$T/v.sqlite" -q
"$ZG" areas "$D/hanoi_clusters_wgs84.geojson" -o "$T/w.sqlite" -q
expect_eq "36 clusters" 36 "$(q "$T/v.sqlite" "SELECT count(*) FROM clusters")"
expect_eq "ids from ma_ccn, names from ten_ccn" "CCN-DA-01|Cụm công nghiệp Thiết Bình" \
  "$(q "$T/v.sqlite" "SELECT id, name FROM clusters WHERE id = 'CCN-DA-01'")"
expect_eq "the 2 invalid clusters repaired" "CCN-QO-03 CCN-TTN-01" \
  "$(q "$T/v.sqlite" "SELECT group_concat(id, ' ') FROM (SELECT id FROM clusters WHERE repaired = 1 ORDER BY id)")"
expect_eq "their repairs logged" 2 "$(q "$T/v.sqlite" "SELECT count(*) FROM qa_log WHERE action LIKE 'repaired%'")"
expect_eq "the overlapping pair" "CCN-DA-01|CCN-DA-03" "$(q "$T/v.sqlite" "SELECT id_a, id_b FROM cluster_overlaps")"
expect_rel "its overlap about 2.92 ha" 2.92 "$(q "$T/v.sqlite" "SELECT overlap_ha FROM cluster_overlaps")" 5e-3
expect_eq "declared areas read" 36 "$(q "$T/v.sqlite" "SELECT count(declared_ha) FROM clusters")"
# The same shapes in WGS 84 (8 decimals, about 1 mm) measure the same.
ATTACH="ATTACH '$T/w.sqlite' AS w;"
worst=$(sqlite3 "$T/v.sqlite" "$ATTACH SELECT max(abs(v.area_ha - x.area_ha) / x.area_ha) FROM clusters v JOIN w.clusters x USING (id)")
expect_rel "VN-2000 and WGS 84 files agree (rel diff < 1e-5)" 1 "$(python3 -c "print(1 + $worst)")" 1e-5
# Official plane within 0.02 % of the ellipsoid everywhere in Hanoi.
worst=$(q "$T/v.sqlite" "SELECT max(abs(area_plane_ha - area_ha) / area_ha) FROM clusters")
expect_rel "plane vs ellipsoid within 2e-4" 1 "$(python3 -c "print(1 + $worst)")" 2e-4
finish
