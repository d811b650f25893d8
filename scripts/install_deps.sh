#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# install_deps.sh: install the Debian 12 packages zoneguard needs, only
# those missing. `--tests` adds what the test suite uses.
# Runs as root (or with sudo available); safe to run again.
set -euo pipefail

# libgoogle-perftools-dev: tcmalloc, the command's allocator (README.md,
# "Dependencies").
BUILD_PKGS=(build-essential cmake pkg-config
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data
  libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite
  spatialite-bin nettle-dev python3 python3-gdal
  libcairo2-dev libpango1.0-dev fonts-dejavu-core libgoogle-perftools-dev)
# chromium: the report test renders report.html in a real browser.
# fonts-liberation2: Liberation Serif, metric-compatible with Times New
# Roman and with Vietnamese (1.07 of fonts-liberation has none), for the
# report's official print layout. poppler-utils: pdfinfo, pdftotext and
# pdftoppm read the report printed to PDF (test_report_print.sh).
# clang + libclang-rt-14-dev (libFuzzer's runtime, libclang_rt.fuzzer, is
# only recommended by clang, and we install without recommends): the fuzz
# build. libglib2.0-dev: fuzz_vn_nfc compares with GLib's NFC.
# man-db, dpkg-dev: the package test reads the man page and makes the .deb
# (dpkg-shlibdeps names its dependencies).
# python3-qgis (PyQGIS and QGIS's Processing plugin), qgis-providers (its
# OGR and SpatiaLite providers): the QGIS tests open the results' styled
# layers and run the Processing plugin of qgis/ headless.
TEST_PKGS=(libcmocka-dev geographiclib-tools chromium fonts-liberation2
  poppler-utils valgrind
  clang libclang-rt-14-dev libglib2.0-dev man-db dpkg-dev
  python3-qgis qgis-providers)

want=("${BUILD_PKGS[@]}")
if [[ "${1:-}" == "--tests" ]]; then
  want+=("${TEST_PKGS[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install_deps: all ${#want[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
