#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# package_qgis_plugin.sh [OUTDIR]: zip the QGIS Processing plugin of
# qgis/zoneguard_processing/ as QGIS's plugin manager takes it ("Install
# from ZIP": one top folder, the plugin's package, with metadata.txt), into
# OUTDIR (default build/): zoneguard_processing-VERSION.zip. The plugin is
# pure Python and runs the installed zoneguard command.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/build}
mkdir -p "$OUT"
/usr/bin/env python3 - "$ROOT/qgis/zoneguard_processing" "$OUT" <<'PY'
import configparser, os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
meta = configparser.ConfigParser()
meta.read(os.path.join(src, "metadata.txt"), encoding="utf-8")
version = meta["general"]["version"]
dest = os.path.join(out, "zoneguard_processing-%s.zip" % version)
tmp = dest + ".tmp"
names = sorted(n for n in os.listdir(src)
               if n.endswith((".py", ".txt")) and not n.startswith("."))
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    for n in names:
        # Fixed timestamps: the same sources give the same zip.
        info = zipfile.ZipInfo("zoneguard_processing/" + n, (2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(os.path.join(src, n), "rb") as f:
            z.writestr(info, f.read())
os.replace(tmp, dest)
print(dest)
PY
