# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# `zoneguard run SCENARIO --KEY VALUE`: each scenario key is an option of
# run ('-' for '_'), whose value replaces the file's; its relative paths
# start from the current folder; it is checked as the file's line is, but
# a bad one is a usage error (exit 2) naming the option.
. "$(dirname "$0")/lib.sh"
D="$GEO/demo"
mkdir -p "$T/s" "$T/cwd"
cp "$D"/hanoi_clusters_vn2000.* "$T/cwd/"
N=$(ogrinfo -ro -q -sql "SELECT COUNT(*) AS n FROM hanoi_clusters_vn2000" "$T/cwd/hanoi_clusters_vn2000.shp" | sed -n 's/.*n (Integer) = //p')
# The file names a layer that is not there, says "no atlas" and a title.
cat > "$T/s/a.scenario" <<S
title = From the file
clusters = missing.shp
atlas = none
S
pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }

# A relative path on the command line starts from the current folder, not
# the scenario's; --atlas all replaces the file's none: a page a cluster.
(cd "$T/cwd" && "$ZG" run "$T/s/a.scenario" -o "$T/o1" -q --clusters hanoi_clusters_vn2000.shp \
  --atlas all --title "From the command line") && ok "run with keys as options" || bad "run with keys as options failed"
expect_eq "the clusters read from the current folder" "$T/cwd/hanoi_clusters_vn2000.shp" \
  "$(q "$T/o1/results.sqlite" "SELECT DISTINCT path FROM run_inputs WHERE role = 'clusters'")"
expect_eq "--atlas all: a page for each of the $N clusters" "$N" "$(pages "$T/o1/atlas.pdf")"
if grep -q "From the command line" "$T/o1/report.html" && ! grep -q "From the file" "$T/o1/report.html"; then
  ok "--title replaces the file's title"
else
  bad "--title did not replace the file's title"
fi

# The file's atlas = none holds where no option replaces it.
printf 'clusters = %s\natlas = none\n' "$T/cwd/hanoi_clusters_vn2000.shp" > "$T/s/b.scenario"
"$ZG" run "$T/s/b.scenario" -o "$T/o2" -q && [[ ! -e $T/o2/atlas.pdf ]] && ok "atlas = none: no atlas" || bad "atlas = none wrote an atlas"
# A scenario without clusters, given them on the command line.
printf 'title = t\n' > "$T/s/c.scenario"
"$ZG" run "$T/s/c.scenario" -o "$T/o3" -q --clusters "$T/cwd/hanoi_clusters_vn2000.shp" --atlas none &&
  ok "clusters given only on the command line" || bad "clusters given only on the command line refused"
expect_exit "no clusters anywhere" 3 "names no clusters layer" -- "$ZG" run "$T/s/c.scenario" -o "$T/o4"

# Checked as the file's lines, named by the option, exit 2.
expect_exit "a bad --atlas" 2 "key 'atlas' (from --atlas on the command line) must be flagged, all or none" -- \
  "$ZG" run "$T/s/b.scenario" -o "$T/x" --atlas some
expect_exit "a bad --report-layout" 2 "key 'report_layout' (from --report-layout on the command line) must be standard or official" -- \
  "$ZG" run "$T/s/b.scenario" -o "$T/x" --report-layout fancy
expect_exit "a bad --rings" 2 "key 'rings' .*from --rings on the command line" -- \
  "$ZG" run "$T/s/b.scenario" -o "$T/x" --rings 300,100
expect_exit "an empty path in --residential" 2 "key 'residential' names an empty path (from --residential on the command line)" -- \
  "$ZG" run "$T/s/b.scenario" -o "$T/x" --residential "a.gpkg, ,b.gpkg"
expect_exit "--atlas twice" 2 "--atlas is given twice" -- \
  "$ZG" run "$T/s/b.scenario" -o "$T/x" --atlas none --atlas all
expect_exit "a misspelt key" 2 "unknown option --atlass (did you mean --atlas?)" -- \
  "$ZG" run "$T/s/b.scenario" -o "$T/x" --atlass none
[[ ! -e $T/x ]] && ok "nothing written after a refused option" || bad "$T/x written after a refused option"
finish
