# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The styles stored in a results database are the ones QGIS shows, on
# both of QGIS 3.22's routes into a SpatiaLite file: its OGR provider (a
# file dropped into QGIS) and its SpatiaLite provider (Browser, DB
# Manager). PyQGIS opens every geometry layer of a full run each way, as
# QGIS does (default style loaded on open), and compares the renderer and
# the field aliases with the stored QML, read here with ElementTree.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qgis_env.sh"
# A copy of the demo run's database: QGIS may write to what it opens.
cp "$(demo_run)/results.sqlite" "$T/results.sqlite"
if "$QPY" "$ZG_ROOT/tests/cli/qgis_styles.py" "$T/results.sqlite" > "$T/out.txt" 2>"$T/err.txt"; then rc=0; else rc=$?; fi
cat "$T/out.txt"
while read -r line; do
  case "$line" in
    "ok "*) ok "${line#ok }" ;;
    "FAIL "*) bad "${line#FAIL }" ;;
  esac
done < "$T/out.txt"
expect_eq "qgis_styles.py ran to its end" 0 "$rc"
[[ $rc -eq 0 ]] || head -c 2000 "$T/err.txt"
expect_eq "checks made (9 layers x 2 routes, renderer and aliases)" 36 "$(grep -c '^ok\|^FAIL' "$T/out.txt")"
finish
