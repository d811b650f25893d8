# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The run folder's outputs through symbolic links (README, "Links and
# locks by file"): `run` writes through a link as every command does: the
# file it points at is replaced (--overwrite) or added to (--append,
# results.sqlite), the link stays a link; also when that file is on
# another file system (/dev/shm). A link to nothing is refused (exit 6)
# before any output moves. Runs counted with sqlite3, files by their
# magic bytes and hashes. A folder of the run (csv/) that is a link into
# another file system gets its files the same way.
. "$(dirname "$0")/lib.sh"
G="$GEO/demo"
SHM=$(mktemp -d /dev/shm/zg_links_XXXXXX)
trap 'rm -rf "$T" "$ZG_PYBIN" "$SHM"' EXIT
# Clusters alone: the quickest run that writes a database, GeoJSON, CSV,
# the map and the report.
printf 'clusters = %s\n' "$G/hanoi_clusters_vn2000.shp" >"$T/s.scenario"
OUT="$T/out"
"$ZG" run "$T/s.scenario" -o "$OUT" -q
mkdir "$T/real"
runs() { q "$1" "SELECT count(*) FROM runs"; }
magic() { head -c "$2" "$1" | od -An -c | tr -d ' \n'; }
left() { find "$T" "$SHM" -name '.zoneguard-*' | head -3; }

# ---- results.sqlite a link to a database elsewhere -------------------------
mv "$OUT/results.sqlite" "$T/real/r.sqlite"
ln -s ../real/r.sqlite "$OUT/results.sqlite"
expect_exit "run --append, results.sqlite a link" 0 "done ->" -- \
  "$ZG" run "$T/s.scenario" -o "$OUT" --append
expect_eq "the link is still a link" "../real/r.sqlite" "$(readlink "$OUT/results.sqlite")"
expect_eq "the database it points at has both runs" 2 "$(runs "$T/real/r.sqlite")"
expect_eq "integrity_check" ok "$(q "$T/real/r.sqlite" "PRAGMA integrity_check")"
expect_exit "run --overwrite, results.sqlite a link" 0 "done ->" -- \
  "$ZG" run "$T/s.scenario" -o "$OUT" --overwrite
expect_eq "still a link after --overwrite" "../real/r.sqlite" "$(readlink "$OUT/results.sqlite")"
expect_eq "the file it points at was replaced: one run" 1 "$(runs "$T/real/r.sqlite")"
expect_eq "no lock or staging left" "" "$(left)"
# The lock is beside the file the link points at: a holder of that lock
# file (another writer of r.sqlite by its own name) stops the run.
python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "w"); fcntl.flock(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close(); time.sleep(60)' \
  "$T/real/.r.sqlite.zoneguard-lock" "$T/held" & holder=$!
for _ in $(seq 1 500); do [[ -e $T/held ]] && break; sleep 0.01; done
expect_exit "run --append while r.sqlite's lock is held: refused" 6 \
  "another zoneguard run is writing .*real/r.sqlite" -- \
  "$ZG" run "$T/s.scenario" -o "$OUT" --append
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null || true
rm -f "$T/real/.r.sqlite.zoneguard-lock"
expect_eq "... the database as it was: one run" 1 "$(runs "$T/real/r.sqlite")"

# ---- the other outputs, links into another file system ---------------------
for f in map.png map.pdf report.html geojson/clusters.geojson csv/clusters.csv; do
  leaf=${f//\//_}
  echo "the user's own $f" >"$SHM/$leaf"
  rm "$OUT/$f"
  ln -s "$SHM/$leaf" "$OUT/$f"
done
mv "$T/real/r.sqlite" "$SHM/r.sqlite"
ln -sf "$SHM/r.sqlite" "$OUT/results.sqlite"
expect_exit "run without --overwrite: the files behind the links exist" 6 "output exists" -- \
  "$ZG" run "$T/s.scenario" -o "$OUT" -q
expect_eq "... the map behind its link untouched" "the user's own map.png" "$(cat "$SHM/map.png")"
expect_exit "run --append, every output a link to /dev/shm" 0 "done ->" -- \
  "$ZG" run "$T/s.scenario" -o "$OUT" --append
for f in map.png map.pdf report.html geojson/clusters.geojson csv/clusters.csv results.sqlite; do
  leaf=${f//\//_}
  [[ $f == results.sqlite ]] && leaf=r.sqlite
  expect_eq "$f is still a link" "$SHM/$leaf" "$(readlink "$OUT/$f")"
done
expect_eq "map.png behind its link is a PNG" '211PNG' "$(magic "$SHM/map.png" 4)"
expect_eq "map.pdf behind its link is a PDF" '%PDF' "$(magic "$SHM/map.pdf" 4)"
expect_eq "report.html behind its link is HTML" "<!DOCTYPE html>" "$(head -c 15 "$SHM/report.html")"
expect_eq "clusters.geojson behind its link has the clusters" \
  "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["features"]))' "$SHM/geojson_clusters.geojson")" \
  "$(q "$SHM/r.sqlite" "SELECT count(*) FROM clusters WHERE run_id = 2")"
expect_eq "the database behind its link got the run: 2 runs" 2 "$(runs "$SHM/r.sqlite")"
expect_eq "no lock or staging left" "" "$(left)"

# ---- a folder of the run a link into another file system -------------------
mkdir "$SHM/csv_dir"
mv "$OUT/csv"/* "$SHM/csv_dir/" && rmdir "$OUT/csv" && ln -s "$SHM/csv_dir" "$OUT/csv"
expect_exit "run --overwrite, csv/ a link to a folder in /dev/shm" 0 "done ->" -- \
  "$ZG" run "$T/s.scenario" -o "$OUT" --overwrite
expect_eq "csv/ still a link" "$SHM/csv_dir" "$(readlink "$OUT/csv")"
expect_eq "clusters.csv in it: a header and a row per cluster of the database" \
  "$(( $(q "$SHM/r.sqlite" "SELECT count(*) FROM clusters") + 1 ))" \
  "$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))))' "$SHM/csv_dir/clusters.csv")"
expect_eq "no lock or staging left" "" "$(left)"

# ---- a link to nothing ------------------------------------------------------
ln -s "$T/real/gone.png" "$T/dangling"
rm "$OUT/map.png" && mv "$T/dangling" "$OUT/map.png"
sum=$(cd "$SHM" && sha256sum r.sqlite report.html)
expect_exit "run --overwrite, map.png a link to nothing: refused" 6 \
  "output is a symbolic link to a file that does not exist.*map.png" -- \
  "$ZG" run "$T/s.scenario" -o "$OUT" --overwrite -q
expect_eq "... no output moved: the database and report as they were" "$sum" \
  "$(cd "$SHM" && sha256sum r.sqlite report.html)"
expect_eq "... the link left as it was" "$T/real/gone.png" "$(readlink "$OUT/map.png")"
expect_eq "no lock or staging left" "" "$(left)"
finish
