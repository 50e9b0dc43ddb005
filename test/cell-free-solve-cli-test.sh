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

if [ "$failures" -eq 0 ]; then
  echo "cell-free-solve command line: all checks passed"
fi
exit "$failures"
