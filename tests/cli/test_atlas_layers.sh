# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Issue 18 item 2, the atlas's last items: `zoneguard report --atlas`
# links an atlas made apart from it, the pages listed as the atlas lists
# them (the expected page of each id is worked out here with sqlite3, by
# the README's rule). Reads the shared demo run (lib.sh's demo_run);
# what it writes goes to $T.
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null || { echo "SKIP: no pdftotext (poppler-utils)"; exit 77; }
D=$(demo_run)
R="$D/results.sqlite"

# links HTML HREF MODE: "ok N" when the report links exactly the ids the
# atlas of MODE has a page for, each to that page; else what differs.
links() {
  python3 - "$R" "$1" "$2" "$3" <<'PY'
import html, re, sqlite3, sys
db_path, report, href, mode = sys.argv[1:5]
db = sqlite3.connect(db_path)
run = db.execute("SELECT max(run_id) FROM runs").fetchone()[0]
ids = [i for (i,) in db.execute("SELECT proposal_id FROM proposals WHERE "
                                "run_id = ? ORDER BY proposal_id", (run,))]
flagged = "" if mode == "all" else (
    " AND (id IN (SELECT cluster_id FROM encroachment WHERE run_id = ?1"
    " AND zone = 'inside' AND residential_ha > 0) OR id IN (SELECT "
    "cluster_id FROM encroachment_new WHERE run_id = ?1 AND zone <> "
    "'inside' AND new_ha > 0))")
ids += [i for (i,) in db.execute("SELECT id FROM clusters WHERE run_id = ?1"
                                 + flagged + " ORDER BY id", (run,))]
want = {(str(n + 1), i) for n, i in enumerate(ids)}
text = open(report, encoding="utf-8").read()
got = {(n, html.unescape(i)) for h, n, i in re.findall(
    r'<a href="([^"#]*)#page=(\d+)">([^<]+)</a>', text)
    if html.unescape(h) == href}
others = len(re.findall(r'#page=\d+', text)) - len(re.findall(
    r'<a href="' + re.escape(html.escape(href)) + r'#page=\d+"', text))
if got == want and others == 0:
    print(f"ok {len(want)}")
else:
    print("missing", sorted(want - got)[:5], "extra", sorted(got - want)[:5],
          "other hrefs", others)
PY
}

# 1. report --atlas: the links `run` gives its report, for a report
# written apart (before: an unknown option, exit 2).
"$ZG" report "$R" -o "$T/r.html" -q --atlas atlas.pdf
n=$(q "$R" "SELECT count(*) FROM proposals") # every proposal has a page
res=$(links "$T/r.html" atlas.pdf flagged)
expect_eq "report --atlas: each id with a page of the flagged atlas linked to it" "ok" "${res%% *}"
expect_true "report --atlas: proposals and clusters linked (${res#ok })" test "${res#ok }" -gt "$n"
expect_eq "as many pages linked as the demo's atlas.pdf has" \
  "$(pdfinfo "$D/atlas.pdf" | awk '/^Pages:/ {print $2}')" "${res#ok }"
"$ZG" report "$R" -o "$T/all.html" -q --atlas 'atlas & all.pdf' --atlas-pages all
res=$(links "$T/all.html" 'atlas & all.pdf' all)
expect_eq "--atlas-pages all: every cluster linked; the path HTML-escaped" \
  "ok $(( n + $(q "$R" "SELECT count(*) FROM clusters") ))" "$res"
"$ZG" report "$R" -o "$T/none.html" -q
expect_true "no --atlas: no links" bash -c "! grep -q '#page=' '$T/none.html'"
expect_exit "--atlas-pages alone" 2 "give --atlas too" -- \
  "$ZG" report "$R" -o "$T/x.html" --atlas-pages all
expect_exit "--atlas-pages takes flagged or all" 2 "flagged or all" -- \
  "$ZG" report "$R" -o "$T/x.html" --atlas a.pdf --atlas-pages some
expect_true "and no output" test ! -e "$T/x.html"

finish
