#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Run `zoneguard areas` on every fixture of tests/expected/areas.csv and
compare area_ha and area_plane_ha with the values worked out there by
independent routes (GeographicLib's Planimeter, PROJ's cs2cs + shoelace,
analytic formulas; see geodata/tests/PROVENANCE.md).

Tolerances (shared/docs/numbers.md): area_ha 1e-7 relative or 1e-5 ha,
area_plane_ha 1e-9 relative."""
import csv
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections import OrderedDict

ZG, ROOT = os.environ["ZG"], os.environ["ZG_ROOT"]
# Fixtures zoneguard refuses on purpose (covered by test_bad_inputs.sh).
REFUSED = {"parcels.shp": "missing .dbf", "lat95.geojson": "latitude 95"}
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("ok  ", what)
    else:
        failed += 1
        print("FAIL", what)


groups = OrderedDict()
for row in csv.DictReader(open(os.path.join(ROOT, "tests/expected/areas.csv"), encoding="utf-8")):
    groups.setdefault((row["file"], row["layer"]), []).append(row)

tmp = tempfile.mkdtemp(prefix="zg_known_")
for (path, layer), rows in groups.items():
    base = os.path.basename(path)
    if base in REFUSED:
        print("skip", path, "(refused:", REFUSED[base] + ")")
        continue
    src = os.path.join(ROOT, path)
    if path.startswith("/vsizip/"):
        src = "/vsizip/" + os.path.join(ROOT, path[len("/vsizip/"):])
    args = [ZG, "areas", src, "-o", os.path.join(tmp, "o.sqlite"), "--overwrite", "-q"]
    if base.endswith(".gpkg") and layer not in ("mixed", "rect_utm48n", "curves"):
        args += ["--layer", layer]
    if "no .prj" in rows[0]["note"]:
        args += ["--s-srs", "EPSG:5897"]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        check(False, "%s: exit %d: %s" % (path, r.returncode, r.stderr.strip()))
        continue
    db = sqlite3.connect(os.path.join(tmp, "o.sqlite"))
    got = {str(i): (a, p) for i, a, p in db.execute("SELECT id, area_ha, area_plane_ha FROM clusters")}
    db.close()
    for row in rows:
        fid = row["id"]
        if fid not in got:
            check(False, "%s id %s: not in the output (has %s)" % (path, fid, sorted(got)))
            continue
        a, p = got[fid]
        ea, ep = float(row["area_ha"]), float(row["area_plane_ha"])
        tol = max(1e-7 * abs(ea), 1e-5)
        check(abs(a - ea) <= tol, "%s id %s area_ha %.9f vs %.9f (diff %.2e ha)" % (path, fid, a, ea, a - ea))
        check(abs(p - ep) <= 1e-9 * abs(ep) + 1e-9,
              "%s id %s area_plane_ha %.10f vs %.10f" % (path, fid, p, ep))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
