# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Issue 18 item 2: the atlas. `zoneguard atlas RESULTS -o atlas.pdf` and
# `run` write one A4 page per proposal, then one per cluster with housing
# inside or growth in its rings (every cluster with --atlas all). The
# pages are checked by atlas_check.py with sqlite3 (the page list),
# pdftotext (ids, names, verdicts, areas with a decimal comma, 1:N, grid
# labels) and OGR (the extent in the run's plane CRS, from which the
# round scale and the frame's coordinates follow).
# The full demo's atlas (44 pages) is the fixture's (lib.sh's demo_run),
# read as it is: its pages, and the report's links to them. Every other
# check is about the atlas command, not the demo's size: it runs on
# demo_subset.py's copy (6 clusters and the 8 proposals, 14 pages), run
# here with its atlas, and on small variants: a copy of that database
# with other rings or flags, and a scenario of the clusters and the
# proposals alone (a page per proposal when flagged), for the scenario's
# `atlas` key and the appended run.
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null || { echo "SKIP: no pdftotext (poppler-utils)"; exit 77; }
PY=/usr/bin/python3
CHECK="$ZG_ROOT/tests/cli/atlas_check.py"

F=$(demo_run)
expect_true "the demo's run writes atlas.pdf" test -s "$F/atlas.pdf"
expect_true "the demo's atlas: pages, ids, names, verdicts, scale, grid (vi)" \
  $PY "$CHECK" "$F/results.sqlite" "$F/atlas.pdf" flagged vi

# The report links each cluster and proposal to its page: the page a
# link names shows that id (pdftotext), and every page has a link.
links() {
  $PY - "$1" "$2" <<'PY'
import re, subprocess, sys
html = open(sys.argv[1], encoding="utf-8").read()
links = set(re.findall(r'<a href="atlas\.pdf#page=(\d+)">([^<]+)</a>', html))
bad = [f"{n} {i}" for n, i in sorted(links) if "Mã: " + i not in " ".join(
    subprocess.run(["pdftotext", "-f", n, "-l", n, sys.argv[2], "-"],
                   capture_output=True, text=True).stdout.split())]
print(len({n for n, _ in links}), " ".join(bad))
PY
}
npages=$(pdfinfo "$F/atlas.pdf" | awk '/^Pages:/ {print $2}')
expect_eq "report.html links every atlas page, each to its id's page" "$npages " "$(links "$F/report.html" "$F/atlas.pdf")"

$PY "$ZG_ROOT/tests/cli/demo_subset.py" "$GEO" "$T/sub"
grep -v '^atlas = none$' "$T/sub/subset.scenario" > "$T/sub.scenario"
"$ZG" run "$T/sub.scenario" -o "$T/run" -q
R="$T/run/results.sqlite"
expect_true "the subset's run: pages, ids, names, verdicts, scale, grid (vi)" \
  $PY "$CHECK" "$R" "$T/run/atlas.pdf" flagged vi

title=$(sed -n 's/^title = //p' "$GEO/demo/hanoi.scenario")
# Two processes draw the same database (run, then atlas): the same bytes.
"$ZG" atlas "$R" -o "$T/a1.pdf" -q --title "$title"
expect_true "the same database gives the same bytes as run's atlas (the scenario's title)" \
  cmp -s "$T/a1.pdf" "$T/run/atlas.pdf"
cp "$T/a1.pdf" "$T/a2.pdf" # kept: a1.pdf is overwritten below

# A database where the rule leaves clusters out: no housing inside and
# no growth for the clusters of Gia Lâm (CCN-GL-*).
cp "$R" "$T/few.sqlite"
sqlite3 "$T/few.sqlite" "UPDATE encroachment SET residential_ha = 0 WHERE cluster_id LIKE 'CCN-GL-%'; UPDATE encroachment_new SET new_ha = 0 WHERE cluster_id LIKE 'CCN-GL-%'"
left=$(q "$T/few.sqlite" "SELECT count(*) FROM clusters WHERE id LIKE 'CCN-GL-%'")
expect_true "some clusters lose their flag ($left)" test "$left" -gt 0
"$ZG" atlas "$T/few.sqlite" -o "$T/few.pdf" -q
expect_true "flagged: only clusters with housing inside or growth in a ring" \
  $PY "$CHECK" "$T/few.sqlite" "$T/few.pdf" flagged vi
# Every cluster of the subset is flagged: --atlas all is drawn from this
# copy, where it adds the 3 that are not.
"$ZG" atlas "$T/few.sqlite" -o "$T/all.pdf" -q --atlas all --lang en
expect_true "--atlas all --lang en: every cluster, English, decimal point" \
  $PY "$CHECK" "$T/few.sqlite" "$T/all.pdf" all en
expect_eq "--atlas all: 3 pages more than flagged" \
  "$(( $(pdfinfo "$T/few.pdf" | awk '/^Pages:/ {print $2}') + left ))" \
  "$(pdfinfo "$T/all.pdf" | awk '/^Pages:/ {print $2}')"

# Small rings: the zoom follows the extent, at other round scales. The
# atlas takes the rings from the run's options (atlas_check.py too): the
# subset's database with rings of 20 and 60 m there.
cp "$R" "$T/small.sqlite"
sqlite3 "$T/small.sqlite" "UPDATE runs SET options = replace(options, 'rings_m=50,100,300,500,1000', 'rings_m=20,60')"
expect_eq "the copy's rings are 20 and 60 m" 1 "$(q "$T/small.sqlite" "SELECT count(*) FROM runs WHERE options LIKE '%rings_m=20,60%' AND options NOT LIKE '%1000%'")"
"$ZG" atlas "$T/small.sqlite" -o "$T/small.pdf" -q
scales=$(for i in $(seq 1 "$(pdfinfo "$T/small.pdf" | awk '/^Pages:/ {print $2}')"); do
  pdftotext -f "$i" -l "$i" "$T/small.pdf" - | grep -o 'Tỷ lệ 1:[0-9.]*'; done | sort -u | wc -l)
expect_true "small rings: several scales among the pages ($scales)" test "$scales" -ge 2
expect_true "small rings: scale and grid of every page" \
  $PY "$CHECK" "$T/small.sqlite" "$T/small.pdf" flagged vi

# A database of overlaps alone (the subset's clusters, with the demo's
# one overlap): no proposal, no housing, no rings. No cluster is flagged;
# --atlas all gives every cluster, framed with a margin of a fifth of its
# size.
"$ZG" overlaps "$T/sub/clusters.shp" -o "$T/ov.sqlite" -q
expect_exit "nothing flagged: no atlas" 3 "no proposal and no cluster" -- \
  "$ZG" atlas "$T/ov.sqlite" -o "$T/ov.pdf"
expect_true "and no output" test ! -e "$T/ov.pdf"
"$ZG" atlas "$T/ov.sqlite" -o "$T/ov.pdf" -q --atlas all
expect_true "overlaps alone, --atlas all: every cluster, scale and grid" \
  $PY "$CHECK" "$T/ov.sqlite" "$T/ov.pdf" all vi

# The clusters (the subset's) and the proposals alone (the title of the
# demo's): a page per proposal when flagged, per proposal and cluster
# with all.
printf 'title = %s\nclusters = %s\nproposals = %s\n' "$title" \
  "$T/sub/clusters.shp" "$GEO/demo/hanoi_proposals_vn2000.gpkg" > "$T/cp.scenario"

# A database that holds two runs (--append): --run 1 is drawn from run
# 1's rows alone (the same bytes as before the second run), and run's
# atlas is that of the run just added (its proposals' pages).
"$ZG" run "$T/cp.scenario" -o "$T/run" -q --append
expect_eq "two runs in the database" 2 "$(q "$R" "SELECT count(*) FROM runs")"
"$ZG" atlas "$R" -o "$T/r1.pdf" -q --run 1 --title "$title"
expect_true "--run 1 of two: the atlas of run 1" cmp -s "$T/r1.pdf" "$T/a2.pdf"
"$ZG" atlas "$R" -o "$T/r2.pdf" -q --run 2 --title "$title"
expect_true "--run 2: run's own atlas of its second run" cmp -s "$T/r2.pdf" "$T/run/atlas.pdf"
expect_eq "run 2's atlas: a page per proposal" "$(q "$R" "SELECT count(*) FROM proposals WHERE run_id = 2")" \
  "$(pdfinfo "$T/r2.pdf" | awk '/^Pages:/ {print $2}')"

# The scenario's `atlas` key: all (every cluster, as --atlas all), none
# (no atlas, no links in the report), anything else refused (exit 3,
# naming the line). The page count of "all" is counted by sqlite3; with
# the default (flagged) the proposals have pages, which none leaves out.
for w in all none bogus; do
  { cat "$T/cp.scenario"; echo "atlas = $w"; } > "$T/atlas_$w.scenario"
done
"$ZG" run "$T/atlas_all.scenario" -o "$T/run_all" -q
A="$T/run_all/results.sqlite"
want=$(( $(q "$A" "SELECT count(*) FROM proposals") + $(q "$A" "SELECT count(*) FROM clusters") ))
expect_eq "atlas = all: a page per proposal and per cluster" "$want" \
  "$(pdfinfo "$T/run_all/atlas.pdf" | awk '/^Pages:/ {print $2}')"
"$ZG" run "$T/atlas_none.scenario" -o "$T/run_none" -q
expect_true "atlas = none: no atlas" test ! -e "$T/run_none/atlas.pdf"
expect_true "atlas = none: the report links to no atlas" \
  bash -c "! grep -q 'atlas.pdf#page' '$T/run_none/report.html'"
expect_exit "atlas = bogus is refused" 3 "flagged, all or none" -- \
  "$ZG" run "$T/atlas_bogus.scenario" -o "$T/run_bogus"

# Errors.
expect_exit "an existing -o without --overwrite" 6 "exists" -- \
  "$ZG" atlas "$R" -o "$T/a1.pdf"
"$ZG" atlas "$R" -o "$T/a1.pdf" -q --overwrite --lang en
expect_true "--overwrite replaces it" bash -c "! cmp -s '$T/a1.pdf' '$T/a2.pdf'"
cp "$R" "$T/same.sqlite"
expect_exit "the output is the input" 2 "same.sqlite" -- \
  "$ZG" atlas "$T/same.sqlite" -o "$T/same.sqlite" --overwrite
expect_eq "the input is left as it was" "$(sha256sum < "$R")" "$(sha256sum < "$T/same.sqlite")"
expect_exit "a GeoPackage that is no results database" 3 "not a zoneguard results database" -- \
  "$ZG" atlas "$GEO/demo/hanoi_parks_vn2000.gpkg" -o "$T/x.pdf"
expect_true "and no output" test ! -e "$T/x.pdf"
expect_exit "--atlas takes flagged or all" 2 "flagged or all" -- \
  "$ZG" atlas "$R" -o "$T/x.pdf" --atlas some
expect_exit "--lang" 2 "vi or en" -- "$ZG" atlas "$R" -o "$T/x.pdf" --lang fr
expect_exit "--run of a run the database lacks" 2 "no run 7" -- \
  "$ZG" atlas "$R" -o "$T/x.pdf" --run 7
finish
