#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# build.sh [DIR] [cmake options...]: configure and build zoneguard into DIR
# (default build/; a relative DIR is taken from the source tree).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-build}
shift || true
[[ $DIR == /* ]] || DIR="$ROOT/$DIR"
cmake -S "$ROOT" -B "$DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$DIR" -j"$(nproc)"
