#!/usr/bin/env bash
# Quick start, first command: install the packages, build, and run the main example scenario.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"

"$root/utils/build.sh"
mkdir -p "$root/results"
"$build/examples/cell-free-snapshot" --outputDir="$root/results" "$@"
