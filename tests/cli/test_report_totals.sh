# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Issue 18 item 5 (part): a table's total row appears once, at its end.
# It was a <tfoot>, which a printed table repeats at the foot of every
# page it spans; now it is the last row of the table's body. Checked with
# html.parser on the demo run's report, in both languages; the clusters'
# total is summed here from the database.
. "$(dirname "$0")/lib.sh"
RUN=$(demo_run)
R="$RUN/results.sqlite"
"$ZG" report "$R" -o "$T/en.html" --lang en -q
for f in "$RUN/report.html:Tổng" "$T/en.html:Total"; do
  out=$(python3 - "${f%%:*}" "${f##*:}" "$R" <<'PY'
import html.parser, sqlite3, sys

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.sect, self.row, self.cell, self.tfoot = [], None, None, None, 0
    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tfoot":
            self.tfoot += 1
        elif tag in ("thead", "tbody"):
            self.sect = tag
        elif tag == "tr" and self.sect == "tbody":
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = []
    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append("".join(self.cell).strip()); self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row); self.row = None
        elif tag in ("thead", "tbody"):
            self.sect = None
    def handle_data(self, d):
        if self.cell is not None:
            self.cell.append(d)

path, word, db = sys.argv[1:4]
p = P(); p.feed(open(path, encoding="utf-8").read())
print("tfoot", p.tfoot)
with_total = [t for t in p.tables if any(r and r[0] == word for r in t)]
print("tables_with_total", len(with_total))
print("once_and_last", all(sum(r[0] == word for r in t if r) == 1 and t[-1][0] == word for t in with_total))
total = sqlite3.connect(db).execute("SELECT total(area_ha) FROM clusters").fetchone()[0]
want = f"{total:,.2f}".translate(str.maketrans(",.", ".,")) if word == "Tổng" else f"{total:.2f}"
print("clusters_total", int(any(want in t[-1] for t in with_total)))
PY
)
  lang=${f##*:}
  expect_eq "$lang: no <tfoot> (it repeats on every printed page)" "tfoot 0" "$(grep '^tfoot' <<< "$out")"
  n=$(grep '^tables_with_total' <<< "$out" | cut -d' ' -f2)
  expect_true "$lang: tables with a total ($n)" test "$n" -ge 3
  expect_eq "$lang: each total row once, the table's last" "once_and_last True" "$(grep '^once_and_last' <<< "$out")"
  expect_eq "$lang: the clusters' total summed from the database" "clusters_total 1" "$(grep '^clusters_total' <<< "$out")"
done
finish
