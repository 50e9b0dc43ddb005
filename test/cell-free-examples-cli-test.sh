#!/usr/bin/env bash
# CTest check of the examples' command lines: every bad flag or attribute is refused before the
# run with a one-line error naming it and exit code 2, an unwritable output directory is refused
# before the run, and attribute values given as --ns3::... win over the examples' own settings
# (the printed header shows the values in use).
# Usage: cell-free-examples-cli-test.sh DYNAMIC_EXAMPLE IP_TRAFFIC_EXAMPLE
set -uo pipefail
dynamic="$1"
ip="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_error NAME TEXT PROGRAM ARGS...: exit 2 within 20 s, one line on stderr naming TEXT.
expect_error() {
  local name="$1" text="$2" program="$3"; shift 3
  timeout 20 "$program" --outputDir="$work/out" "$@" >/dev/null 2>"$work/err.txt"
  local rc=$?
  [ "$rc" -eq 2 ] || fail "$name: exit code $rc, expected 2 ($(head -c 300 "$work/err.txt"))"
  grep -q -- "$text" "$work/err.txt" || fail "$name: message '$(head -c 300 "$work/err.txt")' does not name $text"
  [ "$(wc -l <"$work/err.txt")" -eq 1 ] || fail "$name: message is not one line"
}

expect_error "zero bin width" "--binSeconds" "$dynamic" --binSeconds=0
expect_error "NaN bin width" "--binSeconds" "$dynamic" --binSeconds=nan
expect_error "arrival rate beyond 1e9" "--arrivalRate" "$dynamic" --arrivalRate=1e12
expect_error "arrival rate attribute beyond 1e9" "ArrivalRate" "$dynamic" --ns3::CellFreeUeActivityModel::ArrivalRate=1e12
expect_error "negative pool" "--poolSize" "$dynamic" --poolSize=-1
expect_error "huge pool" "--poolSize" "$dynamic" --poolSize=4294967295
expect_error "non-numeric duration" "--duration" "$dynamic" --duration=abc
expect_error "unknown flag" "--bogus" "$dynamic" --bogus=1
expect_error "unknown algorithm" "--algorithms" "$dynamic" --algorithms=epa,magic
expect_error "pilots beyond 100000" "NumPilots" "$dynamic" --ns3::CellFreeCentralProcessor::NumPilots=1000000000
expect_error "pilots not below samples" "CoherenceSamples" "$dynamic" --ns3::CellFreeCentralProcessor::NumPilots=300
expect_error "bad latency mode" "--latencyMode" "$dynamic" --latencyMode=Sometimes
expect_error "malformed time" "MeanHoldingTime" "$dynamic" --meanHoldingTime=1xs
expect_error "non-numeric time" "--meanHoldingTime: 'abc' is not a time" "$dynamic" --meanHoldingTime=abc
touch "$work/file"
expect_error "output directory under a file" "$work/file/sub" "$dynamic" --outputDir="$work/file/sub"
expect_error "zero UDP rate" "--udpRate" "$ip" --udpRate=0bps
expect_error "UDP rate too high" "--udpRate" "$ip" --udpRate=100Tbps
expect_error "malformed UDP rate" "--udpRate" "$ip" --udpRate=fast
expect_error "pool beyond the ports" "--poolSize" "$ip" --poolSize=70000
expect_error "negative pool (IP)" "--poolSize" "$ip" --poolSize=-1
expect_error "more TCP UEs than UEs" "--tcpUes" "$ip" --poolSize=3 --tcpUes=4
expect_error "malformed queue size" "QueueSize" "$ip" --ns3::CellFreeCpNetDevice::QueueSize=abc
expect_error "output directory under a file (IP)" "$work/file/sub" "$ip" --outputDir="$work/file/sub"

# The user's attribute values win over the examples' settings, and the header says so.
out="$(timeout 120 "$dynamic" --algorithms=epa --duration=0.005 --poolSize=5 --numAps=10 \
  --ns3::CellFreeCentralProcessor::NumAntennas=8 --ns3::CellFreeCentralProcessor::NumPilots=7 \
  --ns3::CellFreeCentralProcessor::LatencyMode=Fixed \
  --ns3::CellFreeUeActivityModel::ArrivalRate=5 --ns3::CellFreeUeActivityModel::InitialActiveUes=2 \
  --outputDir="$work/out" 2>&1)" || fail "dynamic example with attributes: $out"
for text in "N=8" "tau_p=7" "latency Fixed" "arrivals 5/s" "2 initially active"; do
  grep -q -- "$text" <<<"$out" || fail "dynamic header does not show '$text': $(head -1 <<<"$out")"
done
out="$(timeout 120 "$dynamic" --algorithms=epa --duration=0.005 --poolSize=5 --numAps=10 \
  --latencyMode=Ideal --arrivalRate=7 --outputDir="$work/out" 2>&1)" || fail "dynamic example with aliases: $out"
for text in "latency Ideal" "arrivals 7/s" "N=4" "tau_p=20"; do
  grep -q -- "$text" <<<"$out" || fail "dynamic header does not show '$text': $(head -1 <<<"$out")"
done
out="$(timeout 120 "$ip" --algorithms=epa --duration=0.03 --poolSize=4 --tcpUes=1 \
  --ns3::CellFreeCentralProcessor::LatencyMode=Ideal --ns3::CellFreeCpNetDevice::QueueSize=77p \
  --ns3::CellFreeUeActivityModel::ArrivalRate=3 --outputDir="$work/out" 2>&1)" || fail "IP example with attributes: $out"
for text in "Ideal latency" "queue 77p" "arrivals 3/s"; do
  grep -q -- "$text" <<<"$out" || fail "IP header does not show '$text': $(head -1 <<<"$out")"
done

if [ "$failures" -eq 0 ]; then
  echo "examples' command lines: all checks passed"
fi
exit "$failures"
