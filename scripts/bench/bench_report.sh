#!/bin/bash
# bench_report.sh [CLUSTERS...]: time `zoneguard report` and `zoneguard map`
# on results databases of growing size, before and after a change, so that
# their growth with the rows of the database can be seen (default sizes:
# 300 2000 10000 clusters).
#
#   scripts/bench/bench_report.sh                # ~5 min here (2 cores)
#   ZG_BEFORE=/path/to/old/zoneguard scripts/bench/bench_report.sh 300 2000
#
# Environment:
#   ZG                 zoneguard binary measured as "after" (default build/zoneguard);
#                      it also writes the results databases (`zoneguard run`)
#   ZG_BEFORE          zoneguard binary measured as "before" (default: built
#                      from ZG_BEFORE_REF with `git archive`, in the data folder)
#   ZG_BEFORE_REF      git revision of "before" (default main)
#   ZG_BEFORE_TIMEOUT  seconds after which a "before" command is stopped and
#                      reported as "> N s" (default 120)
#   ZG_BENCH_DATA      scenes, databases and builds (default /var/tmp/zoneguard-bench/report)
#   ZG_BENCH_REPEAT    interleaved rounds, median reported (default 3; a
#                      "before" command slower than 20 s runs once)
#   ZG_BENCH_RESULTS   results file (default scripts/bench/results.md): the
#                      table replaces the block between the bench_report.sh markers
#
# Scenes: make_report_scene.py (clusters on a grid, four parcels each,
# houses at two dates in and around them, 20 proposals). Not a test: run by
# hand. Each command's output is compared byte for byte, before with after.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ZG=${ZG:-$ROOT/build/zoneguard}
DATA=${ZG_BENCH_DATA:-/var/tmp/zoneguard-bench/report}
REF=${ZG_BEFORE_REF:-main}
TIMEOUT=${ZG_BEFORE_TIMEOUT:-120}
REPEAT=${ZG_BENCH_REPEAT:-3}
RESULTS=${ZG_BENCH_RESULTS:-$HERE/results.md}
PY=/usr/bin/python3
export ZG_DATA_DIR=${ZG_DATA_DIR:-$ROOT/geodata}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(300 2000 10000)

die() { echo "bench_report: $*" >&2; exit 1; }
log() { echo "bench_report: $*" >&2; }
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[0-9]+$ && $n -ge 30 ]] || die "a size is a number of clusters, at least 30: '$n'"
done
[ -x "$ZG" ] || die "no zoneguard at $ZG (build it first, or set ZG)"
mkdir -p "$DATA"

# ---- the "before" binary ------------------------------------------------
if [ -z "${ZG_BEFORE:-}" ]; then
    rev=$(git -C "$ROOT" rev-parse --short "$REF") || die "no revision '$REF'"
    src=$DATA/before-$rev
    ZG_BEFORE=$src/build/zoneguard
    if [ ! -x "$ZG_BEFORE" ]; then
        log "building $REF ($rev) in $src"
        rm -rf "$src" && mkdir -p "$src"
        git -C "$ROOT" archive "$rev" | tar -x -C "$src"
        cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
        cmake --build "$src/build" --target zoneguard_cli -j"$(nproc)" >/dev/null
    fi
    BEFORE_NAME=$rev
    [ "$REF" = "$rev" ] || BEFORE_NAME="$REF ($rev)"
else
    BEFORE_NAME=$ZG_BEFORE
fi
AFTER_NAME="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo '+changes')"

# run_timed OUT_VAR LIMIT -- command...: wall seconds into OUT_VAR, or
# ">LIMIT" when the command was stopped at LIMIT seconds (0: no limit).
run_timed() {
    local var=$1 limit=$2 t0 t1 rc=0
    shift 3
    t0=$(date +%s.%N)
    if [ "$limit" -gt 0 ]; then
        timeout "$limit" "$@" >/dev/null 2>&1 || rc=$?
    else
        "$@" >/dev/null 2>&1 || rc=$?
    fi
    t1=$(date +%s.%N)
    if [ $rc -eq 124 ]; then
        printf -v "$var" '>%s' "$limit"
    elif [ $rc -ne 0 ]; then
        die "failed (exit $rc): $*"
    else
        printf -v "$var" '%.3f' "$(echo "$t1 - $t0" | bc -l)"
    fi
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ROWS_SQL="SELECT (SELECT count(*) FROM clusters) + (SELECT count(*) FROM cluster_overlaps)
 + (SELECT count(*) FROM cluster_overlap_slivers) + (SELECT count(*) FROM landuse_composition)
 + (SELECT count(*) FROM encroachment) + (SELECT count(*) FROM encroachment_new)
 + (SELECT count(*) FROM encroachment_lost) + (SELECT count(*) FROM reserve)
 + (SELECT count(*) FROM proposals) + (SELECT count(*) FROM proposal_checks)
 + (SELECT count(*) FROM proposal_evidence) + (SELECT count(*) FROM qa_log)
 + (SELECT count(*) FROM run_inputs)"

TABLE="| clusters | rows | report before s | report after s | speed-up | before ms per 1 000 rows | after ms per 1 000 rows | after: ms per 1 000 more rows | map before s | map after s | map after: ms per 1 000 more rows | same bytes |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
prev_rows="" prev_ra="" prev_ma=""
for n in "${SIZES[@]}"; do
    dir=$DATA/c$n
    if [ ! -s "$dir/scene/scene.scenario" ]; then
        log "scene of $n clusters"
        rm -rf "$dir/scene"
        $PY "$HERE/make_report_scene.py" --clusters "$n" --out "$dir/scene.part" 2>/dev/null
        mv "$dir/scene.part" "$dir/scene"
    fi
    db=$dir/out/results.sqlite
    if [ ! -s "$db" ]; then
        log "results database of $n clusters (zoneguard run)"
        "$ZG" run "$dir/scene/scene.scenario" -o "$dir/out" --overwrite -q
    fi
    rows=$(sqlite3 -batch -noheader "$db" "$ROWS_SQL")
    log "$n clusters, $rows rows: $REPEAT rounds"
    cat "$db" >/dev/null # the page cache warm for every command alike
    rb=() ra=() mb=() ma=()
    once_b=0 once_mb=0
    for ((r = 1; r <= REPEAT; r++)); do
        t_rb=- t_mb=-
        if [ $once_b -eq 0 ]; then
            run_timed t "$TIMEOUT" -- "$ZG_BEFORE" report "$db" -o "$dir/before.html" --overwrite -q
            rb+=("$t") t_rb=$t
            case $t in '>'*) once_b=1 ;; *) [ "$(echo "$t > 20" | bc)" = 1 ] && once_b=1 ;; esac
        fi
        run_timed t 0 -- "$ZG" report "$db" -o "$dir/after.html" --overwrite -q
        ra+=("$t")
        if [ $once_mb -eq 0 ]; then
            run_timed t "$TIMEOUT" -- "$ZG_BEFORE" map "$db" -o "$dir/before.png" --date 2026-01-01 --overwrite -q
            mb+=("$t") t_mb=$t
            case $t in '>'*) once_mb=1 ;; *) [ "$(echo "$t > 20" | bc)" = 1 ] && once_mb=1 ;; esac
        fi
        run_timed t 0 -- "$ZG" map "$db" -o "$dir/after.png" --date 2026-01-01 --overwrite -q
        ma+=("$t")
        log "  round $r: report $t_rb / ${ra[-1]} s, map $t_mb / ${ma[-1]} s (before / after)"
    done
    # A stopped command has no time to take the median of.
    m_rb=$(median "${rb[@]}"); case " ${rb[*]} " in *'>'*) m_rb="> $TIMEOUT" ;; esac
    m_mb=$(median "${mb[@]}"); case " ${mb[*]} " in *'>'*) m_mb="> $TIMEOUT" ;; esac
    m_ra=$(median "${ra[@]}")
    m_ma=$(median "${ma[@]}")
    per() { case $1 in '>'*) echo "> $(echo "scale=2; ${1#> } * 1000000 / $rows" | bc -l | xargs printf '%.2f')" ;; *) printf '%.2f' "$(echo "$1 * 1000000 / $rows" | bc -l)" ;; esac; }
    # The cost of the rows added since the size above: flat when linear,
    # whatever the start-up costs.
    more() { if [ -n "$prev_rows" ]; then printf '%.2f' "$(echo "($1 - $2) * 1000000 / ($rows - $prev_rows)" | bc -l)"; else echo "—"; fi; }
    case $m_rb in '>'*) speed="> $(printf '%.0f' "$(echo "${m_rb#> } / $m_ra" | bc -l)")×" ;; *) speed="$(printf '%.1f' "$(echo "$m_rb / $m_ra" | bc -l)")×" ;; esac
    same=""
    if [ -s "$dir/before.html" ] && [ "$(stat -c %Y "$dir/before.html")" -ge "$(stat -c %Y "$db")" ] && [[ $m_rb != '>'* ]]; then
        if cmp -s "$dir/before.html" "$dir/after.html"; then same="report yes"; else same="report NO"; fi
    else
        same="report not compared (before stopped)"
    fi
    if [[ $m_mb != '>'* ]]; then
        if cmp -s "$dir/before.png" "$dir/after.png"; then same="$same, map yes"; else same="$same, map NO"; fi
    fi
    TABLE="$TABLE
| $n | $rows | $m_rb | $m_ra | $speed | $(per "$m_rb") | $(per "$m_ra") | $(more "$m_ra" "$prev_ra") | $m_mb | $m_ma | $(more "$m_ma" "$prev_ma") | $same |"
    prev_rows=$rows prev_ra=$m_ra prev_ma=$m_ma
done

BLOCK="<!-- bench_report.sh: begin -->
## Report and map (scripts/bench/bench_report.sh)

Generated by \`scripts/bench/bench_report.sh ${SIZES[*]}\` on $(date -u '+%Y-%m-%d %H:%M UTC'),
$(nproc) cores; before: $BEFORE_NAME, after: $AFTER_NAME.

$TABLE

Scenes of make_report_scene.py (a cluster per 700 m block, four parcels each, houses at
two dates inside and in rings of 100 and 300 m, 20 proposals); the results database
written by \`zoneguard run\` of the after binary; rows: every row of the results tables,
qa_log and run_inputs. Wall seconds, the median of $REPEAT interleaved rounds (a before
command slower than 20 s: one run; one stopped at ${TIMEOUT} s: \"> ${TIMEOUT}\"). report
includes its inline SVG map; map writes the PNG. ms per 1 000 more rows: the time
added from the size above over the rows added; the same from size to size is linear
growth (ms per 1 000 rows also counts the start-up, GDAL, fonts, about half a second).
same bytes: cmp of before's and after's outputs (the report's date is the day's).
<!-- bench_report.sh: end -->"

echo "$BLOCK"
if [ -f "$RESULTS" ] && grep -q '^<!-- bench_report.sh: begin -->$' "$RESULTS"; then
    $PY - "$RESULTS" "$BLOCK" <<'EOF'
import re, sys
path, block = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
s = re.sub(r"<!-- bench_report.sh: begin -->.*?<!-- bench_report.sh: end -->",
           lambda m: block, s, flags=re.S)
open(path, "w", encoding="utf-8").write(s)
EOF
else
    printf '\n%s\n' "$BLOCK" >>"$RESULTS"
fi
log "results written to $RESULTS"
