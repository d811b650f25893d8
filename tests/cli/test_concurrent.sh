# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Two zoneguard processes on the same output never corrupt it: the second
# fails at once (exit 6, "another zoneguard run is writing ..."), and the
# database afterwards passes PRAGMA integrity_check and holds exactly the
# runs that succeeded. Real processes, started together in both orders;
# also a lock held by another program, a run killed with SIGKILL and one
# cancelled with SIGINT during an append.
. "$(dirname "$0")/lib.sh"
G="$GEO/demo"
CL="$G/hanoi_clusters_vn2000.shp"
DB="$T/db.sqlite"
LOCK="$T/.db.sqlite.zoneguard-lock"
# Long enough to overlap in time (about 1 s here, more under ASan):
# housing at two dates streamed from the demo land-use maps.
# (An array, not a function: started with &, $! is then zoneguard's pid.)
ENC=("$ZG" encroach "$CL" --residential "$G/hanoi_landuse_2020.gpkg.zip"
     --residential "$G/hanoi_landuse_2025.gpkg.zip" --code-field ma_ldat
     --threads 1 -q -o)
wait_for_lock() { for _ in $(seq 1 400); do [[ -s "$1" ]] && return 0; sleep 0.01; done; return 1; }

"${ENC[@]}" "$DB" --epochs 2020,2025
nruns=1

# ---- a lock held by a running zoneguard: the second names its pid --------
"${ENC[@]}" "$DB" --epochs h1,h2 --append & holder=$!
wait_for_lock "$LOCK" || bad "the first run never took its lock"
expect_exit "second writer refused at once, holder named" 6 \
  "another zoneguard run (pid $holder) is writing .*db.sqlite" -- "${ENC[@]}" "$DB" --epochs x1,x2 --append
wait $holder && nruns=$((nruns + 1))
expect_eq "the holder's run went in, the refused one did not" "h1 h2" \
  "$(q "$DB" "SELECT DISTINCT epoch FROM encroachment WHERE run_id > 1 ORDER BY epoch" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "lock file removed by its holder" "" "$(ls -A "$T" | grep lock || true)"

# ---- a lock held by another program (flock(1), on this shell's fd) ------
exec 9> "$LOCK"
flock -n 9 || bad "cannot take the lock with flock(1)"
sum=$(sha256sum < "$DB")
expect_exit "a lock held by flock(1) is respected" 6 "another zoneguard run is writing" -- \
  "$ZG" areas "$CL" -o "$DB" --append -q
exec 9>&-
expect_eq "database untouched" "$sum" "$(sha256sum < "$DB")"
"$ZG" areas "$CL" -o "$DB" --append -q && nruns=$((nruns + 1))
expect_eq "once released, the lock is ours (and removed after)" "$nruns|" \
  "$(q "$DB" "SELECT count(*) FROM runs")|$(ls -A "$T" | grep lock || true)"

# ---- two at once, in both orders -----------------------------------------
# Each process labels its dates (a1_1, a1_2: process a, round 1), so that
# the database says whose runs it holds.
refused=0
round=0
for order in "a b" "b a"; do
  round=$((round + 1))
  set -- $order
  "${ENC[@]}" "$DB" --epochs "$1${round}_1,$1${round}_2" --append 2> "$T/$1.err" & p1=$!
  "${ENC[@]}" "$DB" --epochs "$2${round}_1,$2${round}_2" --append 2> "$T/$2.err" & p2=$!
  r1=0; r2=0; wait $p1 || r1=$?; wait $p2 || r2=$?
  echo $r1 > "$T/$1.rc"; echo $r2 > "$T/$2.rc"
  won=""
  for p in a b; do
    rc=$(cat "$T/$p.rc")
    if [[ $rc -eq 0 ]]; then
      won="$won$p"; nruns=$((nruns + 1))
    elif [[ $rc -eq 6 ]] && grep -q "another zoneguard run \(.pid [0-9]*. \)\?is writing" "$T/$p.err"; then
      refused=$((refused + 1))
    else
      bad "order '$order': process $p exit $rc: $(head -c 300 "$T/$p.err")"
    fi
  done
  echo "order '$order' ($1 started first): succeeded: ${won:-none}"
  [[ -n $won ]] || bad "order '$order': neither run succeeded"
  expect_eq "order '$order': integrity_check" ok "$(q "$DB" "PRAGMA integrity_check")"
  expect_eq "order '$order': the runs that succeeded, and only those" "$nruns" "$(q "$DB" "SELECT count(*) FROM runs")"
  for p in a b; do
    want=0; [[ $won == *$p* ]] && want=1
    expect_eq "order '$order': process $p's rows there iff it succeeded" "$want" \
      "$(q "$DB" "SELECT count(DISTINCT run_id) FROM encroachment WHERE epoch = '$p${round}_1'")"
  done
done
# Both start within milliseconds and each runs about a second: every
# round should see one refusal. At least one proves they overlapped.
if (( refused >= 1 )); then ok "the runs overlapped in time: the lock refused $refused of 4"; else bad "no round overlapped: the input is too small to test the lock"; fi
expect_eq "one run_id per run" "$nruns" "$(q "$DB" "SELECT count(DISTINCT run_id) FROM clusters")"
expect_eq "clusters: 36 rows per run" "$((36 * nruns))" "$(q "$DB" "SELECT count(*) FROM clusters")"
expect_eq "no lock or temporary file left" "" "$(ls -A "$T" | grep 'lock\|zoneguard-tmp' || true)"

# ---- two `zoneguard run --append` on one folder, in both orders ----------
# x: demo_subset.py's copy of the demo (every step and table of the
# demo's run, a seventh of its parcels: what is checked is the lock, not
# the size); y: the same scenario with one thread and another title.
/usr/bin/python3 "$ZG_ROOT/tests/cli/demo_subset.py" "$GEO" "$T/sc"
{ grep -v '^title' "$T/sc/subset.scenario"; echo "title = y"; echo "threads = 1"; } > "$T/sc/y.scenario"
# Round 1 starts from an empty folder (both would create results.sqlite),
# round 2 adds to what round 1 made.
total=0
for order in "x y" "y x"; do
  set -- $order
  for k in 1 2; do
    who=${!k}
    if [[ $who == x ]]; then args=("$T/sc/subset.scenario"); else args=("$T/sc/y.scenario"); fi
    "$ZG" run "${args[@]}" -o "$T/out" --append -q 2> "$T/$who.err" &
    eval "p$k=\$!"
  done
  r1=0; r2=0; wait $p1 || r1=$?; wait $p2 || r2=$?
  for k in 1 2; do
    who=${!k}; rc=$([[ $k -eq 1 ]] && echo $r1 || echo $r2)
    if [[ $rc -eq 0 ]]; then
      total=$((total + 1)); echo "run --append, order '$order': $who succeeded"
    elif [[ $rc -eq 6 ]] && grep -q "another zoneguard run \(.pid [0-9]*. \)\?is writing .*results.sqlite" "$T/$who.err"; then
      run_refused=$(( ${run_refused:-0} + 1 ))
    else
      bad "run --append, order '$order', $who: exit $rc: $(head -c 300 "$T/$who.err")"
    fi
  done
  expect_eq "run --append, order '$order': integrity_check" ok "$(q "$T/out/results.sqlite" "PRAGMA integrity_check")"
  expect_eq "run --append, order '$order': the runs that succeeded" "$total" "$(q "$T/out/results.sqlite" "SELECT count(*) FROM runs")"
done
if (( ${run_refused:-0} >= 1 )); then ok "the folder runs overlapped: ${run_refused} refused of 4"; else bad "no run --append round overlapped"; fi
expect_eq "every run wrote every table of the folder" "$total" "$(q "$T/out/results.sqlite" "SELECT count(DISTINCT run_id) FROM proposals")"
expect_eq "no staging folder or lock left in the run folder" "" "$(ls -A "$T/out" | grep 'zoneguard\|lock' || true)"

# ---- SIGKILL during an append: the database as it was, the lock freed ----
sum=$(sha256sum < "$DB")
"${ENC[@]}" "$DB" --epochs k1,k2 --append & victim=$!
wait_for_lock "$LOCK" || bad "the victim never took its lock"
kill -KILL $victim; wait $victim 2>/dev/null || true
expect_eq "killed append: database byte for byte as it was" "$sum" "$(sha256sum < "$DB")"
"${ENC[@]}" "$DB" --epochs after1,after2 --append
expect_eq "the kernel freed the lock: the next append went in" "$((nruns + 1))" "$(q "$DB" "SELECT count(*) FROM runs")"
nruns=$((nruns + 1))
rm -rf "$T"/.zoneguard-tmp-*  # what a SIGKILL cannot clean up

# ---- SIGINT during an append: cancelled cleanly ---------------------------
sum=$(sha256sum < "$DB")
"${ENC[@]}" "$DB" --epochs i1,i2 --append 2> "$T/int.err" & victim=$!
wait_for_lock "$LOCK" || bad "the cancelled run never took its lock"
kill -INT $victim; rc=0; wait $victim || rc=$?
expect_eq "Ctrl-C: exit 130" 130 "$rc"
expect_eq "Ctrl-C: database byte for byte as it was" "$sum" "$(sha256sum < "$DB")"
expect_eq "Ctrl-C: no temporary file or lock left" "" "$(ls -A "$T" | grep 'zoneguard-tmp\|lock' || true)"
expect_eq "integrity_check at the end" ok "$(q "$DB" "PRAGMA integrity_check")"
finish
