#!/bin/bash
# run_bench.sh SIZE...: time zoneguard's land-use overlay against PostGIS and
# SpatiaLite on the same synthetic scene (see README.md beside this file).
#
#   scripts/bench/run_bench.sh small            # SIZE: small, medium, large
#   ZG=/path/to/zoneguard scripts/bench/run_bench.sh small medium
#
# Environment:
#   ZG                 zoneguard binary (default: build/zoneguard)
#   ZG_BENCH_DATA      where scenes and outputs go (default /var/tmp/zoneguard-bench)
#   ZG_BENCH_ROUTES    routes to run (default "baseline zoneguard postgis spatialite";
#                      baseline: GDAL's reads of the parcels and the GEOS floor)
#   ZG_BENCH_REPEAT    rounds of the short routes (GDAL read, zoneguard), median
#                      reported (default 3)
#   ZG_BENCH_RESULTS   results file (default scripts/bench/results.md)
#   ZG_BENCH_NO_INSTALL=1  never call apt-get
#
# Needs root for apt-get and for the throwaway PostgreSQL cluster (postgres
# runs as user postgres; we talk to it over 127.0.0.1:54329, trust auth).
# Not a test: it is run by hand. It prints a Markdown table and writes it,
# with the machine and versions, to results.md.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ZG=${ZG:-$ROOT/build/zoneguard}
DATA=${ZG_BENCH_DATA:-/var/tmp/zoneguard-bench}
ROUTES=${ZG_BENCH_ROUTES:-baseline zoneguard postgis spatialite}
REPEAT=${ZG_BENCH_REPEAT:-3}
RESULTS=${ZG_BENCH_RESULTS:-$HERE/results.md}
PY=/usr/bin/python3
export ZG_DATA_DIR=${ZG_DATA_DIR:-$ROOT/geodata}
BENCH_NAME=run_bench
# shellcheck source=bench_lib.sh
. "$HERE/bench_lib.sh"

usage() {
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

[ $# -ge 1 ] || usage
for s in "$@"; do
    case $s in small|medium|large) ;; -h|--help) usage ;; *) die "unknown size '$s' (small, medium, large)" ;; esac
done
has_route() { case " $ROUTES " in *" $1 "*) return 0 ;; esac; return 1; }

pkgs=(time gdal-bin python3-gdal)
has_route postgis && pkgs+=("postgresql-$PGVER" "postgresql-$PGVER-postgis-3")
has_route spatialite && pkgs+=(spatialite-bin)
install_missing "${pkgs[@]}"

# The baseline's programs (the bare read loop, the GEOS floor), built here
# (libgdal-dev and libgeos-dev are build dependencies of zoneguard itself).
GDAL_READ=$DATA/gdal_read
if has_route baseline; then
    mkdir -p "$DATA"
    # shellcheck disable=SC2046
    gcc -O2 -o "$GDAL_READ" "$HERE/gdal_read.c" $(gdal-config --cflags) $(gdal-config --libs) ||
        die "cannot build $HERE/gdal_read.c (libgdal-dev installed?)"
    GEOS_FLOOR=$DATA/geos_floor
    # shellcheck disable=SC2046
    gcc -O2 -o "$GEOS_FLOOR" "$HERE/geos_floor.c" $(gdal-config --cflags) $(gdal-config --libs) $(geos-config --clibs) ||
        die "cannot build $HERE/geos_floor.c (libgeos-dev installed?)"
fi

# ---------------------------------------------------------------- SQL
# Per cluster and code: ellipsoidal area (GeographicLib, as PostGIS geography)
# of cluster ∩ parcel, cut in EPSG:5897 where both layers are; plus the part of
# each cluster no parcel covers (code NONE in zoneguard's table).
pg_sql() {
    echo "DROP TABLE IF EXISTS pg_comp;"
    echo "DROP TABLE IF EXISTS pg_uncov;"
    # The same SQL as the whole job's land-use step (bench_run.sh), up to
    # its CSV export: one text of the query, not two.
    sed '/^\\set f/,$d' "$HERE/pg_job/3_landuse.sql"
}

sl_sql() {
    cat <<'EOF'
DROP TABLE IF EXISTS sl_comp;
DROP TABLE IF EXISTS sl_uncov;
CREATE TABLE sl_comp AS
SELECT c.ma_ccn AS cluster_id, p.ma_ldat AS code,
       SUM(ST_Area(ST_Transform(CollectionExtract(
               ST_Intersection(c.geom, p.geom), 3), 4326), 1)) AS area_m2
FROM clusters AS c, parcels AS p
WHERE p.fid IN (SELECT rowid FROM SpatialIndex
                WHERE f_table_name = 'parcels' AND f_geometry_column = 'geom'
                  AND search_frame = c.geom)
  AND ST_Intersects(c.geom, p.geom)
GROUP BY c.ma_ccn, p.ma_ldat;
CREATE TABLE sl_uncov AS
SELECT cluster_id, cluster_m2,
       CASE WHEN u IS NULL THEN cluster_m2
            ELSE coalesce(ST_Area(ST_Transform(CollectionExtract(
                     ST_Difference(g, u), 3), 4326), 1), 0) END AS uncovered_m2
FROM (SELECT c.ma_ccn AS cluster_id, c.geom AS g,
             ST_Area(ST_Transform(c.geom, 4326), 1) AS cluster_m2,
             (SELECT ST_Union(p.geom) FROM parcels AS p
              WHERE p.fid IN (SELECT rowid FROM SpatialIndex
                              WHERE f_table_name = 'parcels'
                                AND f_geometry_column = 'geom'
                                AND search_frame = c.geom)
                AND ST_Intersects(c.geom, p.geom)) AS u
      FROM clusters AS c);
EOF
}

COMPARE_OUT=

run_size() {
    local size=$1 dir=$DATA/$1 out logs npar ncl
    out=$dir/out; logs=$dir/logs
    mkdir -p "$out" "$logs"
    if [ ! -s "$dir/parcels.gpkg" ] || [ ! -s "$dir/clusters.gpkg" ] || [ ! -s "$dir/scene.json" ]; then
        log "generating the $size scene in $dir"
        local t0=$SECONDS
        $PY "$HERE/make_scene.py" --size "$size" --out "$dir" -v
        log "scene generated in $(( SECONDS - t0 )) s"
    fi
    npar=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["parcels"])' "$dir/scene.json")
    ncl=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["clusters"])' "$dir/scene.json")
    # warm the page cache so that no route pays for the first read alone
    cat "$dir/parcels.gpkg" "$dir/clusters.gpkg" >/dev/null

    # 1. the short routes, in rounds: GDAL's read of the parcels two ways
    # (gdal_read.c: a bare OGR loop, nothing printed; and GDAL's
    # column-oriented reader, which zoneguard uses for a GeoPackage), the
    # GEOS floor and zoneguard. One run of each per round, REPEAT rounds,
    # the median of each: this machine's speed drifts by tens of per cent
    # from minute to minute, and routes run one after the other would each
    # get their own minute. ogrinfo, which also prints every feature (to
    # /dev/null) as an analyst's "just read it" would, takes long enough to
    # run once.
    local zg_db=$out/zoneguard.sqlite zg_ok=0 rnd floor_ok=1 floor_cpu=()
    rm -f "$zg_db"
    if has_route zoneguard; then
        if [ ! -x "$ZG" ]; then
            log "zoneguard: $ZG not found: n/a"
        elif ! "$ZG" landuse --help >/dev/null 2>&1; then
            log "zoneguard: $ZG has no 'landuse' command yet: n/a"
        else
            zg_ok=1
        fi
    fi
    rounds_start read arrow zg
    for ((rnd = 1; rnd <= REPEAT; rnd++)); do
        if has_route baseline; then
            round "$size baseline" read "$logs/gdal_read.out" "$logs/gdal_read.err" \
                "$GDAL_READ" "$dir/parcels.gpkg" parcels ma_ldat
            round "$size baseline arrow" arrow "$logs/gdal_read_arrow.out" "$logs/gdal_read_arrow.err" \
                "$GDAL_READ" --arrow "$dir/parcels.gpkg" parcels ma_ldat
            # the GEOS floor prints its own CPU time (see below)
            if [ "$floor_ok" = 1 ] &&
                "$GEOS_FLOOR" "$dir/clusters.gpkg" clusters "$dir/parcels.gpkg" parcels \
                    >"$logs/geos_floor.out" 2>"$logs/geos_floor.err"; then
                floor_cpu+=("$(awk '$1 == "total" { print $2 }' "$logs/geos_floor.out")")
                log "$size geos floor (run $rnd/$REPEAT): $(tr '\n' ' ' <"$logs/geos_floor.out")"
            else
                floor_ok=0
            fi
        fi
        if [ "$zg_ok" = 1 ]; then
            round "$size zoneguard" zg "$logs/zoneguard.out" "$logs/zoneguard.err" \
                "$ZG" landuse "$dir/clusters.gpkg" --landuse "$dir/parcels.gpkg" \
                --code-field ma_ldat -o "$zg_db" --overwrite -q
        fi
    done
    if has_route baseline; then
        round_row "$size" "$npar" "$ncl" read "GDAL read (bare OGR loop, gdal_read.c)"
        round_row "$size" "$npar" "$ncl" arrow "GDAL read, column-oriented (Arrow stream, gdal_read.c --arrow)"
        timed "$size baseline" /dev/null "$logs/baseline.err" ogrinfo -q -al "$dir/parcels.gpkg"
        if [ "$T_RC" = 0 ]; then row "$size" "$npar" "$ncl" "GDAL read and print (ogrinfo -q -al parcels)" "$T_WALL" "$T_RSS"
        else row "$size" "$npar" "$ncl" "GDAL read and print (ogrinfo -q -al parcels)" "failed (exit $T_RC)" n/a; fi
        # The GEOS work no exact overlay can skip (geos_floor.c), one
        # thread, CPU seconds of its timed part (reading excluded), median
        # of the rounds; and that work spread over every core, plus GDAL's
        # fastest read, which some core must also do: no GEOS-based run on
        # this machine can beat it, whatever its code.
        if [ "$floor_ok" = 1 ]; then
            local fcpu
            fcpu=$(median "${floor_cpu[@]}")
            row "$size" "$npar" "$ncl" "GEOS floor, one thread: CPU s of the bare GEOS calls (geos_floor.c)" "$fcpu" n/a
            # shellcheck disable=SC2154 # set by round_row, through a nameref
            if [[ "$ROUND_WALL_arrow" =~ ^[0-9.]+$ ]]; then
                row "$size" "$npar" "$ncl" "floor on $(nproc) cores: (GEOS floor + Arrow read) / $(nproc)" \
                    "$(awk -v f="$fcpu" -v r="$ROUND_WALL_arrow" -v n="$(nproc)" 'BEGIN { print (f + r) / n }')" n/a
            fi
        else
            log "$size geos floor failed: $(tail -n 3 "$logs/geos_floor.err")"
            row "$size" "$npar" "$ncl" "GEOS floor, one thread: CPU s of the bare GEOS calls (geos_floor.c)" "failed" n/a
        fi
    fi
    if has_route zoneguard; then
        if [ "$zg_ok" = 1 ]; then
            round_row "$size" "$npar" "$ncl" zg "zoneguard landuse"
            # shellcheck disable=SC2154 # set by rounds_start and round
            [ "$ROUND_RC_zg" = 0 ] || rm -f "$zg_db"
        else
            row "$size" "$npar" "$ncl" "zoneguard landuse" n/a n/a
        fi
    fi

    # 2. PostGIS end to end: load (ogr2ogr, GiST, ANALYZE) + SQL
    local pg_comp=$out/pg_comp.csv pg_uncov=$out/pg_uncov.csv
    rm -f "$pg_comp" "$pg_uncov"
    if has_route postgis; then
        local db=zg_$size pgdsn tw=0 pk=0 lw=0 lk=0 ok=1 srv
        pgdsn="PG:host=$PGHOST port=$PGPORT user=$PGUSER dbname=$db"
        psqlc -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
        psqlc -d "$db" -c "CREATE EXTENSION postgis"
        local step lyr
        for step in load_parcels load_clusters analyze query; do
            start_sampler "$logs/pg_server_peak_$step"
            case $step in
                load_parcels|load_clusters)
                    lyr=${step#load_}
                    timed "$size postgis $step" "$logs/pg_$step.out" "$logs/pg_$step.err" \
                        ogr2ogr -f PostgreSQL "$pgdsn" "$dir/$lyr.gpkg" "$lyr" -nln "$lyr" \
                        -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -lco FID=fid \
                        -preserve_fid -gt 100000 --config PG_USE_COPY YES ;;
                analyze)
                    timed "$size postgis analyze" "$logs/pg_analyze.out" "$logs/pg_analyze.err" \
                        psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$db" \
                        -c "ANALYZE parcels" -c "ANALYZE clusters" ;;
                query)
                    pg_sql >"$out/pg_query.sql"
                    timed "$size postgis query" "$logs/pg_query.out" "$logs/pg_query.err" \
                        psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$db" \
                        -f "$out/pg_query.sql" ;;
            esac
            stop_sampler
            srv=$(cat "$logs/pg_server_peak_$step")
            [ "$T_RC" = 0 ] || { ok=0; break; }
            # step memory: client peak RSS + server peak PSS
            local m=$(( ${T_RSS:-0} + srv ))
            tw=$(awk -v a="$tw" -v b="$T_WALL" 'BEGIN { print a + b }')
            [ "$m" -gt "$pk" ] && pk=$m
            if [ "$step" = query ]; then
                row "$size" "$npar" "$ncl" "&nbsp;&nbsp;PostGIS SQL" "$T_WALL" "$m"
            else
                lw=$(awk -v a="$lw" -v b="$T_WALL" 'BEGIN { print a + b }')
                [ "$m" -gt "$lk" ] && lk=$m
            fi
        done
        if [ "$ok" = 1 ]; then
            # insert the total first, then the load (query row already added)
            local q=${ROWS[-1]}
            unset 'ROWS[-1]'
            row "$size" "$npar" "$ncl" "PostGIS end to end" "$tw" "$pk"
            row "$size" "$npar" "$ncl" "&nbsp;&nbsp;PostGIS load (ogr2ogr + GiST + ANALYZE)" "$lw" "$lk"
            ROWS+=("$q")
            # the plan, to check the join uses the GiST index (untimed)
            { echo "EXPLAIN"; pg_sql | sed -n '/^SELECT c.ma_ccn AS cluster_id, p.ma_ldat/,/^GROUP BY/p'; } \
                | psqlc -d "$db" >"$logs/pg_explain.txt" 2>&1 || true
            psqlc -d "$db" -c "\\copy (SELECT cluster_id, code, area_m2 FROM pg_comp ORDER BY 1, 2) TO '$pg_comp' CSV HEADER"
            psqlc -d "$db" -c "\\copy (SELECT cluster_id, cluster_m2, uncovered_m2 FROM pg_uncov ORDER BY 1) TO '$pg_uncov' CSV HEADER"
        else
            row "$size" "$npar" "$ncl" "PostGIS end to end" "failed ($step)" n/a
        fi
        psqlc -d postgres -c "DROP DATABASE IF EXISTS $db" || true
    fi

    # 3. SpatiaLite: ogr2ogr into one db, CreateSpatialIndex, SQL
    local sl_db=$out/spatialite.sqlite
    rm -f "$sl_db"
    if has_route spatialite; then
        local tw=0 pk=0 lw=0 lk=0 ok=1 step
        printf "SELECT CreateSpatialIndex('parcels', 'geom');\nSELECT CreateSpatialIndex('clusters', 'geom');\n" >"$out/sl_index.sql"
        sl_sql >"$out/sl_query.sql"
        for step in load_parcels load_clusters index query; do
            case $step in
                load_parcels)
                    timed "$size spatialite $step" "$logs/sl_$step.out" "$logs/sl_$step.err" \
                        ogr2ogr -f SQLite -dsco SPATIALITE=YES "$sl_db" "$dir/parcels.gpkg" parcels \
                        -nln parcels -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=NO \
                        -preserve_fid -gt 100000 ;;
                load_clusters)
                    timed "$size spatialite $step" "$logs/sl_$step.out" "$logs/sl_$step.err" \
                        ogr2ogr -update -f SQLite "$sl_db" "$dir/clusters.gpkg" clusters \
                        -nln clusters -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=NO \
                        -preserve_fid -gt 100000 ;;
                index)
                    timed "$size spatialite index" "$logs/sl_index.out" "$logs/sl_index.err" \
                        spatialite -bail "$sl_db" ".read $out/sl_index.sql" ;;
                query)
                    timed "$size spatialite query" "$logs/sl_query.out" "$logs/sl_query.err" \
                        spatialite -bail "$sl_db" ".read $out/sl_query.sql" ;;
            esac
            # the spatialite shell may exit 0 after an SQL error: check stderr too
            if [ "$T_RC" = 0 ] && grep -q '^Error' "$logs/sl_$step.err"; then
                log "spatialite $step reported an error:"; tail -n 5 "$logs/sl_$step.err" >&2
                T_RC=1
            fi
            # CreateSpatialIndex() answers 1 on success, 0 on failure
            if [ "$T_RC" = 0 ] && [ "$step" = index ] && grep -qv '^1$' "$logs/sl_index.out"; then
                log "spatialite CreateSpatialIndex failed: $(tr '\n' ' ' <"$logs/sl_index.out")"
                T_RC=1
            fi
            [ "$T_RC" = 0 ] || { ok=0; break; }
            tw=$(awk -v a="$tw" -v b="$T_WALL" 'BEGIN { print a + b }')
            [ "$T_RSS" -gt "$pk" ] && pk=$T_RSS
            if [ "$step" != query ]; then
                lw=$(awk -v a="$lw" -v b="$T_WALL" 'BEGIN { print a + b }')
                [ "$T_RSS" -gt "$lk" ] && lk=$T_RSS
            else
                local qw=$T_WALL qk=$T_RSS
            fi
        done
        if [ "$ok" = 1 ]; then
            row "$size" "$npar" "$ncl" "SpatiaLite end to end" "$tw" "$pk"
            row "$size" "$npar" "$ncl" "&nbsp;&nbsp;SpatiaLite load (ogr2ogr + CreateSpatialIndex)" "$lw" "$lk"
            row "$size" "$npar" "$ncl" "&nbsp;&nbsp;SpatiaLite SQL" "$qw" "$qk"
        else
            row "$size" "$npar" "$ncl" "SpatiaLite end to end" "failed ($step)" n/a
            rm -f "$sl_db"
        fi
    fi

    # do the routes agree? (per cluster and code, and uncovered = code NONE)
    local cmp
    set +e
    cmp=$($PY "$HERE/compare.py" --pg-comp "$pg_comp" --pg-uncov "$pg_uncov" \
              --sl "$sl_db" --zg "$zg_db" --tol 1e-6 2>&1)
    local crc=$?
    set -e
    COMPARE_OUT+=$'\n'"### $size"$'\n\n```\n'"$cmp"$'\n```\n'
    log "comparison ($size, exit $crc):"
    echo "$cmp" >&2
}

# ---------------------------------------------------------------- main
if has_route postgis; then pg_up; fi
for s in "$@"; do run_size "$s"; done

# ratio to zoneguard: wall time of the row / zoneguard's wall time (same size)
table() {
    echo "| size | parcels | clusters | route | wall s | peak MiB | ratio to zoneguard |"
    echo "|---|---:|---:|---|---:|---:|---:|"
    local r size zgw ratio
    for r in "${ROWS[@]}"; do
        IFS='|' read -r size npar ncl route wall peak <<<"$r"
        zgw=
        local z
        for z in "${ROWS[@]}"; do
            IFS='|' read -r zs _ _ zr zw _ <<<"$z"
            [ "$zs" = "$size" ] && [ "$zr" = "zoneguard landuse" ] && zgw=$zw
        done
        ratio=n/a
        if [[ "$zgw" =~ ^[0-9.]+$ ]] && [[ "$wall" =~ ^[0-9.]+$ ]]; then
            ratio=$(awk -v a="$wall" -v b="$zgw" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
        fi
        echo "| $size | $npar | $ncl | $route | $wall | $peak | $ratio |"
    done
}

TABLE=$(table)
echo
echo "$TABLE"
# bench_run.sh's section of results.md (the end-to-end job) is kept
KEPT=$(results_kept "$RESULTS" bench_run)

# The block bench_report.sh keeps in the same file stays as it is.
KEEP=$(sed -n '/^<!-- bench_report.sh: begin -->$/,/^<!-- bench_report.sh: end -->$/p' "$RESULTS" 2>/dev/null || true)
{
    echo "# zoneguard benchmark results"
    echo
    echo "Generated by \`scripts/bench/run_bench.sh $*\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo "Not a test: warm page cache; the short routes are the median of $REPEAT interleaved rounds, the long ones one run (see below). See README.md for what each route does."
    echo
    echo "## Machine"
    echo
    machine_info
    echo
    echo "## Timings"
    echo
    echo "$TABLE"
    echo
    echo "wall s: /usr/bin/time -v elapsed time; GDAL read and zoneguard: the median of $REPEAT rounds"
    echo "(ZG_BENCH_REPEAT), each round one run of each, so that the machine's drift from minute to"
    echo "minute falls on all of them alike; PostGIS and SpatiaLite: one run, the sum of their steps."
    echo "GEOS floor: not a wall time but the CPU seconds, on one thread, of the GEOS calls any exact"
    echo "overlay of these parcels must make (geos_floor.c: prepared contains/intersects of each"
    echo "parcel near a cluster, isValid of each that meets one, GEOSIntersection of each that"
    echo "crosses a boundary, the pieces' planar areas), the layers read beforehand, untimed;"
    echo "the median of the rounds."
    echo "floor on N cores: that CPU time plus GDAL's Arrow read, divided by the cores: a bound no"
    echo "GEOS-based run on this machine can beat, whatever its code."
    echo "peak MiB: maximum resident set size of the process; for PostGIS, the client's"
    echo "(ogr2ogr or psql) plus the server's peak (summed PSS of the cluster's processes,"
    echo "sampled every 0.2 s), and for a multi-step route the largest step."
    echo "ratio to zoneguard: wall s of the row / wall s of zoneguard on the same size (n/a if zoneguard did not run)."
    echo
    echo "## Do the routes agree?"
    echo
    echo "compare.py: per (cluster, code) ellipsoidal areas, and the uncovered area per"
    echo "cluster (code NONE). A key passes within 1e-6 relative or 0.1 m² absolute"
    echo "(1e-5 ha, for tiny pieces); worst relative shown over keys of at least 1 m²."
    echo "SpatiaLite 5.0.1's ST_Area(g, 1) is off by up to ~1e-5 on polygons with long"
    echo "edges (see README.md, caveats): its uncovered parts are expected to DIFFER."
    echo "$COMPARE_OUT"
    if [ -n "$KEPT" ]; then echo; echo "$KEPT"; fi
    if [ -n "$KEEP" ]; then echo; echo "$KEEP"; fi
} >"$RESULTS"
log "results written to $RESULTS"
