# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The report of a scene of many clusters, row by row against the database
# (report_rows.py works every figure out again in Python): the report
# looks names and figures up by key in indexed copies of the tables
# (report.c, "lookups"), which must give what a scan of the run's rows
# gives. The database holds two runs of the same clusters under other
# names, so that a name taken from the wrong run shows. The scene is the
# report benchmark's (scripts/bench/make_report_scene.py): overlaps,
# land use, housing at two dates in rings, proposals, a repaired parcel.
# Its cost is checked, untimed, by the unit test report_scale.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
ROWS="python3 $ZG_ROOT/tests/cli/report_rows.py"
$PY "$ZG_ROOT/scripts/bench/make_report_scene.py" --clusters 60 --out "$T/s" 2>/dev/null
"$ZG" run "$T/s/scene.scenario" -o "$T/out" -q
# Run 2: the same clusters, renamed.
ogrinfo -q "$T/s/clusters.gpkg" -sql "UPDATE clusters SET ten_ccn = 'Run 2 ' || ten_ccn" >/dev/null
"$ZG" run "$T/s/scene.scenario" -o "$T/out" --append -q
R="$T/out/results.sqlite"
expect_eq "two runs of 60 clusters" "60 60" "$(q "$R" "SELECT group_concat(n, ' ') FROM (SELECT count(*) n FROM clusters GROUP BY run_id ORDER BY run_id)")"
expect_eq "every section has rows in run 2" "1 1 1 1" "$(q "$R" "SELECT (SELECT count(*) > 0 FROM cluster_overlaps WHERE run_id = 2) || ' ' || (SELECT count(*) > 0 FROM encroachment_new WHERE run_id = 2) || ' ' || (SELECT count(*) > 0 FROM proposal_checks WHERE run_id = 2) || ' ' || (SELECT count(*) > 0 FROM qa_log WHERE run_id = 2)")"

check_rows() {
  local what=$1 run=$2 out rc=0
  out=$($ROWS "$R" "$run" "$3" 2>&1) || rc=$?
  if [[ $rc -eq 0 ]]; then ok "$what: $out"; else bad "$what: $out"; fi
}
"$ZG" report "$R" -o "$T/r2.html" --lang en -q
check_rows "report of run 2 (the latest)" 2 "$T/r2.html"
if grep -q ">Cụm công nghiệp Phú Nghĩa 1<" "$T/r2.html"; then bad "run 1's names in run 2's report"; else ok "no name of run 1 in run 2's report"; fi
"$ZG" report "$R" -o "$T/r1.html" --lang en --run 1 -q
check_rows "report of run 1" 1 "$T/r1.html"
if grep -q ">Run 2 " "$T/r1.html"; then bad "run 2's names in run 1's report"; else ok "no name of run 2 in run 1's report"; fi
finish
