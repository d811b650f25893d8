# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The SpatiaLite output carries a QGIS style per result layer in the
# layer_styles table QGIS reads (shared/docs/outputs.md): table and
# geometry column match geometry_columns, useAsDefault is set, and the QML
# is well-formed XML with a renderer whose attribute exists.
. "$(dirname "$0")/lib.sh"
"$ZG" overlaps "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/o.sqlite" -q
# Two default rows per layer, one for each of QGIS's routes into the file
# (see below).
expect_eq "a style per geometry table, twice" 6 "$(q "$T/o.sqlite" "SELECT count(*) FROM layer_styles s JOIN geometry_columns g ON g.f_table_name = s.f_table_name AND g.f_geometry_column = s.f_geometry_column WHERE s.useAsDefault = 1")"
res=$(python3 - "$T/o.sqlite" <<'PY'
import sqlite3, sys, xml.etree.ElementTree as ET
db = sqlite3.connect(sys.argv[1])
bad = []
for table, qml in db.execute("SELECT f_table_name, styleQML FROM layer_styles"):
    root = ET.fromstring(qml.split(">", 1)[1])  # after the DOCTYPE
    r = root.find("renderer-v2")
    if r is None:
        bad.append(table + ": no renderer")
        continue
    attr = r.get("attr")
    cols = [c[1] for c in db.execute("PRAGMA table_info(%s)" % table)]
    if attr and attr not in cols:
        bad.append(table + ": renderer on missing column " + attr)
print("ok" if not bad else "; ".join(bad))
PY
)
expect_eq "QML well-formed, renderers on existing columns" ok "$res"
# QGIS 3.22's SpatiaLite provider matches styles on NULL catalog and
# schema (what its own "Save style to database" writes), its OGR provider
# on '' (what it writes): each layer has one default of each kind, the same
# style (test_qgis_styles.sh opens them in QGIS).
kinds() { q "$1" "SELECT f_table_name || ':' || group_concat(k, '+') FROM (SELECT f_table_name, CASE WHEN f_table_catalog IS NULL AND f_table_schema IS NULL THEN 'null' WHEN f_table_catalog = '' AND f_table_schema = '' THEN 'empty' ELSE 'other' END AS k, styleQML FROM layer_styles WHERE useAsDefault ORDER BY f_table_name, k) GROUP BY f_table_name ORDER BY 1" | tr '\n' ' ' | sed 's/ $//'; }
both="cluster_overlap_slivers:empty+null cluster_overlaps:empty+null clusters:empty+null"
expect_eq "one default with NULL and one with '' per layer" "$both" "$(kinds "$T/o.sqlite")"
expect_eq "both kinds hold the same style" 3 \
  "$(q "$T/o.sqlite" "SELECT count(DISTINCT f_table_name || styleQML || styleName) FROM layer_styles")"
expect_eq "the style names its Vietnamese field aliases" 3 \
  "$(q "$T/o.sqlite" "SELECT count(*) FROM layer_styles WHERE f_table_schema IS NULL AND styleQML LIKE '%<alias field=\"run_id\" name=\"Lần chạy\"/>%'")"
# Databases of earlier versions, with one kind only ('' before, NULL
# after dc5f33d): --append adds the other, a copy.
for kind in "''" NULL; do
  cp "$T/o.sqlite" "$T/k.sqlite"
  q "$T/k.sqlite" "DELETE FROM layer_styles WHERE f_table_schema IS NOT $kind; UPDATE layer_styles SET styleQML = replace(styleQML, 'Lần chạy', 'Lần chạy cũ')"
  "$ZG" overlaps "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/k.sqlite" --append -q
  expect_eq "--append to a database with the $kind kind only: both" "$both" "$(kinds "$T/k.sqlite")"
  expect_eq "... the copy is the earlier style, not ours" 6 \
    "$(q "$T/k.sqlite" "SELECT count(*) FROM layer_styles WHERE styleQML LIKE '%Lần chạy cũ%'")"
done
# Every geometry table of a full run (the bundled scenario) is styled.
R="$(demo_run)/results.sqlite"
expect_eq "every geometry table of a run has its default style" "" \
  "$(q "$R" "SELECT group_concat(g.f_table_name) FROM geometry_columns g WHERE NOT EXISTS (SELECT 1 FROM layer_styles s WHERE s.f_table_name = g.f_table_name AND s.f_geometry_column = g.f_geometry_column AND s.useAsDefault = 1)")"
expect_eq "housing per zone and date is a styled layer (both routes)" 2 \
  "$(q "$R" "SELECT count(*) FROM layer_styles WHERE f_table_name = 'encroachment'")"
finish
