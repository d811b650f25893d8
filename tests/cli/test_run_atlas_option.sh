# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# `zoneguard run --atlas flagged|all|none`: the command line's choice of
# atlas.pdf's pages instead of the scenario's key `atlas` (the QGIS
# plugin's run offers it). Pages counted with pdfinfo against the
# clusters counted with sqlite3 (a run of clusters alone has no housing:
# no cluster is flagged, so the default writes no atlas).
. "$(dirname "$0")/lib.sh"
CL="$GEO/demo/hanoi_clusters_vn2000.shp"
printf 'clusters = %s\n' "$CL" >"$T/plain.scenario"
printf 'clusters = %s\natlas = all\n' "$CL" >"$T/all.scenario"
n=$(ogrinfo -ro -so -al "$CL" | sed -n 's/^Feature Count: //p')

expect_exit "run --atlas all" 0 "done" -- "$ZG" run "$T/plain.scenario" -o "$T/a" --atlas all
expect_eq "atlas.pdf: one page per cluster (ogrinfo's count)" "$n" \
  "$(pdfinfo "$T/a/atlas.pdf" | sed -n 's/^Pages: *//p')"
expect_eq "... the database's clusters" "$n" "$(q "$T/a/results.sqlite" "SELECT count(*) FROM clusters")"
"$ZG" run "$T/plain.scenario" -o "$T/f" -q
expect_eq "without --atlas (flagged): no cluster flagged, no atlas" no \
  "$([[ -e $T/f/atlas.pdf ]] && echo yes || echo no)"
expect_exit "run --atlas none over the scenario's 'atlas = all'" 0 "done" -- \
  "$ZG" run "$T/all.scenario" -o "$T/n" --atlas none
expect_eq "... no atlas" no "$([[ -e $T/n/atlas.pdf ]] && echo yes || echo no)"
expect_true "... the rest written" test -s "$T/n/report.html"
expect_exit "run --atlas some: refused" 2 "key 'atlas'.* must be flagged, all or none" -- \
  "$ZG" run "$T/plain.scenario" -o "$T/bad" --atlas some
expect_eq "... nothing made" no "$([[ -e $T/bad ]] && echo yes || echo no)"
finish
