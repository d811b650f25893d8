# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Progress for a host program (the QGIS plugin): with ZG_PROGRESS=lines the
# command writes "zoneguard: progress STAGE PCT%" lines on stderr, the per
# cent never going back within a stage (a stage met again starts over at
# 0) and the overlay, the long stage, reported between 0 and 100; without
# it, on a stderr that is not a terminal, no progress at all.
. "$(dirname "$0")/lib.sh"
D="$GEO/demo"
args=(landuse "$D/hanoi_clusters_vn2000.shp" --landuse "$D/hanoi_landuse_2025.gpkg.zip"
      --code-field ma_ldat --overwrite -q)
ZG_PROGRESS=lines "$ZG" "${args[@]}" -o "$T/a.sqlite" 2>"$T/lines.err"
res=$(python3 - "$T/lines.err" <<'PY'
import re, sys
pat = re.compile(r"^zoneguard: progress (\S+) (\d+)%$")
last, bad, stages = {}, [], []
for line in open(sys.argv[1], encoding="utf-8"):
    m = pat.match(line.rstrip("\n"))
    if not m:
        bad.append("not a progress line: " + line.strip())
        continue
    stage, pct = m.group(1), int(m.group(2))
    if stage not in last:
        stages.append(stage)
    elif pct < last[stage] and pct != 0:
        bad.append("%s went back to %d" % (stage, pct))
    last[stage] = pct
mid = [1 for line in open(sys.argv[1]) if re.match(r"^zoneguard: progress overlay ([1-9]|[1-9][0-9])%$", line)]
if not mid:
    bad.append("no overlay progress between 0 and 100")
print("; ".join(bad) if bad else "ok " + ",".join(stages))
PY
)
expect_true "progress lines, per cent rising within each stage ($res)" grep -q "^ok .*overlay" <<<"$res"
"$ZG" "${args[@]}" -o "$T/b.sqlite" 2>"$T/plain.err"
expect_eq "without ZG_PROGRESS, nothing on a stderr that is no terminal" "" "$(cat "$T/plain.err")"
expect_eq "the same results either way" "$(q "$T/b.sqlite" "SELECT group_concat(cluster_id || code || area_ha) FROM landuse_composition")" \
  "$(q "$T/a.sqlite" "SELECT group_concat(cluster_id || code || area_ha) FROM landuse_composition")"
finish
