# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# map, report and atlas given a results database that is not, or no
# longer, what a zoneguard run wrote: each either refuses it (exit 3, the
# message naming the file and what is wrong, the output not written, an
# existing one byte for byte as it was, even with --overwrite) or writes
# a whole, well-formed output in which every value from the data is
# escaped. The damaged databases are the demo run's, changed with Python's
# sqlite3 (and SpatiaLite for the geometry columns), not with zoneguard.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
CHECK="python3 $ZG_ROOT/tests/cli/report_check.py"
D=$(demo_run)
DB="$D/results.sqlite"

# damage NAME SQL: a copy of the demo's database, changed by SQL.
damage() {
  cp "$DB" "$T/$1.sqlite"
  $PY - "$T/$1.sqlite" "$2" <<'P'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.enable_load_extension(True)
c.load_extension("mod_spatialite")
c.executescript(sys.argv[2])
c.commit()
P
}

# refused WHAT DB PATTERN: all three products refuse DB with exit 3 and a
# message matching PATTERN that names DB; no output is left where there
# was none, and an existing one is kept as it was, also with --overwrite.
refused() {
  local what=$1 db=$2 pat=$3 cmd out
  for cmd in map:png report:html atlas:pdf; do
    out="$T/out_${cmd%%:*}.${cmd#*:}"
    rm -f "$out"
    expect_exit "$what: ${cmd%%:*} refuses it" 3 "$pat.*($db)" -- \
      "$ZG" "${cmd%%:*}" "$db" -o "$out"
    expect_true "$what: ${cmd%%:*} wrote nothing" test ! -e "$out"
    printf 'an earlier output\n' > "$out"
    cp "$out" "$T/earlier"
    expect_exit "$what: ${cmd%%:*} --overwrite refuses it" 3 "$pat" -- \
      "$ZG" "${cmd%%:*}" "$db" -o "$out" --overwrite
    expect_true "$what: ${cmd%%:*} left the earlier output as it was" \
      cmp -s "$T/earlier" "$out"
  done
  expect_eq "$what: no staging left" "" \
    "$(find "$T" -maxdepth 1 -name '.zoneguard-*' -print)"
}

# ---- not ours, or not a database at all ---------------------------------
: > "$T/empty.sqlite"
refused "an empty file" "$T/empty.sqlite" "not a zoneguard results database: it has no runs table"
cp "$GEO/demo/hanoi_parks_vn2000.gpkg" "$T/parks.gpkg"
refused "another program's GeoPackage" "$T/parks.gpkg" "not a zoneguard results database: it has no runs table"
head -c 700000 "$DB" > "$T/cut.sqlite"
refused "a copy cut short" "$T/cut.sqlite" "database disk image is malformed"

# ---- ours, damaged -------------------------------------------------------
# run_tables says what the run wrote: 8 proposals, 36 clusters. Before,
# the map and the report were written without the proposals, as if the
# run had judged none.
damage dropped "DROP TABLE proposals;"
refused "a table dropped" "$T/dropped.sqlite" "damaged: run 1 wrote 8 rows to table 'proposals', which is not in it"
damage rows "DELETE FROM clusters WHERE fid > 30;"
refused "rows deleted" "$T/rows.sqlite" "damaged: table 'clusters' holds 30 rows of run 1, not the 36 it wrote"
damage qa "DROP TABLE qa_log;"
refused "the data-quality log dropped" "$T/qa.sqlite" "table 'qa_log', which every run writes, is not in it"
# A renamed column: the report failed on it, the map drew the clusters
# without names.
damage renamed "ALTER TABLE clusters RENAME COLUMN name TO ten;"
refused "a column renamed" "$T/renamed.sqlite" "damaged or not zoneguard's: table 'clusters' has no column 'name'"
damage verdict "ALTER TABLE proposals RENAME COLUMN verdict TO ket_luan;"
refused "the verdicts renamed" "$T/verdict.sqlite" "table 'proposals' has no column 'verdict'"

# ---- ours, with hostile values: written, whole and escaped ---------------
NAME='<script>alert("x")</script> & "q" '"'"'s'"'"' ‮עברית‬ Cụm Phú Nghĩa ạ̣̣̣'
LONG=$(printf 'Ư%.0s' $(seq 5000)) # 10 000 bytes
damage hostile "
UPDATE clusters SET name = '$(printf '%s' "$NAME" | sed "s/'/''/g")' || fid WHERE fid % 2 = 1;
UPDATE clusters SET name = '$LONG' WHERE fid = 2;
UPDATE proposals SET name = '<img src=x onerror=alert(1)>&amp;' WHERE fid = 1;
UPDATE clusters SET geom = NULL WHERE fid = 4;
UPDATE proposals SET geom = NULL WHERE fid = 2;
UPDATE clusters SET id = NULL WHERE fid = 6;
UPDATE clusters SET area_ha = 'NaN', declared_ha = 1e308 WHERE fid = 8;
UPDATE reserve SET free_ha = 1e308, free_pct = -1e308 WHERE fid = 3;
UPDATE encroachment SET residential_ha = 1e308 WHERE pk = 5;
UPDATE qa_log SET problem = '<b>bold</b> & \"quoted\"' WHERE qa_id = 1;"
"$ZG" report "$T/hostile.sqlite" -o "$T/h.html" -q && ok "report of hostile values written" || bad "report of hostile values failed"
if $CHECK html "$T/h.html" vi > "$T/check.txt"; then ok "report: well-formed HTML"; else bad "report: $(head -3 "$T/check.txt")"; fi
expect_eq "report: the markup in the data is text, not markup" "ok" "$($PY - "$T/h.html" "$NAME" "$LONG" <<'P'
import sys
from html.parser import HTMLParser
name, long_name = sys.argv[2], sys.argv[3]
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if any(k.startswith("on") for k, _ in attrs):
            self.tags.append("on-attribute")
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
text = "".join(p.text)
bad = [t for t in ("script", "img", "on-attribute") if t in p.tags]
for want in (name + "1", long_name, "<img src=x onerror=alert(1)>&amp;",
             '<b>bold</b> & "quoted"'):
    if want not in text:
        bad.append("missing " + want[:40])
print("ok" if not bad else bad)
P
)"
"$ZG" map "$T/hostile.sqlite" -o "$T/h.svg" -q && ok "map of hostile values written" || bad "map of hostile values failed"
if $CHECK svg "$T/h.svg" 841.89 595.28 > "$T/check.txt"; then ok "map: well-formed SVG"; else bad "map: $(head -3 "$T/check.txt")"; fi
"$ZG" atlas "$T/hostile.sqlite" -o "$T/h.pdf" -q && ok "atlas of hostile values written" || bad "atlas of hostile values failed"
expect_eq "atlas: a PDF whose pages poppler reads" "ok" \
  "$(pdfinfo "$T/h.pdf" >/dev/null 2>&1 && pdftotext "$T/h.pdf" - >/dev/null 2>&1 && echo ok)"
# The 10 kB name is cut (shaping it whole took seconds a page): its first
# 100 characters are on the page, followed by an ellipsis, its 300th not.
pdftotext "$T/h.pdf" - 2>/dev/null | tr -d '\n ' > "$T/h.txt"
expect_eq "atlas: the 10 kB name cut to its first lines, with an ellipsis" "yes no" \
  "$(grep -q "$(printf 'Ư%.0s' $(seq 100))" "$T/h.txt" && grep -q 'Ư…' "$T/h.txt" && echo yes || echo no) $(grep -q "$(printf 'Ư%.0s' $(seq 300))" "$T/h.txt" && echo yes || echo no)"
finish
