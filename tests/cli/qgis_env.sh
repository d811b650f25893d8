# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# qgis_env.sh: sourced after lib.sh by the tests that run PyQGIS. Debian's
# python3-qgis is for the system Python (/usr/bin/python3), whatever
# python3 is first on PATH. QGIS runs headless (offscreen Qt platform) and
# keeps its settings under $T, not in the user's profile. Missing PyQGIS
# fails the test: scripts/install_deps.sh --tests installs it.
QPY=/usr/bin/python3
if ! "$QPY" -c 'import qgis.core' 2>/dev/null; then
  echo "FAIL PyQGIS missing: bash scripts/install_deps.sh --tests (python3-qgis, qgis-providers)"
  exit 1
fi
export QT_QPA_PLATFORM=offscreen HOME="$T/home" XDG_RUNTIME_DIR="$T/xdg"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# QGIS's own plugins (Processing) and ours.
export PYTHONPATH="/usr/share/qgis/python/plugins:$ZG_ROOT/qgis${PYTHONPATH:+:$PYTHONPATH}"
