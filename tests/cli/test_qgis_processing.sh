# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The QGIS Processing plugin of qgis/ (zoneguard in the Processing
# Toolbox), as scripts/package_qgis_plugin.sh zips it for QGIS's plugin
# manager, started as QGIS starts it and run headless with processing.run:
# every algorithm on demo_subset.py's copy of the demo gives the numbers
# the command line gives with the same inputs (every result table, column
# by column; map and report byte for byte); a memory layer is written to a temporary
# GeoPackage and measured the same; a cancelled run stops the command and
# leaves nothing; a bad command setting is reported. Details in
# qgis_processing.py.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/qgis_env.sh"
zip=$(bash "$ZG_ROOT/scripts/package_qgis_plugin.sh" "$T/zip")
res=$("$QPY" - "$zip" "$T/plugins" <<'PY'
import configparser, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
tops = {n.split("/")[0] for n in z.namelist()}
meta = configparser.ConfigParser()
meta.read_string(z.read("zoneguard_processing/metadata.txt").decode())
# What QGIS's plugin manager requires of metadata.txt.
need = ["name", "qgisMinimumVersion", "description", "about", "version",
        "author", "email"]
missing = [k for k in need if not meta["general"].get(k)]
z.extractall(sys.argv[2])
print("ok" if tops == {"zoneguard_processing"} and not missing
      and "zoneguard_processing/__init__.py" in z.namelist()
      else "tops %s, missing %s" % (tops, missing))
PY
)
expect_eq "the zip: one top folder, the package, metadata QGIS requires" ok "$res"
# The 6 clusters of the subset and their parcels, the demo's scenario
# over them with its atlas (what is checked is the plugin, not the size).
/usr/bin/python3 "$ZG_ROOT/tests/cli/demo_subset.py" "$GEO" "$T/sub"
grep -v '^atlas = none$' "$T/sub/subset.scenario" > "$T/sub/subset_atlas.scenario"
# The plugin as installed from the zip, not the source tree.
export PYTHONPATH="$T/plugins:/usr/share/qgis/python/plugins" ZONEGUARD="$ZG"
if (cd "$T" && "$QPY" "$ZG_ROOT/tests/cli/qgis_processing.py" "$ZG" "$GEO" "$T/work" "$T/sub") > "$T/out.txt" 2>"$T/err.txt"; then rc=0; else rc=$?; fi
while read -r line; do
  case "$line" in
    "ok "*) ok "${line#ok }" ;;
    "FAIL "*) bad "${line#FAIL }" ;;
  esac
done < "$T/out.txt"
expect_eq "qgis_processing.py ran to its end" 0 "$rc"
[[ $rc -eq 0 ]] || grep -v XDG "$T/err.txt" | tail -c 3000
expect_eq "checks made" 48 "$(grep -c '^ok\|^FAIL' "$T/out.txt")"
finish
