#!/usr/bin/env bash
# The phrase bank is well formed, and bank.py eval scores what the rules do:
# on a two-entry fixture, the entry a built-in rule takes is caught and the
# nonsense entry is not, with no article line harmed.
set -euo pipefail
bin=$1 src=$2 shared=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 "$src/tests/eval/bank.py" check --bank "$src/tests/eval/bank" > "$work/check" \
  || { cat "$work/check"; echo "FAIL: bank check"; exit 1; }
head -n 1 "$work/check"
python3 "$src/tests/eval/bank.py" eval --bin "$bin" --shared "$shared" \
  --bank "$src/tests/eval/fixture" --rules "$src/rules" --work "$work/sets" > "$work/eval"
cat "$work/eval"
grep -q '^== all-single: .*article lines harmed 0 of' "$work/eval" || { echo "FAIL: harm"; exit 1; }
grep -q 'by category: js-required 1.00 ([0-9]*/[0-9]*), social 0.00 (0/[0-9]*)' "$work/eval" \
  || { echo "FAIL: per-category figures"; exit 1; }
grep -q '^bank: 2 entries from 2 sources; held out .*: 2 entries from 2 sources' "$work/eval" \
  || { echo "FAIL: held-out count"; exit 1; }
echo "1 passed, 0 failed"
