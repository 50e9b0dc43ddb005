#!/usr/bin/env bash
# Quick start, second command: build and run every test suite; exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"

"$root/utils/build.sh"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "$@"
