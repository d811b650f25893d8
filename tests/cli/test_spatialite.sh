# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The SpatiaLite output opens in the spatialite tool as is: the geometry
# is registered in geometry_columns with a working spatial index, the text
# is UTF-8, and the runs record names every library version and the
# SHA-256 of every input file (checked against sha256sum).
. "$(dirname "$0")/lib.sh"
IN="$GEO/real/dvhcvn/hanoi_districts.geojson"
DB="$T/d.sqlite"
"$ZG" areas "$IN" -o "$DB" -q
sl() { spatialite -batch -bail -noheader "$DB" "$1" 2>/dev/null | tail -1; }
expect_eq "registered as MULTIPOLYGON, SRID 4326" "clusters|geom|6|2|4326|1" \
  "$(sl "SELECT f_table_name, f_geometry_column, geometry_type, coord_dimension, srid, spatial_index_enabled FROM geometry_columns")"
expect_eq "spatial index valid" 1 "$(sl "SELECT CheckSpatialIndex('clusters', 'geom')")"
expect_eq "every geometry valid for SpatiaLite" 30 "$(sl "SELECT sum(ST_IsValid(geom)) FROM clusters")"
# The index answers a bounding-box query: Hoàn Kiếm's centre.
hit=$(sl "SELECT ten_huyen FROM clusters c WHERE c.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'clusters' AND search_frame = MakePoint(105.852, 21.028, 4326)) AND ST_Contains(c.geom, MakePoint(105.852, 21.028, 4326))")
expect_eq "... which is Hoàn Kiếm" "Quận Hoàn Kiếm" "$hit"
# SpatiaLite's own ellipsoidal area (an older algorithm, rttopo's) agrees
# to a few parts per million.
worst=$(sl "SELECT max(abs(ST_Area(geom, 1) / 1e4 - area_ha) / area_ha) FROM clusters")
expect_rel "SpatiaLite ST_Area(geom, 1) within 1e-5" 1 "$(python3 -c "print(1 + $worst)")" 1e-5
# Provenance.
sha=$(sha256sum "$IN" | cut -d' ' -f1)
expect_eq "input SHA-256 recorded" "$sha" "$(q "$DB" "SELECT sha256 FROM run_inputs")"
expect_eq "input CRS recorded" "EPSG:4326" "$(q "$DB" "SELECT crs FROM run_inputs")"
vers=$(q "$DB" "SELECT zoneguard_version <> '' AND gdal_version LIKE '3.%' AND geos_version LIKE '3.%' AND proj_version <> '' AND spatialite_version LIKE '5.%' AND started_utc <= ended_utc AND buffer_quad_segs = 8 FROM runs")
expect_eq "library versions and times recorded" 1 "$vers"
expect_eq "command line recorded" 1 "$(q "$DB" "SELECT command LIKE '%areas%hanoi_districts.geojson%' FROM runs")"
expect_eq "qa_log present and empty for clean data" 0 "$(q "$DB" "SELECT count(*) FROM qa_log")"
finish
