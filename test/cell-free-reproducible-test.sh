#!/usr/bin/env bash
# The main example with its defaults (Modelled latency) run twice with the same --RngRun must
# write byte-identical files, whatever the host's speed or load; a third run with another
# --RngRun must differ, and the GAT's results must not depend on an earlier run in the same
# process. Usage: cell-free-reproducible-test.sh PATH/TO/cell-free-dynamic-power-control
set -euo pipefail
program="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Each run in a working directory of its own, with the outputs at a relative path (as a
# campaign tool runs it).
for run in a b c; do
  mkdir -p "$work/$run"
  seed=3
  [ "$run" = c ] && seed=4
  (cd "$work/$run" && "$program" --duration=0.3 --RngRun=$seed --outputDir=results >run.log)
done
files=$(cd "$work/a/results" && ls)
[ -n "$files" ] || { echo "FAIL: no output files"; exit 1; }
status=0
for f in $files; do
  if ! cmp -s "$work/a/results/$f" "$work/b/results/$f"; then
    echo "FAIL: $f differs between two runs with --RngRun=3"
    status=1
  fi
done
if cmp -s "$work/a/results/cell-free-dynamic-gat-intervals.csv" \
  "$work/c/results/cell-free-dynamic-gat-intervals.csv"; then
  echo "FAIL: --RngRun=4 gave the same intervals as --RngRun=3"
  status=1
fi
# The GAT's results must not depend on what the process ran before (its buffers are reused, and
# their alignment must not change the rounding): with serving clusters, the GAT alone and the GAT
# after an EPA run in the same process write the same intervals.
for run in d e; do
  mkdir -p "$work/$run"
  algorithms=gat
  [ "$run" = e ] && algorithms=epa,gat
  (cd "$work/$run" && "$program" --duration=0.3 --RngRun=3 --clusters=dcc --algorithms=$algorithms \
    --outputDir=results >run.log)
done
if ! cmp -s "$work/d/results/cell-free-dynamic-gat-intervals.csv" \
  "$work/e/results/cell-free-dynamic-gat-intervals.csv"; then
  echo "FAIL: the GAT's intervals depend on the run before it in the same process"
  status=1
fi
[ $status -eq 0 ] && echo "PASS: $(echo $files | wc -w) files identical across two runs"

exit $status
