# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# run: the CSV files are written beside the map and report. A product
# that fails still fails the run with its own exit code and message, told
# once; the run leaves no folder where there was none, no CSV folder, and
# an earlier run's files byte for byte as they were (--overwrite).
. "$(dirname "$0")/lib.sh"
D="$GEO/demo"
mkdir "$T/s"
printf 'not a vector file\n' > "$T/s/broken.geojson"
cat > "$T/s/bad.scenario" <<S
clusters = $D/hanoi_clusters_vn2000.shp
districts = broken.geojson
S
cat > "$T/s/good.scenario" <<S
clusters = $D/hanoi_clusters_vn2000.shp
S

# The map cannot read the districts: an input error (exit 3) naming the
# file, after the analyses and the CSV files were done.
expect_exit "a failing map fails the run" 3 \
  "cannot open input as a vector source.*broken.geojson" -- \
  "$ZG" run "$T/s/bad.scenario" -o "$T/new"
expect_eq "the failure is told once" 1 \
  "$(grep -c 'broken.geojson' "$T/stderr")"
expect_true "no folder left where there was none" test ! -e "$T/new"

"$ZG" run "$T/s/good.scenario" -o "$T/keep" -q
cp -a "$T/keep" "$T/keep0"
expect_exit "a failing map fails the run over an earlier one" 3 \
  "broken.geojson" -- "$ZG" run "$T/s/bad.scenario" -o "$T/keep" --overwrite
expect_true "the earlier run's files are as they were" \
  diff -r "$T/keep0" "$T/keep"
expect_eq "no staging folder left" "" \
  "$(find "$T/keep" -name '.zoneguard-*' -print)"
finish
