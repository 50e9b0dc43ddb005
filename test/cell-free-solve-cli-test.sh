#!/usr/bin/env bash
# CTest check of cell-free-solve's command line: generation, evaluation, and bad input (exit 2,
# a one-line message naming the field, no output file written).
set -uo pipefail
solve="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_error NAME FIELD ARGS...: exit 2, stderr names FIELD on one line, nothing written.
expect_error() {
  local name="$1" field="$2"; shift 2
  rm -f "$work/out.json"
  "$solve" "$@" --output="$work/out.json" 2>"$work/err.txt" >/dev/null
  local rc=$?
  [ "$rc" -eq 2 ] || fail "$name: exit code $rc, expected 2"
  grep -q -- "$field" "$work/err.txt" || fail "$name: message '$(cat "$work/err.txt")' does not name $field"
  [ "$(wc -l <"$work/err.txt")" -eq 1 ] || fail "$name: message is not one line"
  [ ! -e "$work/out.json" ] || fail "$name: wrote an output file"
}

"$solve" --generate=3 --preset=default --k=12 --seed=4 --output="$work/s.json" || fail "generate"
"$solve" --generate=1 --preset=ngo2017 --pilots=greedy --output="$work/n.json" || fail "generate ngo2017"
"$solve" --scenario="$work/s.json" --algorithm=epa --output="$work/r.json" || fail "solve"
grep -q '"minSe"' "$work/r.json" || fail "result has no minSe"
for algorithm in fpa gat "apg --utility=min" "apg --utility=sum" "apg --utility=pf"; do
  # shellcheck disable=SC2086
  "$solve" --scenario="$work/s.json" --algorithm=$algorithm --output="$work/a.json" || fail "solve $algorithm"
  grep -q '"algorithm": "' "$work/a.json" || fail "$algorithm: no algorithm field"
done
grep -q '"algorithm": "apg-pf"' "$work/a.json" || fail "apg-pf not named in the result"

printf '{"N": 2, "tauP": 2, "tauC": 200, "rhoD": 1e12, "rhoP": 3e11, "beta": [[1e-9, 2e-10], [4e-12, 5e-9]], "pilot": [0, 1]}' >"$work/ok.json"
"$solve" --scenario="$work/ok.json" --powers=<(printf '{"eta": [[1e7, 1e7], [1e7, 1e7]]}') --output="$work/given.json" ||
  fail "given powers"
grep -q '"algorithm": "given"' "$work/given.json" || fail "given powers not labelled"

sed 's/"pilot": \[0, 1\]/"pilot": [0, 2]/' "$work/ok.json" >"$work/bad-pilot.json"
sed 's/4e-12/-4e-12/' "$work/ok.json" >"$work/bad-beta.json"
sed 's/"tauP": 2,/"tauP": 2.5,/' "$work/ok.json" >"$work/bad-taup.json"
sed 's/\[4e-12, 5e-9\]/[4e-12]/' "$work/ok.json" >"$work/bad-shape.json"
sed 's/"rhoD": 1e12, //' "$work/ok.json" >"$work/no-rhod.json"
printf '{"N": 2, ' >"$work/truncated.json"

expect_error "pilot out of range" "pilot\[1\]" --scenario="$work/bad-pilot.json"
expect_error "negative gain" "beta\[1\]\[0\]" --scenario="$work/bad-beta.json"
expect_error "non-integer tauP" "tauP" --scenario="$work/bad-taup.json"
expect_error "ragged beta" "beta' row 1" --scenario="$work/bad-shape.json"
expect_error "missing rhoD" "rhoD" --scenario="$work/no-rhod.json"
expect_error "truncated file" "not valid JSON" --scenario="$work/truncated.json"
expect_error "missing file" "cannot open" --scenario="$work/absent.json"
expect_error "unknown algorithm" "--algorithm" --scenario="$work/ok.json" --algorithm=magic
expect_error "unknown preset" "--preset" --generate=1 --preset=nowhere
printf 'not a model' >"$work/bad-model.pt"
expect_error "missing GAT model" "absent.pt" --scenario="$work/ok.json" --algorithm=gat --model="$work/absent.pt"
expect_error "corrupt GAT model" "bad-model.pt" --scenario="$work/ok.json" --algorithm=gat --model="$work/bad-model.pt"
expect_error "unknown utility" "--utility" --scenario="$work/ok.json" --algorithm=apg --utility=max
expect_error "powers shape" "'eta' is 1x2" --scenario="$work/ok.json" --powers=<(printf '{"eta": [[1, 1]]}')
expect_error "powers over budget" "power budget" --scenario="$work/ok.json" --powers=<(printf '{"eta": [[1e20, 1], [1, 1]]}')
expect_error "negative powers" "non-negative" --scenario="$work/ok.json" --powers=<(printf '{"eta": [[-1, 1], [1, 1]]}')

# Numbers that leave the model's range (doc/cell-free.rst, "Numerical range") are refused naming
# the field, never solved to null.
printf '{"N":2,"tauP":1,"tauC":2,"rhoD":1e308,"rhoP":1,"beta":[[1]],"pilot":[0]}' >"$work/huge-rhod.json"
printf '{"N":2,"tauP":1,"tauC":2,"rhoD":1,"rhoP":1e-300,"beta":[[1e-30]],"pilot":[0]}' >"$work/tiny-rhop.json"
printf '{"N":18446744073709551615,"tauP":1,"tauC":2,"rhoD":1,"rhoP":1,"beta":[[1]],"pilot":[0]}' >"$work/huge-n.json"
printf '{"N":2,"tauP":1,"tauC":2,"rhoD":1,"rhoP":1,"beta":[[1e400]],"pilot":[0]}' >"$work/inf-beta.json"
for algorithm in epa fpa apg; do
  expect_error "rhoD 1e308 ($algorithm)" "rhoD: 1e+308 makes rho_d N^2 beta overflow" --scenario="$work/huge-rhod.json" --algorithm=$algorithm
  expect_error "rhoP 1e-300 ($algorithm)" "rhoP: 1e-300 makes gamma" --scenario="$work/tiny-rhop.json" --algorithm=$algorithm
done
expect_error "N beyond int" "'N' = 18446744073709551615 is out of range" --scenario="$work/huge-n.json"
expect_error "number beyond double" "number overflow parsing '1e400'" --scenario="$work/inf-beta.json"
expect_error "powers for huge rhoD" "rhoD" --scenario="$work/huge-rhod.json" --powers=<(printf '{"eta": [[0.5]]}')

# Serving clusters (doc/cell-free.rst "User-centric serving clusters"): generated masks, every
# algorithm honours them (no power outside), bad masks are refused naming the entry.
for rule in "strongest --clusterSize=4" dcc; do
  # shellcheck disable=SC2086
  "$solve" --generate=2 --k=12 --numAps=30 --seed=7 --clusters=$rule --output="$work/c.json" ||
    fail "generate --clusters=$rule"
  grep -q '"serving"' "$work/c.json" || fail "--clusters=$rule: no serving sets written"
  for algorithm in epa fpa apg gat; do
    "$solve" --scenario="$work/c.json" --algorithm=$algorithm --output="$work/cr.json" ||
      fail "--clusters=$rule: $algorithm"
    python3 - "$work/c.json" "$work/cr.json" <<'PY' || fail "--clusters=$rule: $algorithm gave power outside the clusters"
import json, sys
scenarios, results = (json.load(open(f)) for f in sys.argv[1:3])
for scenario, result in zip(scenarios, results):
    serving = scenario["serving"]
    assert result["clusterSize"] == [len(s) for s in serving]
    for m, row in enumerate(result["eta"]):
        for k, eta in enumerate(row):
            assert eta == 0.0 or m in serving[k], (m, k, eta)
PY
  done
done
"$solve" --generate=1 --k=12 --numAps=30 --clusters=strongest --clusterSize=4 --output="$work/l.json"
python3 -c "import json,sys; s=json.load(open(sys.argv[1]))[0]; assert all(len(x)==4 for x in s['serving'])" "$work/l.json" ||
  fail "strongest: not exactly L APs per UE"
base='{"N": 2, "tauP": 2, "tauC": 200, "rhoD": 1e12, "rhoP": 3e11, "beta": [[1e-9, 2e-10], [4e-12, 5e-9]], "pilot": [0, 1]'
printf '%s, "serving": [[0], [1]]}' "$base" >"$work/mask-ok.json"
"$solve" --scenario="$work/mask-ok.json" --algorithm=apg --output="$work/mask-r.json" || fail "valid mask refused"
printf '%s, "serving": [[0], [2]]}' "$base" >"$work/mask-range.json"
printf '%s, "serving": [[0, 0], [1]]}' "$base" >"$work/mask-dup.json"
printf '%s, "serving": [[0], []]}' "$base" >"$work/mask-empty.json"
printf '%s, "serving": [[0]]}' "$base" >"$work/mask-count.json"
printf '%s, "serving": [[0], [1.5]]}' "$base" >"$work/mask-float.json"
printf '%s, "serving": 3}' "$base" >"$work/mask-type.json"
expect_error "mask index out of range" "serving\[1\]\[0\] = 2" --scenario="$work/mask-range.json"
expect_error "mask duplicate" "serving\[0\] must list distinct APs" --scenario="$work/mask-dup.json"
expect_error "mask empty set" "serving\[1\] is empty" --scenario="$work/mask-empty.json"
expect_error "mask count" "serving has 1 sets" --scenario="$work/mask-count.json"
expect_error "mask not an integer" "'serving'\[1\]\[0\]" --scenario="$work/mask-float.json"
expect_error "mask not an array" "'serving' must be an array" --scenario="$work/mask-type.json"
expect_error "powers outside the mask" "outside the scenario's serving clusters" \
  --scenario="$work/mask-ok.json" --powers=<(printf '{"eta": [[1, 1], [0, 1]]}')
expect_error "unknown cluster rule" "--clusters" --generate=1 --clusters=nearest
expect_error "cluster size without strongest" "--clusterSize" --generate=1 --clusterSize=3

# No UE: a result without minSe (the minimum over no UE), and no null anywhere.
printf '{"N":2,"tauP":1,"tauC":2,"rhoD":1,"rhoP":1,"beta":[[]],"pilot":[]}' >"$work/no-ue.json"
"$solve" --scenario="$work/no-ue.json" --output="$work/no-ue-result.json" || fail "K = 0"
grep -q 'null' "$work/no-ue-result.json" && fail "K = 0: null in the result"
grep -q 'minSe' "$work/no-ue-result.json" && fail "K = 0: minSe written"

# Flags: one line naming the flag, exit 2 (not ns-3's help and exit 1).
expect_error "non-integer --k" "--k: 'abc' is not an integer" --generate=1 --k=abc
expect_error "trailing junk in --k" "--k: '3abc'" --generate=1 --k=3abc
expect_error "negative --seed" "--seed: '-1'" --generate=1 --seed=-1
expect_error "zero --seed" "--seed: '0' is out of range" --generate=1 --seed=0
expect_error "unknown flag" "--bogus: unknown flag" --generate=1 --bogus=1
expect_error "bad attribute value" "--ns3::ApgPowerControl::Smoothing: 'abc' is not a number" \
  --scenario="$work/ok.json" --algorithm=apg --ns3::ApgPowerControl::Smoothing=abc
expect_error "attribute out of range" "--ns3::ApgPowerControl::Smoothing: '-1'" \
  --scenario="$work/ok.json" --algorithm=apg --ns3::ApgPowerControl::Smoothing=-1
expect_error "bad global value" "--RngRun: 'x'" --generate=1 --RngRun=x
expect_error "positional argument" "unexpected argument 'stray'" --generate=1 stray
expect_error "too much to generate" "--generate" --generate=100000 --k=100
"$solve" --PrintHelp >/dev/null || fail "--PrintHelp"
"$solve" --scenario="$work/ok.json" --algorithm=apg --ns3::ApgPowerControl::Smoothing=100 \
  --output="$work/smooth.json" || fail "valid attribute refused"

# An unwritable output is noticed before solving; a write that fails half-way (file size limit)
# leaves neither a partial file nor a temporary, and keeps an existing file.
"$solve" --scenario="$work/ok.json" --algorithm=apg --output="$work/absent/out.json" 2>"$work/err.txt"
rc=$?
[ "$rc" -eq 2 ] || fail "missing output directory: exit code $rc, expected 2"
grep -q "cannot write '$work/absent/out.json'" "$work/err.txt" || fail "missing output directory: '$(cat "$work/err.txt")'"
echo "previous" >"$work/kept.json"
(ulimit -f 1; trap '' XFSZ; "$solve" --generate=5 --output="$work/kept.json" 2>"$work/err.txt")
rc=$?
[ "$rc" -eq 2 ] || fail "half-way write: exit code $rc, expected 2"
grep -q "cannot write '$work/kept.json'" "$work/err.txt" || fail "half-way write: '$(cat "$work/err.txt")'"
[ "$(cat "$work/kept.json")" = "previous" ] || fail "half-way write: the existing file was changed"
ls "$work" | grep -q 'kept.json.tmp' && fail "half-way write: a temporary was left behind"
(ulimit -f 1; trap '' XFSZ; "$solve" --generate=5 --output="$work/new.json" 2>/dev/null)
[ ! -e "$work/new.json" ] || fail "half-way write: a partial file was left behind"

if [ "$failures" -eq 0 ]; then
  echo "cell-free-solve command line: all checks passed"
fi
exit "$failures"
