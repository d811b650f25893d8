# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# GeoJSON output: RFC 7946 (no crs member, lon/lat, exterior rings
# counter-clockwise and holes clockwise), the same bytes on every run.
. "$(dirname "$0")/lib.sh"
IN="$GEO/real/dvhcvn/hanoi_districts.geojson"
"$ZG" areas "$IN" -o "$T/a.sqlite" --geojson "$T/a.geojson" -q
"$ZG" areas "$IN" -o "$T/b.sqlite" --geojson "$T/b.geojson" -q
if cmp -s "$T/a.geojson" "$T/b.geojson"; then ok "same bytes on two runs"; else bad "GeoJSON differs between runs"; fi
res=$(python3 - "$T/a.geojson" <<'PY'
import json, sys
fc = json.load(open(sys.argv[1], encoding="utf-8"))
def signed(r):
    return sum(r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1] for i in range(len(r) - 1)) / 2
problems = []
if "crs" in fc:
    problems.append("crs member present")
for f in fc["features"]:
    g = f["geometry"]
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    for p in polys:
        if signed(p[0]) <= 0:
            problems.append("clockwise shell in " + f["properties"]["ten_huyen"])
        for h in p[1:]:
            if signed(h) >= 0:
                problems.append("counter-clockwise hole")
        for r in p:
            for x, y in r:
                if not (102 < x < 110 and 8 < y < 24):
                    problems.append("not lon/lat")
print(len(fc["features"]), ";".join(sorted(set(problems))) or "none")
PY
)
expect_eq "30 features, RFC 7946 rings, lon/lat, no crs" "30 none" "$res"
name=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['features'][0]['properties']['ten_huyen'])" "$T/a.geojson")
expect_eq "Vietnamese text intact" "Quận Ba Đình" "$name"
finish
