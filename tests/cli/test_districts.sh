# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The 30 districts of Hà Nội (real government boundaries) tile the
# province: their ellipsoidal areas must add up to the province's, and
# each must equal GeographicLib's Planimeter on the same vertices.
. "$(dirname "$0")/lib.sh"
D="$GEO/real/dvhcvn"
"$ZG" areas "$D/hanoi_districts.geojson" -o "$T/d.sqlite" -q
"$ZG" areas "$D/hanoi_province.geojson" -o "$T/p.sqlite" -q
expect_eq "30 districts measured" 30 "$(q "$T/d.sqlite" "SELECT count(*) FROM clusters")"
sum=$(q "$T/d.sqlite" "SELECT printf('%.10f', sum(area_ha)) FROM clusters")
prov=$(q "$T/p.sqlite" "SELECT printf('%.10f', area_ha) FROM clusters")
expect_rel "district areas add up to the province" "$prov" "$sum" 1e-6
sum_plane=$(q "$T/d.sqlite" "SELECT printf('%.10f', sum(area_plane_ha)) FROM clusters")
prov_plane=$(q "$T/p.sqlite" "SELECT printf('%.10f', area_plane_ha) FROM clusters")
expect_rel "plane areas add up too" "$prov_plane" "$sum_plane" 1e-6
# The official plane is within 0.02 % of the ellipsoid in Hanoi
# (shared/docs/numbers.md).
expect_rel "EPSG:5897 area close to ellipsoidal" "$prov" "$prov_plane" 2e-4
# The province is 3 355.58 km² in UTM 48N, which is 0.05-0.08 % low.
expect_rel "province about 3 357.8 km²" 335780 "$prov" 1e-3

python3 "$ZG_ROOT/tests/cli/planimeter_areas.py" "$D/hanoi_districts.geojson" > "$T/ref.txt"
q "$T/d.sqlite" "SELECT fid - 1, printf('%.17g', area_ha * 1e4) FROM clusters ORDER BY fid" | tr '|' ' ' > "$T/got.txt"
worst=$(python3 - "$T/ref.txt" "$T/got.txt" <<'PY'
import sys
ref = dict(l.split() for l in open(sys.argv[1]))
got = dict(l.split() for l in open(sys.argv[2]))
print(max(abs(float(got[k]) - float(ref[k])) / float(ref[k]) for k in ref))
PY
)
expect_rel "worst district vs Planimeter (rel diff below 1e-9)" 1 "$(python3 -c "print(1 + $worst)")" 1e-9
finish
