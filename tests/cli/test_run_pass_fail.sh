# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# run: the pass reads its large layers side by side (overlay/pass.c), and
# a layer that cannot be read still fails the run as when they were read
# one after another: the first bad layer in the plan's order (land use,
# then each residential layer) is the one told, once, with the input
# error's exit code, whichever read fails first; no folder is left.
. "$(dirname "$0")/lib.sh"
D="$GEO/demo"
mkdir "$T/s"
printf 'not a vector file\n' > "$T/s/bad_res.gpkg"
printf 'not a vector file\n' > "$T/s/bad_lu.gpkg"
common="clusters = $D/hanoi_clusters_vn2000.shp
code_field = ma_ldat
codes = tt08_2024
residential_code_field = ma_ldat"
printf '%s\nlanduse = %s\nresidential = %s, bad_res.gpkg\n' "$common" \
  "$D/hanoi_landuse_2025.gpkg.zip" "$D/hanoi_landuse_2020.gpkg.zip" \
  > "$T/s/res.scenario"
printf '%s\nlanduse = bad_lu.gpkg\nresidential = bad_res.gpkg\n' "$common" \
  > "$T/s/both.scenario"

# The land use and residential_1 are read whole beside it; residential_2
# is told.
expect_exit "a bad residential layer fails the run" 3 \
  "not recognized as a supported file format.*bad_res.gpkg" -- \
  "$ZG" run "$T/s/res.scenario" -o "$T/res"
expect_eq "told once" 1 "$(grep -c 'bad_res.gpkg' "$T/stderr")"
expect_true "no folder left" test ! -e "$T/res"

# Both bad: the land use comes first in the plan, whichever read fails
# first (three times: the reads race).
for i in 1 2 3; do
  expect_exit "both bad: the land use is told ($i)" 3 "bad_lu.gpkg" -- \
    "$ZG" run "$T/s/both.scenario" -o "$T/both"
  expect_eq "both bad: residential not told ($i)" 0 \
    "$(grep -c 'bad_res.gpkg' "$T/stderr")"
done
expect_true "no folder left" test ! -e "$T/both"
finish
