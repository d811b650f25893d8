#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# build.sh [DIR] [cmake options...]: configure and build zoneguard into DIR
# (default build/; a relative DIR is taken from the source tree). The
# build type is RelWithDebInfo unless CMAKE_BUILD_TYPE (CMake's own
# variable) is set in the environment or given as an option.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-build}
shift || true
[[ $DIR == /* ]] || DIR="$ROOT/$DIR"
cmake -S "$ROOT" -B "$DIR" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$DIR" -j"$(nproc)"
