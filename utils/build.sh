#!/usr/bin/env bash
# Install what is missing, configure once, and build incrementally into ./build (or $BUILD_DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"

"$root/utils/install-dependencies.sh"
# A cache made for another source directory (a moved or copied checkout) cannot be reused:
# start that build directory afresh.
if [ -f "$build/CMakeCache.txt" ]; then
  cached="$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt")"
  if [ "$cached" != "$root" ]; then
    echo "build.sh: $build was configured for $cached; reconfiguring it for $root"
    rm -rf "$build"
  fi
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCELL_FREE_WITH_TORCH="$([ "${CELL_FREE_WITH_TORCH:-1}" != 0 ] && echo ON || echo OFF)"
fi
cmake --build "$build" -j "$(nproc)"
