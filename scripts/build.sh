#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# build.sh [DIR] [cmake options...]: configure and build zoneguard into DIR
# (default build/).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-build}
shift || true
cmake -S "$ROOT" -B "$ROOT/$DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$ROOT/$DIR" -j"$(nproc)"
