#!/bin/bash
# bench_run.sh SIZE...: time the planner's whole job, `zoneguard run` end to
# end, against PostGIS doing the same job (see README.md beside this file).
#
#   scripts/bench/bench_run.sh small            # SIZE: small, medium, large
#   ZG=/path/to/zoneguard scripts/bench/bench_run.sh medium large
#
# Environment:
#   ZG                 zoneguard binary (default: build/zoneguard)
#   ZG_BENCH_DATA      where scenes and outputs go (default /var/tmp/zoneguard-bench)
#   ZG_BENCH_ROUTES    routes (default "zoneguard postgis steps"; steps: each
#                      analysis of the job alone, one zoneguard command each)
#   ZG_BENCH_REPEAT    interleaved rounds of `run`, `encroach` and PostGIS's
#                      whole job, medians reported (default 3)
#   ZG_BENCH_PG_REPEAT rounds of those that also run PostGIS's whole job
#                      (default ZG_BENCH_REPEAT; 1 for a quick look)
#   ZG_BENCH_RESULTS   results file (default scripts/bench/results.md; this
#                      script rewrites its own section only)
#   ZG_BENCH_PGNAME, ZG_BENCH_PGPORT  the throwaway cluster (default
#                      zgbenchrun on 54330, beside run_bench.sh's)
#   ZG_BENCH_NO_INSTALL=1  never call apt-get
#
# Needs root for apt-get and the throwaway PostgreSQL cluster. Not a test.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ZG=${ZG:-$ROOT/build/zoneguard}
DATA=${ZG_BENCH_DATA:-/var/tmp/zoneguard-bench}
ROUTES=${ZG_BENCH_ROUTES:-zoneguard postgis steps}
REPEAT=${ZG_BENCH_REPEAT:-3}
PG_REPEAT=${ZG_BENCH_PG_REPEAT:-$REPEAT}
RESULTS=${ZG_BENCH_RESULTS:-$HERE/results.md}
PY=/usr/bin/python3
export ZG_DATA_DIR=${ZG_DATA_DIR:-$ROOT/geodata}
BENCH_NAME=bench_run
BENCH_PGNAME=${ZG_BENCH_PGNAME:-zgbenchrun}
BENCH_PGPORT=${ZG_BENCH_PGPORT:-54330}
# shellcheck source=bench_lib.sh
. "$HERE/bench_lib.sh"

usage() {
    sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}
[ $# -ge 1 ] || usage
for s in "$@"; do
    case $s in small|medium|large) ;; -h|--help) usage ;; *) die "unknown size '$s' (small, medium, large)" ;; esac
done
has_route() { case " $ROUTES " in *" $1 "*) return 0 ;; esac; return 1; }

pkgs=(time gdal-bin python3-gdal)
has_route postgis && pkgs+=("postgresql-$PGVER" "postgresql-$PGVER-postgis-3")
install_missing "${pkgs[@]}"
if has_route zoneguard || has_route steps; then
    [ -x "$ZG" ] || die "$ZG not found (build it, or set ZG; ZG_BENCH_ROUTES=postgis for PostGIS alone)"
fi

# Rows of the table: "size|parcels|clusters|houses|job|zg wall|zg peak KiB|pg wall|pg peak KiB"
JOBROWS=()
jobrow() { JOBROWS+=("$1|$2|$3|$4|$5|$6|$7|$8|$9"); }
COMPARE_OUT=
TIMINGS_OUT=

# pg_step NAME LOGS cmd...: one timed PostGIS step with the server's memory
# sampled; adds to PG_WALL, PG_PEAK (client RSS + server PSS, KiB);
# PG_OK=0 when it failed.
pg_step() {
    local name=$1 logs=$2 srv m
    shift 2
    [ "$PG_OK" = 1 ] || return 0
    start_sampler "$logs/pg_server_peak_$name"
    timed "$SIZE postgis $name" "$logs/pg_$name.out" "$logs/pg_$name.err" "$@"
    stop_sampler
    srv=$(cat "$logs/pg_server_peak_$name")
    if [ "$T_RC" != 0 ]; then PG_OK=0; PG_FAILED=$name; return 0; fi
    m=$(( ${T_RSS:-0} + srv ))
    PG_WALL=$(awk -v a="$PG_WALL" -v b="$T_WALL" 'BEGIN { print a + b }')
    [ "$m" -gt "$PG_PEAK" ] && PG_PEAK=$m
    STEP_WALL=$T_WALL STEP_PEAK=$m
    return 0
}

# pg_job_round: PostGIS's whole job once, one of run_size's rounds (it reads
# run_size's locals: size, dir, out, logs, rings, h1, h2): ogr2ogr load of
# every layer (COPY, GiST), MakeValid, ANALYZE, then the SQL of each
# analysis, its results written as CSV (\copy). Each step's wall time is
# added to PGW[step] (one number a round; PGW[all] the job's), its peak to
# PGK[step] (the largest); PG_RC names the step of a failed round, and no
# round runs after it.
pg_job_round() {
    [ -z "$PG_RC" ] || return 0
    local pgout=$out/pg db=zgjob_$size pgdsn lyr src nln f k s
    local -A w=() pk=()
    PG_OK=1 PG_WALL=0 PG_PEAK=0 PG_FAILED=
    rm -rf "$pgout"; mkdir -p "$pgout"
    chmod 755 "$pgout"
    pgdsn="PG:host=$PGHOST port=$PGPORT user=$PGUSER dbname=$db"
    psqlc -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    psqlc -d "$db" -c "CREATE EXTENSION postgis"
    for f in "$HERE"/pg_job/*.sql; do
        sed "s/@RINGS@/$($PY -c 'import sys; r=[0]+[int(x) for x in sys.argv[1].split(",")]; print(", ".join("(%d, %d, %d)" % (k, r[k-1], r[k]) for k in range(1, len(r))))' "$rings")/g" \
            "$f" >"$pgout/$(basename "$f")"
    done
    for lyr in clusters parcels housing_1 housing_2 proposals codes; do
        case $lyr in
            housing_1) src=$h1; nln=housing ;;
            housing_2) src=$h2; nln=housing ;;
            codes) src=$ZG_DATA_DIR/codes/tt08_2024.csv; nln=tt08_2024 ;;
            *) src=$dir/$lyr.gpkg; nln=$lyr ;;
        esac
        if [ "$lyr" = codes ]; then
            pg_step "load_$lyr" "$logs" ogr2ogr -f PostgreSQL "$pgdsn" "$src" "$nln" -nln codes \
                -lco FID=fid -gt 100000 --config PG_USE_COPY YES
        else
            pg_step "load_$lyr" "$logs" ogr2ogr -f PostgreSQL "$pgdsn" "$src" "$nln" -nln "$lyr" \
                -nlt MULTIPOLYGON -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -lco FID=fid \
                -preserve_fid -gt 100000 --config PG_USE_COPY YES
        fi
    done
    pg_step prepare "$logs" psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" \
        -d "$db" -f "$pgout/0_prepare.sql"
    w[load]=$PG_WALL; pk[load]=$PG_PEAK
    for k in 1_areas 2_overlaps 3_landuse 4_encroach 5_reserve 6_check; do
        [ "$PG_OK" = 1 ] || break
        pg_step "$k" "$logs" psql -X -q -v ON_ERROR_STOP=1 -v out="$pgout" -h "$PGHOST" -p "$PGPORT" \
            -U "$PGUSER" -d "$db" -f "$pgout/$k.sql"
        [ "$PG_OK" = 1 ] || break
        case $k in
            1_areas|2_overlaps) s=overlaps ;;
            *) s=${k#*_} ;;
        esac
        # areas and overlaps are one row: their two scripts summed
        w[$s]=$(awk -v a="${w[$s]:-0}" -v b="$STEP_WALL" 'BEGIN { print a + b }')
        [ "$STEP_PEAK" -gt "${pk[$s]:-0}" ] && pk[$s]=$STEP_PEAK
    done
    if [ "$PG_OK" = 1 ]; then
        w[all]=$PG_WALL; pk[all]=$PG_PEAK
        for s in "${!w[@]}"; do
            PGW[$s]+=" ${w[$s]}"
            [ "${pk[$s]}" -gt "${PGK[$s]:-0}" ] && PGK[$s]=${pk[$s]}
        done
        # the plans, untimed: the joins should use the GiST indexes
        { echo "EXPLAIN SELECT count(*) FROM pg_zones z JOIN housing_2 h ON ST_Intersects(z.geom, h.geom);"
          echo "EXPLAIN SELECT count(*) FROM clusters c JOIN parcels p ON ST_Intersects(c.geom, p.geom);"; } \
            | psqlc -d "$db" >"$logs/pg_explain.txt" 2>&1 || true
    else
        PG_RC=$PG_FAILED
    fi
    psqlc -d postgres -c "DROP DATABASE IF EXISTS $db" || true
}

run_size() {
    local size=$1 dir=$DATA/$1 out logs npar ncl nh rings ep1 ep2
    SIZE=$size
    out=$dir/job_out; logs=$dir/job_logs
    mkdir -p "$out" "$logs"
    if [ ! -s "$dir/job.scenario" ] || [ ! -s "$dir/job.json" ]; then
        # the same parcels and clusters, byte for byte, as without --job
        log "generating the $size scene with its job in $dir"
        $PY "$HERE/make_scene.py" --size "$size" --out "$dir" --job -v
    fi
    jq_() { $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }
    npar=$(jq_ "$dir/scene.json" 'd["parcels"]')
    ncl=$(jq_ "$dir/scene.json" 'd["clusters"]')
    ep1=$(jq_ "$dir/job.json" 'd["epochs"][0]')
    ep2=$(jq_ "$dir/job.json" 'd["epochs"][1]')
    nh=$(jq_ "$dir/job.json" '"%d/%d" % (d["housing"][d["epochs"][0]], d["housing"][d["epochs"][1]])')
    rings=$(jq_ "$dir/job.json" '",".join(str(r) for r in d["rings_m"])')
    local h1=$dir/housing_$ep1.gpkg h2=$dir/housing_$ep2.gpkg
    cat "$dir"/*.gpkg >/dev/null    # warm the page cache for every route

    # 1. zoneguard's `run` end to end and `encroach` alone, and PostGIS's
    # whole job (pg_job_round), in interleaved rounds (the machine's drift
    # falls on all alike), medians.
    local zg_dir=$out/zg_run zg_enc=$out/zg_encroach.sqlite rnd
    local -A PGW=() PGK=()
    PG_RC=
    rounds_start run enc
    for ((rnd = 1; rnd <= REPEAT; rnd++)); do
        if has_route postgis && [ "$rnd" -le "$PG_REPEAT" ]; then
            log "$size PostGIS whole job (round $rnd/$PG_REPEAT)"
            pg_job_round
        fi
        has_route zoneguard || continue
        round "$size zoneguard run" run "$logs/zg_run.out" "$logs/zg_run.err" \
            "$ZG" run "$dir/job.scenario" -o "$zg_dir" --overwrite --atlas none -q
        round "$size zoneguard encroach" enc "$logs/zg_encroach.out" "$logs/zg_encroach.err" \
            "$ZG" encroach "$dir/clusters.gpkg" --residential "$h1" --residential "$h2" \
            --epochs "$ep1,$ep2" --rings "$rings" -o "$zg_enc" --overwrite -q
    done
    local zrun=n/a zrunk=n/a zenc=n/a zenck=n/a
    # shellcheck disable=SC2154 # set by rounds_start and round
    if has_route zoneguard; then
        if [ "$ROUND_RC_run" = 0 ]; then zrun=$(median "${ROUND_WALLS_run[@]}"); zrunk=$ROUND_PEAK_run
        else zrun="failed (exit $ROUND_RC_run)"; fi
        if [ "$ROUND_RC_enc" = 0 ]; then zenc=$(median "${ROUND_WALLS_enc[@]}"); zenck=$ROUND_PEAK_enc
        else zenc="failed (exit $ROUND_RC_enc)"; fi
    fi

    # The medians of PostGIS's rounds, per step and of the whole job.
    declare -A PS PK
    local pgall=n/a pgallk=n/a pgout=$out/pg
    for s in load overlaps landuse encroach reserve check; do PS[$s]=n/a; PK[$s]=n/a; done
    if has_route postgis; then
        if [ -n "$PG_RC" ]; then
            pgall="failed ($PG_RC)"
        elif [ -n "${PGW[all]:-}" ]; then
            for s in load overlaps landuse encroach reserve check; do
                # shellcheck disable=SC2086 # one number a round
                PS[$s]=$(median ${PGW[$s]}); PK[$s]=${PGK[$s]}
            done
            # shellcheck disable=SC2086
            pgall=$(median ${PGW[all]}); pgallk=${PGK[all]}
        fi
    fi

    # 2. The analyses of the job alone, one zoneguard command each, one
    # run each (what `run` spends per step, until it reports that itself).
    declare -A ZS ZK
    local s
    for s in overlaps landuse encroach reserve check map report; do ZS[$s]=n/a; ZK[$s]=n/a; done
    if has_route steps; then
        local st=$out/zg_steps
        mkdir -p "$st"
        local -a cmd
        for s in overlaps landuse reserve check map report; do
            case $s in
                overlaps) cmd=("$ZG" overlaps "$dir/clusters.gpkg" -o "$st/overlaps.sqlite" --overwrite -q) ;;
                landuse) cmd=("$ZG" landuse "$dir/clusters.gpkg" --landuse "$dir/parcels.gpkg" \
                              --code-field ma_ldat --codes tt08_2024 -o "$st/landuse.sqlite" --overwrite -q) ;;
                reserve) cmd=("$ZG" reserve "$dir/clusters.gpkg" --landuse "$dir/parcels.gpkg" \
                              --code-field ma_ldat --residential "$h2" -o "$st/reserve.sqlite" --overwrite -q) ;;
                check) cmd=("$ZG" check "$dir/proposals.gpkg" --clusters "$dir/clusters.gpkg" \
                            --landuse "$dir/parcels.gpkg" --code-field ma_ldat --residential "$h1" \
                            --residential "$h2" --rings "$rings" -o "$st/check.sqlite" --overwrite -q) ;;
                map) cmd=("$ZG" map "$zg_dir/results.sqlite" -o "$st/map.png") ;;
                report) cmd=("$ZG" report "$zg_dir/results.sqlite" -o "$st/report.html") ;;
            esac
            if { [ "$s" = map ] || [ "$s" = report ]; } && [ ! -s "$zg_dir/results.sqlite" ]; then
                continue
            fi
            rm -f "$st/map.png" "$st/report.html"
            timed "$size zoneguard $s alone" "$logs/zg_$s.out" "$logs/zg_$s.err" "${cmd[@]}"
            if [ "$T_RC" = 0 ]; then ZS[$s]=$T_WALL; ZK[$s]=$T_RSS; else ZS[$s]="failed (exit $T_RC)"; fi
        done
        ZS[encroach]=$zenc; ZK[encroach]=$zenck
        # `run` reports its own step times where it can (--timings)
        if "$ZG" run --help 2>&1 | grep -q -- '--timings'; then
            if "$ZG" run "$dir/job.scenario" -o "$zg_dir" --overwrite --atlas none --timings \
                    >"$logs/zg_run_timings.out" 2>"$logs/zg_run_timings.err"; then
                TIMINGS_OUT+=$'\n'"#### $size: \`zoneguard run --timings\`"$'\n\n```\n'"$(cat "$logs/zg_run_timings.out" "$logs/zg_run_timings.err")"$'\n```\n'
            fi
        fi
    fi

    jobrow "$size" "$npar" "$ncl" "$nh" "whole job: \`zoneguard run\` end to end / PostGIS load + SQL + CSV" \
        "$zrun" "$zrunk" "$pgall" "$pgallk"
    jobrow "$size" "$npar" "$ncl" "$nh" "encroachment alone: \`zoneguard encroach\` / PostGIS encroachment SQL" \
        "$zenc" "$zenck" "${PS[encroach]}" "${PK[encroach]}"
    jobrow "$size" "$npar" "$ncl" "$nh" "&nbsp;&nbsp;load: PostGIS ogr2ogr of 6 layers + MakeValid + GiST + ANALYZE" \
        n/a n/a "${PS[load]}" "${PK[load]}"
    local lbl
    for s in overlaps landuse encroach reserve check map report; do
        case $s in
            overlaps) lbl="areas and overlaps" ;;
            landuse) lbl="land-use composition" ;;
            encroach) lbl="encroachment (inside, rings, 2 dates, change)" ;;
            reserve) lbl="free land" ;;
            check) lbl="proposal checks" ;;
            map) lbl="map (PNG)" ;;
            report) lbl="report (HTML)" ;;
        esac
        local pw=n/a pk=n/a
        [ -n "${PS[$s]+x}" ] && pw=${PS[$s]} && pk=${PK[$s]}
        jobrow "$size" "$npar" "$ncl" "$nh" "&nbsp;&nbsp;$lbl: \`zoneguard $s\` alone / its SQL" \
            "${ZS[$s]}" "${ZK[$s]}" "$pw" "$pk"
    done

    # 4. Do they agree? (small numbers of each analysis, PostGIS vs run)
    local cmp crc
    set +e
    cmp=$($PY "$HERE/compare_job.py" --pg "$pgout" --zg "$zg_dir/results.sqlite" \
              --epochs "$ep1,$ep2" 2>&1)
    crc=$?
    set -e
    COMPARE_OUT+=$'\n'"#### $size"$'\n\n```\n'"$cmp"$'\n```\n'
    log "comparison ($size, exit $crc):"
    echo "$cmp" >&2
}

if has_route postgis; then pg_up; fi
for s in "$@"; do run_size "$s"; done

fmt_s() { if [[ "$1" =~ ^[0-9.]+$ ]]; then awk -v w="$1" 'BEGIN { printf "%.2f", w }'; else echo "$1"; fi; }
fmt_m() { if [[ "$1" =~ ^[0-9]+$ ]]; then awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; else echo "$1"; fi; }
table() {
    echo "| size | parcels | clusters | houses (2 dates) | job | zoneguard s | zoneguard peak MiB | PostGIS s | PostGIS peak MiB | PostGIS / zoneguard |"
    echo "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|"
    local r size npar ncl nh job zw zk pw pk ratio
    for r in "${JOBROWS[@]}"; do
        IFS='|' read -r size npar ncl nh job zw zk pw pk <<<"$r"
        ratio=n/a
        if [[ "$zw" =~ ^[0-9.]+$ ]] && [[ "$pw" =~ ^[0-9.]+$ ]]; then
            ratio=$(awk -v a="$pw" -v b="$zw" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
        fi
        echo "| $size | $npar | $ncl | $nh | $job | $(fmt_s "$zw") | $(fmt_m "$zk") | $(fmt_s "$pw") | $(fmt_m "$pk") | $ratio |"
    done
}
TABLE=$(table)
echo
echo "$TABLE"

BODY=$(mktemp)
{
    echo "## The whole job: \`zoneguard run\` against PostGIS (bench_run.sh)"
    echo
    echo "Generated by \`scripts/bench/bench_run.sh $*\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Not a test; see README.md"
    echo "(\"The whole job\") for what each side computes."
    echo
    machine_info
    echo
    echo "$TABLE"
    echo
    echo "zoneguard s: /usr/bin/time -v wall time; \`run\` and \`encroach\` the median of $REPEAT interleaved"
    echo "rounds (ZG_BENCH_REPEAT), the other commands alone one run each (\`map\` and \`report\` redraw"
    echo "\`run\`'s database). PostGIS s: its whole job in $PG_REPEAT of those rounds (ZG_BENCH_PG_REPEAT),"
    echo "each step's median and the median of the job's totals (a round's total is the sum of its steps: the load and the"
    echo "SQL of each analysis, indented rows). Peak MiB: largest step; for PostGIS the client's RSS plus"
    echo "the server's summed PSS, sampled every 0.2 s. PostGIS / zoneguard: the ratio of the wall times."
    echo "$TIMINGS_OUT"
    echo
    echo "### Do they agree? (compare_job.py)"
    echo "$COMPARE_OUT"
} >"$BODY"
results_section "$RESULTS" bench_run "$BODY"
rm -f "$BODY"
log "results written to $RESULTS (section bench_run)"
