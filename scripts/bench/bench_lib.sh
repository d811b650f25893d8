# bench_lib.sh: what run_bench.sh and bench_run.sh share, sourced by both
# (not run): messages, the exit trap, package installs, the timing and
# interleaved rounds, the throwaway PostgreSQL cluster and its memory
# sampler, the results' rows and the machine's description.
#
# Before sourcing, the script sets BENCH_NAME (its name in messages),
# REPEAT (rounds) and, to run beside another benchmark, BENCH_PGNAME and
# BENCH_PGPORT (default zgbench on 54329). Sourcing sets the traps: on
# exit, error or Ctrl-C the sampler is stopped and a cluster this script
# created is dropped.
# shellcheck shell=bash
BENCH_NAME=${BENCH_NAME:-bench}

PGVER=15
PGNAME=${BENCH_PGNAME:-zgbench}
PGPORT=${BENCH_PGPORT:-54329}
PGHOST=127.0.0.1
PGUSER=postgres
PG_CREATED=
SAMPLER_PID=


die() { echo "$BENCH_NAME: $*" >&2; exit 1; }
log() { echo "$BENCH_NAME: $*" >&2; }


# ---------------------------------------------------------------- cleanup
cleanup() {
    local rc=$?
    stop_sampler
    if [ -n "$PG_CREATED" ]; then
        log "dropping PostgreSQL cluster $PGVER/$PGNAME"
        pg_dropcluster --stop "$PGVER" "$PGNAME" >/dev/null 2>&1 \
            || log "warning: pg_dropcluster --stop $PGVER $PGNAME failed; drop it by hand"
        PG_CREATED=
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


# ---------------------------------------------------------------- packages
install_missing() {
    local need=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
    done
    [ ${#need[@]} -eq 0 ] && return 0
    [ -z "${ZG_BENCH_NO_INSTALL:-}" ] || die "missing packages: ${need[*]} (ZG_BENCH_NO_INSTALL is set)"
    [ "$(id -u)" = 0 ] || die "missing packages: ${need[*]}; run as root or install them"
    log "installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2
}


# ---------------------------------------------------------------- timing
# timed LABEL OUT ERR cmd...: runs cmd under /usr/bin/time -v with stdout to
# OUT and stderr to ERR; sets T_WALL (s), T_RSS (KiB), T_RC.
timed() {
    local label=$1 out=$2 err=$3 tf
    shift 3
    tf=$(mktemp)
    set +e
    /usr/bin/time -v -o "$tf" "$@" >"$out" 2>"$err"
    T_RC=$?
    set -e
    T_WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tf")
    T_RSS=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf")
    rm -f "$tf"
    log "$label: ${T_WALL:-?} s, ${T_RSS:-?} KiB, exit $T_RC"
    if [ "$T_RC" != 0 ]; then
        log "$label failed; last lines of $err:"
        tail -n 5 "$err" >&2 || true
    fi
}

# Interleaved rounds of the short routes (see run_size). rounds_start
# NAME...: forget the runs kept so far; round LABEL NAME OUT ERR cmd...:
# one `timed` run, kept under NAME (a failed route is not run again);
# round_row SIZE NPAR NCL NAME ROUTE: its row, the median wall time and
# the largest peak, also left in ROUND_WALL_NAME and ROUND_RC_NAME.
rounds_start() {
    local n
    for n in "$@"; do
        eval "ROUND_WALLS_$n=(); ROUND_PEAK_$n=0; ROUND_RC_$n=0; ROUND_N_$n=0; ROUND_WALL_$n="
    done
}
round() {
    local label=$1 name=$2 out=$3 err=$4
    shift 4
    local -n rc=ROUND_RC_$name walls=ROUND_WALLS_$name peak=ROUND_PEAK_$name k=ROUND_N_$name
    [ "$rc" = 0 ] || return 0
    k=$((k + 1))
    timed "$label (run $k/$REPEAT)" "$out" "$err" "$@"
    if [ "$T_RC" != 0 ]; then rc=$T_RC; return 0; fi
    walls+=("$T_WALL")
    [ "${T_RSS:-0}" -gt "$peak" ] && peak=$T_RSS
    return 0
}
round_row() {
    local size=$1 npar=$2 ncl=$3 name=$4 route=$5
    # shellcheck disable=SC2178 # `walls` names an array, `wall` a string
    local -n rc=ROUND_RC_$name walls=ROUND_WALLS_$name peak=ROUND_PEAK_$name wall=ROUND_WALL_$name
    if [ "$rc" != 0 ]; then
        row "$size" "$npar" "$ncl" "$route" "failed (exit $rc)" n/a
        return 0
    fi
    wall=$(median "${walls[@]}")
    row "$size" "$npar" "$ncl" "$route" "$wall" "$peak"
}
# median X...: the median of the numbers given (nothing if none)
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# Peak of the summed PSS of all processes of the PostgreSQL cluster (postmaster
# and its children: backends, parallel workers, checkpointer ...), sampled
# every 0.2 s. /usr/bin/time only sees the client (ogr2ogr, psql).
start_sampler() {
    local pidfile=/var/lib/postgresql/$PGVER/$PGNAME/postmaster.pid out=$1
    echo 0 >"$out"
    (
        pm=$(head -n 1 "$pidfile")
        peak=0
        while :; do
            s=$( { echo "$pm"; pgrep -P "$pm"; } | while read -r p; do
                    awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null
                 done | awk '{ s += $1 } END { print s + 0 }')
            if [ "$s" -gt "$peak" ]; then peak=$s; echo "$peak" >"$out"; fi
            sleep 0.2
        done
    ) &
    SAMPLER_PID=$!
}
stop_sampler() {
    if [ -n "$SAMPLER_PID" ]; then
        kill "$SAMPLER_PID" 2>/dev/null || true
        wait "$SAMPLER_PID" 2>/dev/null || true
        SAMPLER_PID=
    fi
}

# ---------------------------------------------------------------- PostgreSQL
pg_up() {
    local mem_mib sb
    mem_mib=$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
    sb=$(( mem_mib / 8 )); [ "$sb" -gt 2048 ] && sb=2048; [ "$sb" -lt 128 ] && sb=128
    if pg_lsclusters -h 2>/dev/null | awk -v v="$PGVER" -v n="$PGNAME" '$1 == v && $2 == n { f = 1 } END { exit !f }'; then
        log "a cluster $PGVER/$PGNAME is left from an earlier run: dropping it"
        pg_dropcluster --stop "$PGVER" "$PGNAME"
    fi
    log "creating PostgreSQL cluster $PGVER/$PGNAME on $PGHOST:$PGPORT (shared_buffers ${sb}MB)"
    PG_CREATED=1
    pg_createcluster "$PGVER" "$PGNAME" -p "$PGPORT" --start-conf=manual \
        --locale=C.UTF-8 -q -- --auth-local=trust --auth-host=trust >&2
    # settings go to conf.d (pg_createcluster -o mis-quotes 127.0.0.1);
    # a throwaway cluster: durability off, it only has to be fast
    cat >"/etc/postgresql/$PGVER/$PGNAME/conf.d/zgbench.conf" <<EOF
listen_addresses = '$PGHOST'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = '${sb}MB'
work_mem = '256MB'
maintenance_work_mem = '1GB'
max_wal_size = '8GB'
EOF
    pg_ctlcluster "$PGVER" "$PGNAME" start >&2
    local _
    for _ in $(seq 1 30); do
        pg_isready -q -h "$PGHOST" -p "$PGPORT" && return 0
        sleep 1
    done
    die "PostgreSQL $PGVER/$PGNAME did not come up (see /var/log/postgresql/postgresql-$PGVER-$PGNAME.log)"
}
psqlc() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$@"; }


# ---------------------------------------------------------------- results
ROWS=()   # "size|parcels|clusters|route|wall|peak_mib|zgwall" (zgwall filled later)
row() {   # row SIZE NPAR NCL ROUTE WALL PEAK_KIB
    local peak=n/a wall=$5
    [ "$6" != n/a ] && peak=$(awk -v k="$6" 'BEGIN { printf "%.0f", k / 1024 }')
    [ "$wall" != n/a ] && [ "${wall#failed}" = "$wall" ] && wall=$(awk -v w="$wall" 'BEGIN { printf "%.2f", w }')
    ROWS+=("$1|$2|$3|$4|$wall|$peak")
}

# machine_info: the Markdown list of the machine and the versions, for
# results.md.
machine_info() {
    echo "- CPU: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), nproc = $(nproc)"
    echo "- memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    # shellcheck source=/dev/null
    echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "- GDAL: $(gdal-config --version 2>/dev/null || ogrinfo --version)"
    if command -v spatialite >/dev/null; then
        echo "- SpatiaLite: $(echo "SELECT spatialite_version() || ', GEOS ' || geos_version() || ', PROJ ' || proj_version();" | spatialite -silent :memory: 2>/dev/null | tail -n 1)"
    fi
    if [ -n "$PG_CREATED" ]; then
        echo "- PostgreSQL/PostGIS: $(psqlc -d postgres -At -c "SELECT split_part(version(), ',', 1)" 2>/dev/null), PostGIS $(dpkg-query -W -f='${Version}' postgresql-$PGVER-postgis-3 2>/dev/null)"
        echo "  (throwaway cluster: fsync=off, synchronous_commit=off, full_page_writes=off, work_mem=256MB, maintenance_work_mem=1GB; default parallel settings)"
    fi
    if [ -x "$ZG" ]; then echo "- zoneguard: $("$ZG" --version 2>/dev/null | head -n 1)"; else echo "- zoneguard: $ZG not built"; fi
}

# results_section FILE NAME BODY_FILE: put BODY_FILE between the markers
# <!-- NAME:begin --> and <!-- NAME:end --> of FILE, replacing what was
# there, or at its end; the rest of FILE is kept as it is.
results_section() {
    local file=$1 name=$2 body=$3 tmp
    tmp=$(mktemp "$file.XXXXXX")
    {
        if [ -f "$file" ]; then
            awk -v b="<!-- $name:begin -->" -v e="<!-- $name:end -->" '
                $0 == b { skip = 1; next } $0 == e { skip = 0; next } !skip' "$file"
        fi
        echo "<!-- $name:begin -->"
        cat "$body"
        echo "<!-- $name:end -->"
    } >"$tmp"
    mv "$tmp" "$file"
}
# results_kept FILE NAME: what FILE holds between NAME's markers, markers
# included (nothing if none), so that a script rewriting FILE keeps it.
results_kept() {
    [ -f "$1" ] || return 0
    awk -v b="<!-- $2:begin -->" -v e="<!-- $2:end -->" '
        $0 == b { keep = 1 } keep { print } $0 == e { keep = 0 }' "$1"
}
