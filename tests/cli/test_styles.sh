# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The SpatiaLite output carries a QGIS style per result layer in the
# layer_styles table QGIS reads (shared/docs/outputs.md): table and
# geometry column match geometry_columns, useAsDefault is set, and the QML
# is well-formed XML with a renderer whose attribute exists.
. "$(dirname "$0")/lib.sh"
"$ZG" overlaps "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/o.sqlite" -q
expect_eq "a style per geometry table" 3 "$(q "$T/o.sqlite" "SELECT count(*) FROM layer_styles s JOIN geometry_columns g ON g.f_table_name = s.f_table_name AND g.f_geometry_column = s.f_geometry_column WHERE s.useAsDefault = 1")"
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
# Field aliases in Vietnamese, in QGIS's "Fields" style category: each on
# a column the table has, and the ones a planner reads first as written.
res=$(python3 - "$T/o.sqlite" <<'PY'
import sqlite3, sys, xml.etree.ElementTree as ET
db = sqlite3.connect(sys.argv[1])
out = []
for table, qml in db.execute("SELECT f_table_name, styleQML FROM layer_styles ORDER BY 1"):
    root = ET.fromstring(qml.split(">", 1)[1])
    if "Fields" not in root.get("styleCategories", "").split("|"):
        out.append(table + ": no Fields category")
    cols = [c[1] for c in db.execute("PRAGMA table_info(%s)" % table)]
    al = {a.get("field"): a.get("name") for a in root.iter("alias")}
    out += ["%s: alias on missing column %s" % (table, f) for f in al if f not in cols]
    if table == "clusters":
        out.append("clusters area_ha=" + str(al.get("area_ha")))
    if table == "cluster_overlaps":
        out.append("overlaps overlap_ha=" + str(al.get("overlap_ha")))
print("; ".join(out))
PY
)
expect_eq "Vietnamese field aliases on existing columns" \
  "overlaps overlap_ha=Diện tích chồng lấn (ha); clusters area_ha=Diện tích elipxoit (ha)" "$res"
# QGIS's SpatiaLite provider matches styles on NULL catalog and schema
# (what its own "Save style to database" writes), not on ''.
expect_eq "catalog and schema NULL, as QGIS writes them" 0 \
  "$(q "$T/o.sqlite" "SELECT count(*) FROM layer_styles WHERE f_table_catalog IS NOT NULL OR f_table_schema IS NOT NULL")"
# A database of an earlier version ('' there) is put right by --append.
q "$T/o.sqlite" "UPDATE layer_styles SET f_table_catalog = '', f_table_schema = ''"
"$ZG" overlaps "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/o.sqlite" --append -q
expect_eq "--append puts old styles right" "0|3" \
  "$(q "$T/o.sqlite" "SELECT count(*) FILTER (WHERE coalesce(f_table_catalog, f_table_schema) IS NOT NULL), count(*) FROM layer_styles")"
# Every geometry table of a full run (the bundled scenario) is styled.
"$ZG" run -o "$T/run" -q
R="$T/run/results.sqlite"
expect_eq "every geometry table of a run has its default style" "" \
  "$(q "$R" "SELECT group_concat(g.f_table_name) FROM geometry_columns g WHERE NOT EXISTS (SELECT 1 FROM layer_styles s WHERE s.f_table_name = g.f_table_name AND s.f_geometry_column = g.f_geometry_column AND s.useAsDefault = 1)")"
expect_eq "housing per zone and date is a styled layer" 1 \
  "$(q "$R" "SELECT count(*) FROM layer_styles WHERE f_table_name = 'encroachment'")"
finish
