#!/usr/bin/env bash
# Quick start, first command: install the packages, build, and run the main example scenario
# (power control every coherence interval for GAT, APG and EPA on the same arrivals).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"

"$root/utils/build.sh"
"$build/examples/cell-free-dynamic-power-control" --outputDir="$root/results" "$@"
