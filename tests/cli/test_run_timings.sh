# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# run --timings: each step's wall time on stderr, also with -q, in the
# order the steps run; the steps add up to the total (they are
# consecutive); the results are the same as without it.
. "$(dirname "$0")/lib.sh"
"$ZG" run -o "$T/a" -q --timings 2>"$T/a.err"
"$ZG" run -o "$T/b" -q 2>"$T/b.err"
res=$(python3 - "$T/a.err" <<'PY'
import re, sys
steps, total, other = [], None, []
# Messages start with a carriage return (over a progress bar): lines end
# at newlines only.
for line in open(sys.argv[1], encoding="utf-8", newline="\n"):
    line = line.lstrip("\r")
    m = re.match(r"^zoneguard: timing: (.+) (\d+\.\d{3}) s$", line.rstrip("\n"))
    if not m:
        other.append(line.strip())
    elif m.group(1) == "total":
        total = float(m.group(2))
    else:
        steps.append((m.group(1), float(m.group(2))))
names = [s for s, _ in steps]
# The analyses' reads planned, then each large layer read once (the
# pass), then the analyses on what the pass read.
want = ["options", "read clusters", "areas and overlaps", "read parks",
        "read proposals", "plan", "pass landuse", "pass residential_1",
        "pass residential_2", "landuse", "encroach", "reserve", "check",
        "write database", "csv, map and report"]
bad = []
if other:
    bad.append("other lines: %s" % other[:2])
if names != want:
    bad.append("steps %s" % names)
s = sum(t for _, t in steps)
# Each printed time is rounded to 1 ms: the sum may differ from the total
# by that much per step.
if total is None or not (s - 0.001 * len(steps) <= total <= s + 0.05):
    bad.append("total %s for steps adding to %.3f" % (total, s))
print("; ".join(bad) or "ok")
PY
)
expect_eq "every step timed, in order, adding up to the total" ok "$res"
expect_eq "without --timings, -q says nothing" "" "$(cat "$T/b.err")"
expect_eq "the same results with and without" \
  "$(q "$T/b/results.sqlite" "SELECT group_concat(cluster_id || code || area_ha) FROM landuse_composition")" \
  "$(q "$T/a/results.sqlite" "SELECT group_concat(cluster_id || code || area_ha) FROM landuse_composition")"
finish
