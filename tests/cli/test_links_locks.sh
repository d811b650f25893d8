# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Links and locks by file, not by name (issue 15, item 3). --append and
# --overwrite through a symbolic link write the file the link points at
# and leave the link a link. Two runs reaching one database by two names
# (a symbolic link, a hard link, ./x and x) never both write it: the
# second fails at once with exit 6 and the database holds exactly the
# runs that succeeded (counted with sqlite3). Appending to a database with
# several hard links is refused (the others would keep the old file).
. "$(dirname "$0")/lib.sh"
G="$GEO/demo"
CL="$G/hanoi_clusters_vn2000.shp"
mkdir "$T/real"
DB="$T/real/db.sqlite"
LINK="$T/l.sqlite"
LOCK="$T/real/.db.sqlite.zoneguard-lock"
# About a second (more under ASan): long enough to overlap another run.
ENC=("$ZG" encroach "$CL" --residential "$G/hanoi_landuse_2020.gpkg.zip"
     --residential "$G/hanoi_landuse_2025.gpkg.zip" --code-field ma_ldat
     --threads 1 -q -o)
wait_for_lock() { for _ in $(seq 1 400); do [[ -s "$1" ]] && return 0; sleep 0.01; done; return 1; }
runs() { q "$DB" "SELECT count(*) FROM runs"; }
left() { find "$T" -name '.zoneguard-*' -o -name '*zoneguard-lock' | head -3; }

"$ZG" areas "$CL" -o "$DB" -q
ln -s real/db.sqlite "$LINK"

# ---- through a symbolic link ------------------------------------------------
expect_exit "--append through a symbolic link" 0 "(run 2)" -- "$ZG" areas "$CL" -o "$LINK" --append
expect_eq "the link is still a link to the database" "real/db.sqlite" "$(readlink "$LINK")"
expect_eq "the database the link points at has both runs" 2 "$(runs)"
expect_eq "integrity_check" ok "$(q "$DB" "PRAGMA integrity_check")"
expect_eq "no lock or staging left" "" "$(left)"
cp "$DB" "$T/two.sqlite"
expect_exit "--overwrite through a symbolic link" 0 "(run 1)" -- "$ZG" areas "$CL" -o "$LINK" --overwrite
expect_eq "still a link after --overwrite" "real/db.sqlite" "$(readlink "$LINK")"
expect_eq "the file it points at was replaced: one run" 1 "$(runs)"
"$ZG" areas "$CL" -o "$DB" --append -q
nruns=2

# ---- two runs at once, by two names -----------------------------------------
# second_refused NAME PATTERN -- command...: while a slow append by the
# real name holds the database, the command (another name) fails with
# exit 6 and PATTERN; then the first run's row is the only new one.
second_refused() {
  local what=$1 pat=$2; shift 3
  "${ENC[@]}" "$DB" --epochs a1,a2 --append & holder=$!
  wait_for_lock "$LOCK" || bad "$what: the first run never took its lock"
  [[ -n ${HOOK:-} ]] && eval "$HOOK"
  expect_exit "$what: the second writer is refused at once" 6 "$pat" -- "$@"
  wait $holder && nruns=$((nruns + 1))
  expect_eq "$what: only the first run went in" "$nruns" "$(runs)"
  expect_eq "$what: integrity_check" ok "$(q "$DB" "PRAGMA integrity_check")"
  expect_eq "$what: the link is still a link" "real/db.sqlite" "$(readlink "$LINK")"
}
second_refused "symbolic link" "another zoneguard run (pid [0-9]*) is writing .*db.sqlite" -- \
  "$ZG" areas "$CL" -o "$LINK" --append -q
second_refused "./x and x" "another zoneguard run (pid [0-9]*) is writing" -- \
  bash -c "cd '$T/real' && '$ZG' areas '$CL' -o ./db.sqlite --append -q"
# The hard link is made once the first run holds the file: a database with
# two names from the start is refused (below).
HOOK='ln "$DB" "$T/hard.sqlite"'
second_refused "hard link made during the run" "another zoneguard run is writing .*hard.sqlite under another name" -- \
  "$ZG" areas "$CL" -o "$T/hard.sqlite" --append -q
HOOK=
rm -f "$T/hard.sqlite"
expect_eq "no lock or staging left" "" "$(left)"

# ---- a database with two names ---------------------------------------------
ln "$DB" "$T/hard.sqlite"
sum=$(sha256sum < "$DB")
expect_exit "--append to a database with 2 hard links: refused" 6 "the database has 2 names (hard links)" -- \
  "$ZG" areas "$CL" -o "$T/hard.sqlite" --append
expect_exit "... by either name" 6 "the database has 2 names (hard links)" -- \
  "$ZG" areas "$CL" -o "$DB" --append
expect_eq "the database untouched" "$sum" "$(sha256sum < "$DB")"
expect_eq "still one file with two names" 2 "$(stat -c %h "$DB")"
expect_eq "no lock or staging left" "" "$(left)"
finish
