# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Building footprints of Long Biên in EPSG:3857 (Web Mercator "metres",
# 15 % too large at 21° N): zoneguard reprojects before measuring, so its
# areas equal GeographicLib's on the same footprints transformed to lon/lat
# by ogr2ogr, and are about cos²(21°) of the naive Mercator areas.
. "$(dirname "$0")/lib.sh"
IN="$GEO/real/comokit-vn-buildings/hanoi_long_bien/buildings.shp"
"$ZG" areas "$IN" -o "$T/b.sqlite" -q
n=$(q "$T/b.sqlite" "SELECT count(*) FROM clusters")
expect_eq "2 899 footprints measured" 2899 "$n"
# The shapefile is PolygonZ: every footprint loses its Z, logged once.
expect_eq "Z dropped and logged once" "2899 3D geometries" \
  "$(q "$T/b.sqlite" "SELECT group_concat(problem) FROM qa_log WHERE action LIKE 'Z dropped%'")"
ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=15 "$T/ll.geojson" "$IN" 2>/dev/null
python3 "$ZG_ROOT/tests/cli/planimeter_areas.py" "$T/ll.geojson" | awk '{s += $2} END {printf "%.6f\n", s}' > "$T/ref"
got=$(q "$T/b.sqlite" "SELECT printf('%.6f', sum(area_ha) * 1e4) FROM clusters")
# Footprints of ~280 m² each: both implementations carry about 1e-6 m² of
# rounding per polygon, so the sum agrees to about 2e-9, not 1e-12.
expect_rel "total footprint area equals Planimeter's" "$(cat "$T/ref")" "$got" 1e-8
ratio=$(ogrinfo -q -dialect SQLite -sql "SELECT sum(ST_Area(geometry)) FROM buildings" "$IN" | awk -F'= ' '/sum/ {print $2}')
r=$(python3 -c "print($ratio / $got)")
expect_rel "naive EPSG:3857 area is ~15 % too large" 1.149 "$r" 0.01
finish
