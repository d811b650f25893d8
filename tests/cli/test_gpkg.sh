# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# GeoPackage output: a results file named *.gpkg is a valid GeoPackage
# (GDAL's GPKG driver opens it without a word; the OGC application id and
# version; SQLite's integrity check) holding zoneguard's tables and only
# those, each the same as in the SpatiaLite database of the same run, row
# by row, read with OGR: keys, every attribute, every geometry (WKB). The
# styles go along, on the GeoPackage's geometry columns. `run` takes
# `format = gpkg`; adding a run to a GeoPackage is refused. Both runs
# are of demo_subset.py's copy of the demo (every step and table of the
# demo's run, atlas and all, a seventh of its parcels: what is checked is
# the format, not the demo's size).
. "$(dirname "$0")/lib.sh"
D="$GEO/demo"
/usr/bin/python3 "$ZG_ROOT/tests/cli/demo_subset.py" "$GEO" "$T/sub"
grep -v '^atlas = none$' "$T/sub/subset.scenario" > "$T/s.scenario"
{ cat "$T/s.scenario"; echo "format = gpkg"; } > "$T/g.scenario"
"$ZG" run "$T/s.scenario" -o "$T/s" -q
S="$T/s/results.sqlite"
"$ZG" run "$T/g.scenario" -o "$T/g" -q
G="$T/g/results.gpkg"
expect_true "run with format = gpkg writes results.gpkg" test -s "$G"
expect_true "and no results.sqlite" test ! -e "$T/g/results.sqlite"
expect_eq "the OGC GeoPackage application id" 1196444487 "$(q "$G" "PRAGMA application_id")"
expect_true "GeoPackage version 1.2 or later" test "$(q "$G" "PRAGMA user_version")" -ge 10200
expect_eq "SQLite's integrity check" ok "$(q "$G" "PRAGMA integrity_check")"
ogrinfo -ro -al -so "$G" >"$T/ogrinfo.out" 2>"$T/ogrinfo.err" || true
expect_eq "ogrinfo opens it with the GPKG driver, no warning" "" "$(cat "$T/ogrinfo.err")"
expect_true "ogrinfo names the GPKG driver" grep -q "using driver \`GPKG'" "$T/ogrinfo.out"

# Debian's python3 has python3-gdal (a python3 earlier on PATH may not).
res=$(/usr/bin/python3 - "$S" "$G" <<'PY'
import sqlite3, sys
from osgeo import gdal, ogr
gdal.UseExceptions()
sl = gdal.OpenEx(sys.argv[1], gdal.OF_VECTOR, open_options=["LIST_ALL_TABLES=YES"])
gp = gdal.OpenEx(sys.argv[2], gdal.OF_VECTOR)
# zoneguard's tables in the SpatiaLite file (its own metadata tables are
# SpatiaLite's, not ours): those a run records, and the record tables.
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
ours = {r[0] for r in db.execute("SELECT table_name FROM run_tables")}
ours |= {"runs", "run_inputs", "run_tables", "qa_log", "layer_styles"}
bad = []
gnames = {gp.GetLayer(i).GetName() for i in range(gp.GetLayerCount())}
if gnames != ours:
    bad.append("layers differ: %s" % sorted(gnames ^ ours))
# The two runs differ only in their wall-clock times and command line.
skip = {"runs": {"started_utc", "ended_utc", "command", "options"}}
rows = 0
for name in sorted(ours & gnames):
    a, b = sl.GetLayerByName(name), gp.GetLayerByName(name)
    da, dbb = a.GetLayerDefn(), b.GetLayerDefn()
    fa = [da.GetFieldDefn(i).GetName() for i in range(da.GetFieldCount())]
    fb = [dbb.GetFieldDefn(i).GetName() for i in range(dbb.GetFieldCount())]
    if fa != fb:
        bad.append("%s: fields %s vs %s" % (name, fa, fb))
        continue
    if a.GetFIDColumn() != b.GetFIDColumn():
        bad.append("%s: key %r vs %r" % (name, a.GetFIDColumn(), b.GetFIDColumn()))
    ra = {f.GetFID(): f for f in a}
    rb = {f.GetFID(): f for f in b}
    if sorted(ra) != sorted(rb):
        bad.append("%s: %d vs %d rows" % (name, len(ra), len(rb)))
        continue
    for fid in ra:
        x, y = ra[fid], rb[fid]
        for i, fn in enumerate(fa):
            if fn in skip.get(name, ()):
                continue
            if x.GetField(i) != y.GetField(i):
                bad.append("%s %s %s: %r vs %r" % (name, fid, fn, x.GetField(i), y.GetField(i)))
        gx, gy = x.GetGeometryRef(), y.GetGeometryRef()
        if (gx is None) != (gy is None) or (gx is not None and gx.ExportToWkb() != gy.ExportToWkb()):
            bad.append("%s %s: geometry differs" % (name, fid))
        rows += 1
    if b.GetGeomType() != ogr.wkbNone:
        srs = b.GetSpatialRef()
        if srs is None or srs.GetAuthorityCode(None) != "4326":
            bad.append("%s: CRS %s" % (name, srs and srs.GetAuthorityCode(None)))
print("ok %d" % rows if not bad and rows > 100 else "; ".join(bad[:5]) or "too few rows: %d" % rows)
PY
)
expect_true "every table the same, row by row ($res)" grep -q "^ok" <<<"$res"
expect_eq "a style per geometry table, on the GeoPackage's geometry column" 0 \
  "$(q "$G" "SELECT count(*) FROM gpkg_geometry_columns g WHERE NOT EXISTS (SELECT 1 FROM layer_styles s WHERE s.f_table_name = g.table_name AND s.f_geometry_column = g.column_name AND s.useAsDefault)")"
expect_eq "the proposals' style is categorised by verdict" 1 \
  "$(q "$G" "SELECT count(*) > 0 FROM layer_styles WHERE f_table_name = 'proposals' AND styleQML LIKE '%categorizedSymbol%verdict%'")"
# A single command writes one too; the map and the report read it.
"$ZG" overlaps "$D/hanoi_clusters_vn2000.shp" -o "$T/o.gpkg" -q
expect_eq "overlaps -o o.gpkg: a GeoPackage with the overlap" 1 \
  "$(q "$T/o.gpkg" "SELECT count(*) FROM cluster_overlaps")"
expect_exit "a run cannot be added to a GeoPackage" 2 "cannot be added to a GeoPackage" -- \
  "$ZG" overlaps "$D/hanoi_clusters_vn2000.shp" -o "$T/o.gpkg" --append -q
expect_eq "the refused --append left it as it was" 1 "$(q "$T/o.gpkg" "SELECT count(*) FROM runs")"
"$ZG" map "$G" -o "$T/m.png" -q
expect_true "map reads a GeoPackage" test -s "$T/m.png"
"$ZG" report "$G" -o "$T/r.html" -q
expect_true "report reads a GeoPackage" grep -q "CCN-DA-01" "$T/r.html"
sed 's/^format = gpkg/format = shp/' "$T/g.scenario" >"$T/x.scenario"
expect_exit "an unknown format is a usage error" 2 "format 'shp' is not one of sqlite, gpkg" -- \
  "$ZG" run "$T/x.scenario" -o "$T/x" -q
finish
