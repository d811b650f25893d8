# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Signals and special files (issue 15, item 6). SIGTERM stops a run as
# cleanly as Ctrl-C (exit 143; the database byte for byte as it was, no
# staging or lock left), for one command and for `run`. An input that is
# neither a regular file nor a folder (a FIFO, /dev/zero, a shapefile
# whose .dbf is a FIFO, a scenario or code table that is a FIFO) is
# refused with exit 3 at once instead of blocking: each command runs
# under timeout(1), and a hang shows as its exit code. Staging folders
# left by a run killed with SIGKILL are removed by the next run (their
# owner's pid is gone); those of a live process, of another host or
# without an owner are left alone. The runs that must finish read
# demo_subset.py's small copy of the demo; those killed on the way, the
# whole demo (they must still be running when the signal comes).
. "$(dirname "$0")/lib.sh"
G="$GEO/demo"
CL="$G/hanoi_clusters_vn2000.shp"
DB="$T/db.sqlite"
LOCK="$T/.db.sqlite.zoneguard-lock"
ENC=("$ZG" encroach "$CL" --residential "$G/hanoi_landuse_2020.gpkg.zip"
     --residential "$G/hanoi_landuse_2025.gpkg.zip" --code-field ma_ldat
     --threads 1 -q -o)
/usr/bin/python3 "$ZG_ROOT/tests/cli/demo_subset.py" "$GEO" "$T/sub"
SUB=("$ZG" encroach "$T/sub/clusters.shp" --residential "$T/sub/hanoi_landuse_2020.gpkg.zip"
     --residential "$T/sub/hanoi_landuse_2025.gpkg.zip" --code-field ma_ldat
     --threads 1 -q -o)
# wait_for GLOB: until a non-empty file or a folder matches (10 s at most).
wait_for() { local f; for _ in $(seq 1 1000); do for f in $1; do [[ -s $f || -d $f ]] && return 0; done; sleep 0.01; done; return 1; }
left() { find "$1" -maxdepth 1 \( -name '.zoneguard-*' -o -name '*zoneguard-lock' \) | sort | head -3; }
# tm CMD...: at most 20 s, then SIGKILL (a blocked open ignores SIGTERM).
tm() { timeout -k 2 20 "$@"; }

"${SUB[@]}" "$DB" --epochs 2020,2025

# ---- SIGTERM, one command -------------------------------------------------------
sum=$(sha256sum < "$DB")
"${ENC[@]}" "$DB" --epochs t1,t2 --append 2> "$T/term.err" & victim=$!
wait_for "$LOCK" || bad "the run never took its lock"
sleep 0.2
kill -TERM $victim; rc=0; wait $victim || rc=$?
expect_eq "SIGTERM: exit 143" 143 "$rc"
expect_eq "SIGTERM: database byte for byte as it was" "$sum" "$(sha256sum < "$DB")"
expect_eq "SIGTERM: no staging folder or lock left" "" "$(left "$T")"
expect_eq "SIGTERM: one run still" 1 "$(q "$DB" "SELECT count(*) FROM runs")"

# ---- SIGTERM, zoneguard run -----------------------------------------------------
mkdir "$T/sc"
for f in "$G"/hanoi_*; do ln -s "$f" "$T/sc/"; done
cat > "$T/sc/s.scenario" <<'S'
clusters = hanoi_clusters_vn2000.shp
residential = hanoi_landuse_2020.gpkg.zip, hanoi_landuse_2025.gpkg.zip
residential_code_field = ma_ldat
epochs = 2020, 2025
threads = 1
S
sed -e "s#^clusters = .*#clusters = $T/sub/clusters.shp#" \
    -e "s#^residential = .*#residential = $T/sub/hanoi_landuse_2020.gpkg.zip, $T/sub/hanoi_landuse_2025.gpkg.zip#" \
    "$T/sc/s.scenario" > "$T/sc/small.scenario"
mkdir "$T/out"
echo "an earlier file" > "$T/out/results.sqlite"
"$ZG" run "$T/sc/s.scenario" -o "$T/out" --overwrite -q & victim=$!
wait_for "$T/out/.zoneguard-run-*" || bad "run never made its staging folder"
sleep 0.3
kill -TERM $victim; rc=0; wait $victim || rc=$?
expect_eq "run, SIGTERM: exit 143" 143 "$rc"
expect_eq "run, SIGTERM: the folder as it was" "results.sqlite" "$(ls -A "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "run, SIGTERM: the earlier file kept" "an earlier file" "$(cat "$T/out/results.sqlite")"

# ---- special files as inputs -----------------------------------------------------
mkfifo "$T/fifo"
mkfifo "$T/fifo.csv"
expect_exit "a FIFO as the clusters layer" 3 "clusters input is a named pipe (FIFO).*fifo" -- tm "$ZG" areas "$T/fifo" -o "$T/x.sqlite"
expect_exit "/dev/zero as the clusters layer" 3 "clusters input is a character device.*/dev/zero" -- tm "$ZG" areas /dev/zero -o "$T/x.sqlite"
expect_exit "a FIFO as --landuse" 3 "\-\-landuse input is a named pipe" -- \
  tm "$ZG" landuse "$CL" --landuse "$T/fifo" -o "$T/x.sqlite"
expect_exit "a FIFO as --codes" 3 "\-\-codes input is a named pipe.*fifo.csv" -- \
  tm "$ZG" landuse "$CL" --landuse "$G/hanoi_landuse_2025.gpkg.zip" --codes "$T/fifo.csv" -o "$T/x.sqlite"
expect_exit "a FIFO as the scenario" 3 "input is a named pipe.*fifo" -- tm "$ZG" run "$T/fifo" -o "$T/out2"
expect_exit "a FIFO as the results database of report" 3 "named pipe\|not a file" -- tm "$ZG" report "$T/fifo" -o "$T/r.html"
mkdir "$T/shp"
cp "$G"/hanoi_clusters_vn2000.{shp,shx,prj} "$T/shp/"
mkfifo "$T/shp/hanoi_clusters_vn2000.dbf"
expect_exit "a shapefile whose .dbf is a FIFO" 3 "named pipe (FIFO).*hanoi_clusters_vn2000.dbf" -- \
  tm "$ZG" areas "$T/shp/hanoi_clusters_vn2000.shp" -o "$T/x.sqlite"
mkdir "$T/empty"
expect_exit "a folder that is not a dataset: refused at once" 3 "cannot open input as a vector source" -- \
  tm "$ZG" areas "$T/empty" -o "$T/x.sqlite"
mkdir "$T/shpdir"
cp "$G"/hanoi_clusters_vn2000.* "$T/shpdir/"
expect_exit "a folder that is a dataset (a shapefile folder) still reads" 0 "36 features measured" -- \
  tm "$ZG" areas "$T/shpdir" -o "$T/x.sqlite"
expect_eq "nothing was written by the refusals" "" "$(ls "$T/out2" 2>/dev/null || true)"

# ---- staging left by SIGKILL, swept by the next run ------------------------------
"${ENC[@]}" "$DB" --epochs k1,k2 --append & victim=$!
wait_for "$T/.zoneguard-tmp-*" || bad "the victim never made its staging folder"
sleep 0.2
kill -KILL $victim; wait $victim 2>/dev/null || true
expect_eq "SIGKILL leaves a staging folder" 1 "$(find "$T" -maxdepth 1 -name '.zoneguard-tmp-*' | wc -l)"
# Folders the next run must leave: one of a live process (this shell's
# sleep), one of another host, one without an owner (an older zoneguard).
sleep 60 & live=$!
mkdir "$T/.zoneguard-tmp-live" "$T/.zoneguard-tmp-other" "$T/.zoneguard-tmp-noowner"
echo "$live $(hostname)" > "$T/.zoneguard-tmp-live/.owner"
echo "$victim not-$(hostname)" > "$T/.zoneguard-tmp-other/.owner"
expect_exit "the next run sweeps the dead run's folder" 0 "removed .*zoneguard-tmp-.*pid $victim" -- \
  "$ZG" areas "$CL" -o "$DB" --append
expect_eq "only the folders of a live, a foreign or an unknown owner are left" \
  ".zoneguard-tmp-live .zoneguard-tmp-noowner .zoneguard-tmp-other" \
  "$(find "$T" -maxdepth 1 -name '.zoneguard-tmp-*' -printf '%f\n' | sort | tr '\n' ' ' | sed 's/ $//')"
kill $live; wait $live 2>/dev/null || true
rm -rf "$T"/.zoneguard-tmp-*
expect_eq "the database took the run after the kill" 2 "$(q "$DB" "SELECT count(*) FROM runs")"

"$ZG" run "$T/sc/s.scenario" -o "$T/out" --overwrite -q & victim=$!
wait_for "$T/out/.zoneguard-run-*" || bad "run never made its staging folder"
sleep 0.3
kill -KILL $victim; wait $victim 2>/dev/null || true
expect_eq "SIGKILL of run leaves its staging folder" 1 "$(find "$T/out" -maxdepth 1 -name '.zoneguard-run-*' | wc -l)"
expect_exit "the next run sweeps it" 0 "removed .*zoneguard-run-.*pid $victim" -- \
  "$ZG" run "$T/sc/small.scenario" -o "$T/out" --overwrite
expect_eq "no staging folder left in the run folder" "" "$(left "$T/out")"
expect_eq "the run's database is whole" ok "$(q "$T/out/results.sqlite" "PRAGMA integrity_check")"
finish
