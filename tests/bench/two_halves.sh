#!/usr/bin/env bash
# The machine's own ceiling for two workers: two separate `decruft clean
# -j 1` processes at once, each on every other file of the folder, so that
# nothing is shared between them but the cores, caches and memory bus.
#
#   tests/bench/two_halves.sh DECRUFT DOCS_DIR OUT_DIR
set -euo pipefail
D=$1 DOCS=$2 OUT=$3
cd "$DOCS"
mapfile -t files < <(find . -type f -name '*.txt' | sort)
a=() b=()
for ((i = 0; i < ${#files[@]}; i++)); do
  if ((i % 2)); then b+=("${files[i]}"); else a+=("${files[i]}"); fi
done
rm -rf "$OUT/a" "$OUT/b" "$OUT/da" "$OUT/db"
"$D" clean "${a[@]}" -o "$OUT/a" --diff "$OUT/da" -j 1 -q & pa=$!
"$D" clean "${b[@]}" -o "$OUT/b" --diff "$OUT/db" -j 1 -q & pb=$!
status=0
wait "$pa" || status=$?
wait "$pb" || status=$?
rm -rf "$OUT/a" "$OUT/b" "$OUT/da" "$OUT/db"
exit "$status"
