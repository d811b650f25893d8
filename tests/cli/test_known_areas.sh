# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Every fixture with an independently worked-out area (tests/expected/
# areas.csv): rectangles, 64-gons, squares in UTM, a donut, a multipolygon,
# VN-2000 without .prj, deprecated EPSG:6957, PolygonZ, curves, KML, a
# zipped shapefile, CP1258 text, repaired invalid polygons.
set -euo pipefail
exec python3 "$(dirname "$0")/known_areas.py"
