#!/usr/bin/env bash
# Install the module into a temporary prefix, build test/downstream against it with
# find_package(ns3-cell-free), and run the program: it must use the shipped model installed
# beside the library under the prefix, not the one in the source tree.
# Usage: cell-free-install-test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"
source="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
cmake -S "$source/test/downstream" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
out="$(NS3_CELL_FREE_GAT_MODEL= "$work/build/cell-free-downstream")"
echo "$out"
case "$out" in
  *"$work/prefix/"*) ;;
  *) echo "FAIL: the installed program did not use the installed model"; exit 1 ;;
esac
# The installed tools run from the prefix too.
"$work/prefix/bin/cell-free-solve" --generate=1 --output="$work/one.json" >/dev/null
"$work/prefix/bin/cell-free-solve" --scenario="$work/one.json" --algorithm=gat >/dev/null
echo "PASS: install, downstream build and run"
