# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The command line says what went wrong in the user's own words:
#  - a single-valued option given twice (-o a -o b, --landuse x --landuse
#    y, an abbreviation of one and the other) is a usage error naming it,
#    not "the last one wins"; --residential, one per date, still repeats;
#  - an unknown option is named as typed (-t_srs, wherever it stands), a
#    near miss of a long option or an ambiguous abbreviation says so;
#  - a mistyped command gets the nearest one;
#  - `run` lists every file it wrote, map and report included: the list is
#    compared with what find(1) sees in the folder.
. "$(dirname "$0")/lib.sh"
C="$GEO/demo/hanoi_clusters_vn2000.shp"
none() { # none WHAT FILE...: none of the files was written
  local f
  for f in "${@:2}"; do
    if [[ -e "$f" ]]; then bad "$1: $f was written"; return; fi
  done
  ok "$1"
}

# ---- repeated options ------------------------------------------------------
expect_exit "-o twice" 2 "--output is given twice ('$T/a.sqlite', then '$T/b.sqlite')" -- \
  "$ZG" areas "$C" -o "$T/a.sqlite" -o "$T/b.sqlite"
none "... neither output written" "$T/a.sqlite" "$T/b.sqlite"
expect_exit "--output= and an abbreviation of it" 2 "--output is given twice ('$T/a.sqlite', then '$T/b.sqlite')" -- \
  "$ZG" areas "$C" --output="$T/a.sqlite" --out "$T/b.sqlite"
expect_exit "--landuse twice" 2 "--landuse is given twice ('x.gpkg', then 'y.gpkg')" -- \
  "$ZG" landuse "$C" --landuse x.gpkg --landuse y.gpkg -o "$T/l.sqlite"
expect_exit "--epochs twice (encroach)" 2 "--epochs is given twice" -- \
  "$ZG" encroach "$C" --residential "$C" --epochs a --epochs b -o "$T/e.sqlite"
expect_exit "--rules twice (check)" 2 "--rules is given twice" -- \
  "$ZG" check "$C" --rules r1.csv --rules r2.csv -o "$T/c.sqlite"
expect_exit "--parks twice (reserve)" 2 "--parks is given twice" -- \
  "$ZG" reserve "$C" --parks p1 --parks p2 -o "$T/r.sqlite"
expect_exit "run -o twice" 2 "--output is given twice ('$T/r1', then '$T/r2')" -- \
  "$ZG" run -o "$T/r1" -o "$T/r2"
none "... no folder made" "$T/r1" "$T/r2"
expect_exit "map --title twice" 2 "--title is given twice" -- \
  "$ZG" map "$T/x.sqlite" --title a --title b -o "$T/m.png"
expect_exit "report --lang twice" 2 "--lang is given twice ('vi', then 'en')" -- \
  "$ZG" report "$T/x.sqlite" --lang vi --lang en -o "$T/r.html"
# One --residential per date: two dates, two epochs in the table.
expect_exit "--residential repeats, one per date" 0 "2 dates" -- \
  "$ZG" encroach "$C" --residential "$C" --residential "$C" --epochs 2020,2025 -o "$T/e.sqlite"
expect_eq "... both dates read" "2020 2025" "$(q "$T/e.sqlite" "SELECT group_concat(epoch, ' ') FROM (SELECT DISTINCT epoch FROM encroachment ORDER BY epoch)")"

# ---- unknown options, named as typed ---------------------------------------
expect_exit "-t_srs before the input" 2 "unknown option -t_srs " -- \
  "$ZG" areas -t_srs EPSG:4326 "$C" -o "$T/u.sqlite"
expect_exit "-t_srs after the input" 2 "unknown option -t_srs " -- \
  "$ZG" areas "$C" -t_srs EPSG:4326 -o "$T/u.sqlite"
expect_exit "an unknown letter after a known one" 2 "unknown option -qx " -- \
  "$ZG" areas "$C" -qx -o "$T/u.sqlite"
expect_exit "--ouptut: the near long option" 2 "unknown option --ouptut (did you mean --output?)" -- \
  "$ZG" areas "$C" --ouptut "$T/u.sqlite"
expect_exit "--o: ambiguous, with its candidates" 2 "ambiguous option --o: --output, --overwrite" -- \
  "$ZG" areas "$C" --o "$T/u.sqlite"
expect_exit "--bogus=1, as typed" 2 "unknown option --bogus=1 " -- \
  "$ZG" areas "$C" --bogus=1 -o "$T/u.sqlite"
expect_exit "a missing value names the option" 2 "--output needs a value" -- \
  "$ZG" areas "$C" -o
expect_exit "another command's option, named" 2 "--landuse is an option of 'landuse', not 'areas'" -- \
  "$ZG" areas --landuse x.gpkg "$C" -o "$T/u.sqlite"
none "... nothing written" "$T/u.sqlite"

# ---- mistyped commands -------------------------------------------------------
expect_exit "area" 2 "unknown command 'area' (did you mean 'areas'?)" -- "$ZG" area "$C"
expect_exit "reprot" 2 "did you mean 'report'?" -- "$ZG" reprot
expect_exit "encroachment" 2 "did you mean 'encroach'?" -- "$ZG" encroachment
expect_exit "a word near no command: no guess" 2 "unknown command 'zzzz' (see" -- "$ZG" zzzz

# ---- run lists every file it wrote ------------------------------------------
# The demo run (lib.sh's demo_run, without -q): its stderr and its folder.
D=$(demo_run)
sed -n 's/^\r\{0,1\}zoneguard: wrote //p' "$D.err" >"$T/listed"
(cd / && find "$D" -type f ! -name '.*' | LC_ALL=C sort) >"$T/found"
expect_eq "run: the files listed are those in the folder" "$(cat "$T/found")" "$(LC_ALL=C sort "$T/listed")"
for f in results.sqlite map.png map.pdf report.html csv/clusters.csv geojson/clusters.geojson; do
  expect_eq "... $f listed" 1 "$(grep -cx "$D/$f" "$T/listed")"
done
# -q over that folder: a run of the clusters and proposals alone (every
# product but the housing's: results, CSV, GeoJSON, map, report, atlas).
cp -r "$D" "$T/out"
printf 'clusters = %s\nproposals = %s\n' "$GEO/demo/hanoi_clusters_vn2000.shp" \
  "$GEO/demo/hanoi_proposals_vn2000.gpkg" > "$T/cp.scenario"
rc=0
"$ZG" run "$T/cp.scenario" -o "$T/out" --overwrite -q 2>"$T/run.err" || rc=$?
expect_eq "... -q: the run replaced the folder's results (exit 0, no housing table)" "0 0" \
  "$rc $(q "$T/out/results.sqlite" "SELECT count(*) FROM sqlite_master WHERE name = 'encroachment'")"
# (grep: a sanitizer build adds its own report to stderr)
expect_eq "... -q: nothing listed" 0 "$(grep -c 'zoneguard:' "$T/run.err" || true)"
finish
