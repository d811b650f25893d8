# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Values and names from the data never become SQL, file paths or markup:
#  1. SQL: layer and field names with quotes, semicolons, markup and
#     non-ASCII become quoted identifiers or bound values, also on the
#     ALTER TABLE paths of --append; names that would change SQLite's
#     meaning (rowid) or clash with the columns analyses add are renamed.
#     Every check reads the database with sqlite3 or GDAL, not zoneguard.
#  2. Paths: epoch labels used in file names are sanitised (a hash keeps
#     different labels apart), nothing is written outside the folder, two
#     pairs of dates never share a file.
#  3. HTML: every such value in the report is escaped (html.parser walks
#     the file; the escaped forms are looked for by hand).
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
CHECK="python3 $ZG_ROOT/tests/cli/report_check.py"
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: '$3' not in $2"; fi; }
hasnt() { if grep -qF -- "$3" "$2"; then bad "$1: '$3' found in $2"; else ok "$1"; fi; }
tables() { q "$1" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'idx_%' AND name NOT LIKE '%geometry_columns%' AND name NOT IN ('spatial_ref_sys', 'spatial_ref_sys_aux', 'spatialite_history', 'sqlite_sequence', 'ElementaryGeometries', 'SpatialIndex', 'KNN', 'data_licenses', 'sql_statements_log') ORDER BY name)"; }
sq() { printf '%s' "$1" | sed "s/'/''/g"; }   # a value as an SQL literal, for our own checks

cat > "$T/evil.geojson" <<'J'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[
{"type":"Feature","properties":{"ma_ccn":"X'); DROP TABLE runs; --","ten":"<b>Cụm</b> \"A\" & 'B'","a\"b":"q\"uote","x'; DROP TABLE clusters; --":1,"tên cụm":"Cụm \"A\" & 'B'","c,d;e":"v,1;\n2","d<i>\"'&":12.5,"rowid":"not the row","overlap_count":"mine"},
 "geometry":{"type":"Polygon","coordinates":[[[588000,2326000],[588100,2326000],[588100,2326100],[588000,2326100],[588000,2326000]]]}},
{"type":"Feature","properties":{"ma_ccn":"Y2","ten":"Cụm Y","a\"b":"r","x'; DROP TABLE clusters; --":2,"tên cụm":"Y","c,d;e":"w","d<i>\"'&":3,"rowid":"also not","overlap_count":"theirs"},
 "geometry":{"type":"Polygon","coordinates":[[[588050,2326050],[588150,2326050],[588150,2326150],[588050,2326150],[588050,2326050]]]}}]}
J
# The same features as a layer of a GeoPackage whose name is hostile too.
LNAME="l'; DROP TABLE runs;--\"<b>ü"
ogr2ogr -f GPKG "$T/evil.gpkg" "$T/evil.geojson" -nln "$LNAME"
ogr2ogr -f GPKG -update "$T/evil.gpkg" "$T/evil.geojson" -nln decoy

# ---- 1. SQL ---------------------------------------------------------------
"$ZG" overlaps "$T/evil.gpkg" --layer "$LNAME" --declared-field "d<i>\"'&" \
  -o "$T/e.sqlite" --csv "$T/csv" -q
"$ZG" areas "$T/evil.gpkg" --layer "$LNAME" -o "$T/a.sqlite" --geojson "$T/e.geojson" -q
expect_eq "runs table intact" 1 "$(q "$T/e.sqlite" "SELECT count(*) FROM runs")"
expect_eq "no table but ours" "cluster_overlap_slivers cluster_overlaps clusters layer_styles qa_log run_inputs run_tables runs" "$(tables "$T/e.sqlite")"
expect_eq "id kept as text" "X'); DROP TABLE runs; --" "$(q "$T/e.sqlite" "SELECT id FROM clusters WHERE fid = 1")"
expect_eq "odd field names are columns" 'q"uote|1|Cụm "A" & '"'"'B'"'" \
  "$(q "$T/e.sqlite" "SELECT \"a\"\"b\", \"x'; DROP TABLE clusters; --\", \"tên cụm\" FROM clusters WHERE fid = 1")"
expect_eq "the hostile layer was read, not the decoy, and recorded as named" "$LNAME" \
  "$(q "$T/e.sqlite" "SELECT DISTINCT layer FROM run_inputs")"
expect_eq "a declared-area field named with markup and quotes" "12.5" "$(q "$T/e.sqlite" "SELECT declared_ha FROM clusters WHERE fid = 1")"
expect_eq "... and in runs.options as text" 1 "$(q "$T/e.sqlite" "SELECT instr(options, 'declared_field=$(sq "d<i>\"'&")') > 0 FROM runs")"
expect_eq "a field named rowid is renamed: src_rowid" "not the row" "$(q "$T/e.sqlite" "SELECT src_rowid FROM clusters WHERE fid = 1")"
expect_eq "... so SQLite's rowid is the row" "1 2" "$(q "$T/e.sqlite" "SELECT group_concat(rowid, ' ') FROM clusters")"
expect_eq "... and SpatiaLite's index holds the rows" 1 "$(spatialite -batch -noheader "$T/e.sqlite" "SELECT CheckSpatialIndex('clusters', 'geom')" 2>/dev/null | tail -1)"
expect_eq "a field named like an added column keeps its own values" "mine|1 theirs|1" \
  "$(q "$T/e.sqlite" "SELECT src_overlap_count || '|' || overlap_count FROM clusters ORDER BY fid" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "GeoJSON: the property names and values as they were" "ok" "$($PY -c "
import json, sys
p = json.load(open('$T/e.geojson'))['features'][0]['properties']
want = {'a\"b': 'q\"uote', \"x'; DROP TABLE clusters; --\": 1, 'tên cụm': 'Cụm \"A\" & \\'B\\'', 'c,d;e': 'v,1;\n2'}
print('ok' if all(p.get(k) == v for k, v in want.items()) else p)")"
expect_eq "CSV: header and values as they were (Python's csv)" "ok" "$($PY -c "
import csv
r = list(csv.DictReader(open('$T/csv/clusters.csv', encoding='utf-8-sig')))[0]
want = {'a\"b': 'q\"uote', 'c,d;e': 'v,1;\n2', 'ma_ccn': \"X'); DROP TABLE runs; --\", 'd<i>\"\\'&': '12.5'}
print('ok' if all(r.get(k) == v for k, v in want.items()) else r)")"

# --append: the second input brings other hostile names, added by ALTER TABLE.
cat > "$T/evil2.geojson" <<'J'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[
{"type":"Feature","properties":{"ma_ccn":"Z3","y\"; DROP TABLE runs; --":"z1","ź'\"`[]":"z2","ROWID":"r","CREATE TABLE t(x)":7},
 "geometry":{"type":"Polygon","coordinates":[[[590000,2326000],[590100,2326000],[590100,2326100],[590000,2326100],[590000,2326000]]]}}]}
J
cp "$T/e.sqlite" "$T/e1.sqlite"
cp "$T/evil2.geojson" "$T/e<s>v'2.geojson"
"$ZG" areas "$T/e<s>v'2.geojson" -o "$T/e.sqlite" --append -q
expect_eq "append: runs intact and one more" 2 "$(q "$T/e.sqlite" "SELECT count(*) FROM runs")"
expect_eq "append: still no table but ours" "$(tables "$T/e1.sqlite")" "$(tables "$T/e.sqlite")"
expect_eq "append: the new hostile columns hold the new values" "z1|z2|r|7" \
  "$(q "$T/e.sqlite" "SELECT \"y\"\"; DROP TABLE runs; --\", \"ź'\"\"\`[]\", src_ROWID, \"CREATE TABLE t(x)\" FROM clusters WHERE run_id = 2")"
if $PY "$ZG_ROOT/tests/cli/run_rows.py" "$T/e1.sqlite" "$T/e.sqlite" > "$T/rows.txt"; then ok "append: run 1 rows unchanged"; else bad "append: run 1 changed: $(grep DIFF "$T/rows.txt")"; fi
expect_eq "append: integrity_check" ok "$(q "$T/e.sqlite" "PRAGMA integrity_check")"
# A clash of types on a hostile column name: refused, and the message
# names the column as it is.
cat > "$T/evil3.geojson" <<'J'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[
{"type":"Feature","properties":{"ma_ccn":"Z4","x'; DROP TABLE clusters; --":"text now"},
 "geometry":{"type":"Polygon","coordinates":[[[590000,2326000],[590100,2326000],[590100,2326100],[590000,2326100],[590000,2326000]]]}}]}
J
sum=$(sha256sum < "$T/e.sqlite")
expect_exit "append: a type clash on a hostile name is refused" 6 "column x'; DROP TABLE clusters; -- as INTEGER" -- \
  "$ZG" areas "$T/evil3.geojson" -o "$T/e.sqlite" --append
expect_eq "append: refused, untouched" "$sum" "$(sha256sum < "$T/e.sqlite")"

# ---- 2. file paths --------------------------------------------------------
h() { printf '%s' "$1" | sha256sum | cut -c1-8; }
mkdir "$T/gj"
"$ZG" encroach "$T/evil.geojson" --residential "$T/evil.geojson" --residential "$T/evil.geojson" \
  --residential "$T/evil.geojson" --epochs '../../x,a/b;c,a?b;c' --rings 10 -o "$T/n.sqlite" --geojson "$T/gj" -q
expect_eq "epoch labels sanitised in file names, a hash keeps them apart" \
  "encroachment_new_______x-$(h ../../x)_a_b_c-$(h 'a/b;c').geojson encroachment_new_a_b_c-$(h 'a/b;c')_a_b_c-$(h 'a?b;c').geojson" \
  "$(cd "$T/gj" && echo *)"
expect_eq "nothing written outside the folder" "" "$(find "$T/.." "$T" -maxdepth 1 -name 'encroachment_new*' 2>/dev/null | head -1)"
expect_eq "the labels themselves kept in the database" "../../x a/b;c a?b;c" \
  "$(q "$T/n.sqlite" "SELECT group_concat(epoch, ' ') FROM (SELECT DISTINCT epoch FROM encroachment ORDER BY pk)")"
mkdir "$T/gj2"
expect_exit "two pairs of dates that would share a file: refused" 2 "would both be written to encroachment_new_a_b_c.geojson" -- \
  "$ZG" encroach "$T/evil.geojson" --residential "$T/evil.geojson" --residential "$T/evil.geojson" \
  --residential "$T/evil.geojson" --residential "$T/evil.geojson" --epochs 'a,b_c,a_b,c' --rings 10 -o "$T/n2.sqlite" --geojson "$T/gj2"
expect_eq "... before any file was written" "" "$(ls -A "$T/gj2")"
expect_exit "a date label given twice: refused" 2 "the date label '2020' is given twice" -- \
  "$ZG" encroach "$T/evil.geojson" --residential "$T/evil.geojson" --residential "$T/evil.geojson" --epochs 2020,2020 --rings 10 -o "$T/n3.sqlite"

# ---- 3. HTML --------------------------------------------------------------
"$ZG" report "$T/e.sqlite" --run 1 -o "$T/e1.html" -q
"$ZG" report "$T/e.sqlite" -o "$T/e2.html" -q
for f in e1 e2; do
  out=$($CHECK html "$T/$f.html" vi 2>&1) && ok "$f.html well-formed: $out" || bad "$f.html: $out"
  hasnt "$f.html: no raw <b>" "$T/$f.html" "<b>"
  hasnt "$f.html: no raw <i>" "$T/$f.html" "<i>"
done
has "the layer name, escaped" "$T/e1.html" "l&#39;; DROP TABLE runs;--&quot;&lt;b&gt;ü"
has "the id, escaped" "$T/e1.html" "X&#39;); DROP TABLE runs; --"
has "the name, escaped" "$T/e1.html" "&lt;b&gt;Cụm&lt;/b&gt; &quot;A&quot; &amp; &#39;B&#39;"
has "the declared field in the options, escaped" "$T/e1.html" "declared_field=d&lt;i&gt;&quot;&#39;&amp;"
has "run 2's input file name, escaped" "$T/e2.html" "e&lt;s&gt;v&#39;2.geojson"
hasnt "... never raw" "$T/e2.html" "<s>"
finish
