# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Faults outside zoneguard's control: a full disk, an output directory that
# cannot be written (no permission; a read-only file system) and Ctrl-C in
# the middle of a run. Each gives a clear output error (exit 6) or exit 130,
# leaves the earlier outputs byte for byte as they were and no temporary
# directory behind. (Allocation failures are swept by unit_context.)
#
# The full disk is a small tmpfs mounted in a private mount namespace
# (unshare; as root, or in a user namespace otherwise). On a machine that
# allows neither (not this project's CI), those cases say so and are
# skipped: a file-size limit is no stand-in, as it is per file.
. "$(dirname "$0")/lib.sh"
IN="$GEO/real/dvhcvn/hanoi_districts.geojson"

# Reference output sizes, to size the small disks below.
"$ZG" areas "$IN" -o "$T/ref.sqlite" --geojson "$T/ref.geojson" -q
db_b=$(stat -c %s "$T/ref.sqlite")
gj_b=$(stat -c %s "$T/ref.geojson")

# in_small_fs KIB SCRIPT: run SCRIPT (bash) with $D a fresh directory on a
# file system of KIB KiB. Prints which method was used on fd 3.
in_small_fs() {
  local kib=$1 script=$2
  local d="$T/fs_$kib"
  mkdir -p "$d"
  local mnt="mount -t tmpfs -o size=${kib}k zgfull '$d' && D='$d' bash -c '$script'"
  if unshare -m true 2>/dev/null; then
    echo "tmpfs in a mount namespace" >&3
    unshare -m sh -c "$mnt"
  elif unshare -rm true 2>/dev/null; then
    echo "tmpfs in a user+mount namespace" >&3
    unshare -rm sh -c "$mnt"
  else
    echo "none" >&3
  fi
}

# Earlier outputs, then a run with --overwrite that cannot fit.
full_disk_case() {
  local what=$1 kib=$2 pat=$3
  local script='
    echo "earlier result" > "$D/out.sqlite"
    echo "earlier geojson" > "$D/out.geojson"
    before=$(cat "$D/out.sqlite" "$D/out.geojson" | sha256sum)
    rc=0
    "$ZG" areas "$IN" -o "$D/out.sqlite" --geojson "$D/out.geojson" \
      --overwrite -q 2>"$D/err" || rc=$?
    after=$(cat "$D/out.sqlite" "$D/out.geojson" | sha256sum)
    left=$(find "$D" -name ".zoneguard-tmp-*" | wc -l)
    echo "$rc|$([[ $before == "$after" ]] && echo same || echo changed)|$left|$(tr "\n" " " < "$D/err" | grep -o "zoneguard: .*")"'
  local res
  res=$(ZG="$ZG" IN="$IN" in_small_fs "$kib" "$script" 3>"$T/method")
  echo "  ($what: $(cat "$T/method"), $kib KiB)"
  if [[ $(cat "$T/method") == none ]]; then
    echo "  SKIP $what: no mount namespace on this machine"
    return
  fi
  IFS='|' read -r rc same left msg <<<"$res"
  expect_eq "$what: exit code" 6 "$rc"
  if grep -Eq -- "$pat" <<<"$msg"; then ok "$what: message ($msg)"
  else bad "$what: message '$msg' does not match '$pat'"; fi
  expect_eq "$what: earlier outputs intact" same "$same"
  expect_eq "$what: no temporary directory left" 0 "$left"
}

# Too small for SpatiaLite's metadata tables: fails while creating them.
full_disk_case "disk full at the database" 64 \
  "disk is full.*out.sqlite"
# Room for the database, not for the GeoJSON as well (GDAL's GeoJSON driver
# ignores failed writes: zoneguard must catch them itself).
full_disk_case "disk full at the GeoJSON" $(((db_b + gj_b / 2) / 1024)) \
  "No space left on device.*out.geojson"

# ---- an output directory that cannot be written ------------------------

mkdir "$T/ro" && echo "earlier result" > "$T/ro/out.sqlite"
before=$(sha256sum < "$T/ro/out.sqlite")
chmod 555 "$T/ro"
chmod 755 "$T"
as_other=()
if [[ $(id -u) -eq 0 ]]; then
  # Root ignores permissions: run as nobody to see them.
  as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
expect_exit "directory without write permission" 6 \
  "cannot write in the output's directory: Permission denied.*ro/out.sqlite" -- \
  "${as_other[@]}" "$ZG" areas "$IN" -o "$T/ro/out.sqlite" --overwrite -q
expect_eq "earlier output intact (no permission)" "$before" "$(sha256sum < "$T/ro/out.sqlite")"
chmod 755 "$T/ro"

# A read-only file system: a read-only bind mount in a mount namespace.
ns=()
if unshare -m true 2>/dev/null; then ns=(unshare -m)
elif unshare -rm true 2>/dev/null; then ns=(unshare -rm); fi
if [[ ${#ns[@]} -gt 0 ]]; then
  rc=0
  "${ns[@]}" sh -c "mount --bind '$T/ro' '$T/ro' && mount -o remount,bind,ro '$T/ro' &&
    exec '$ZG' areas '$IN' -o '$T/ro/out.sqlite' --overwrite -q" 2>"$T/err" || rc=$?
  expect_eq "read-only file system: exit code" 6 "$rc"
  if grep -q "Read-only file system.*ro/out.sqlite" "$T/err"; then ok "read-only file system: message"
  else bad "read-only file system: message: $(cat "$T/err")"; fi
  expect_eq "earlier output intact (read-only)" "$before" "$(sha256sum < "$T/ro/out.sqlite")"
else
  echo "  (no mount namespace here: the read-only file system case is covered by permissions only)"
fi

# ---- Ctrl-C in the middle of a run --------------------------------------

# 300 000 parcels: long enough (about 2 s, more under ASan) to be
# interrupted in the overlay.
# The scene is lib.sh's bench_scene (made once per build); the output goes
# to a folder of this test's.
S=$(bench_scene medium)
O="$T/int"
mkdir "$O"
echo "earlier result" > "$O/out.sqlite"
before=$(sha256sum < "$O/out.sqlite")
"$ZG" landuse "$S/clusters.gpkg" --landuse "$S/parcels.gpkg" --code-field ma_ldat \
  -o "$O/out.sqlite" --overwrite --threads 2 2>"$T/err" &
pid=$!
# Interrupt once the run is writing its temporary output.
for _ in $(seq 6000); do # up to a minute (valgrind starts slowly)
  compgen -G "$O/.zoneguard-tmp-*" >/dev/null && break
  sleep 0.01
done
sleep 0.3
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
expect_eq "Ctrl-C: exit code" 130 "$rc"
if grep -q "zoneguard: cancelled during" "$T/err"; then ok "Ctrl-C: message ($(tr -d '\r' < "$T/err" | tail -1))"
else bad "Ctrl-C: message: $(cat "$T/err")"; fi
expect_eq "Ctrl-C: earlier output intact" "$before" "$(sha256sum < "$O/out.sqlite")"
expect_eq "Ctrl-C: temporary directory removed" 0 "$(find "$O" -name '.zoneguard-tmp-*' | wc -l)"
finish
