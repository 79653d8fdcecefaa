# Folders: the output mirrors the input tree, equals file-by-file output with
# -j 1 and -j 2, and an output folder inside the input is refused.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/in/sub"
cp "$SRC"/samples/input/*.txt "$TMP/in/"
cp "$SRC"/samples/input/nytimes-paywall.txt "$TMP/in/sub/copy.txt"
for j in 1 2; do
  "$BIN" clean -q -j $j "$TMP/in" -o "$TMP/out$j" --diff "$TMP/diff$j" --report "$TMP/r$j.jsonl"
  expect_eq "batch -j $j status" 0 $?
done
for f in $(cd "$TMP/in" && find . -type f | sort); do
  "$BIN" clean "$TMP/in/$f" > "$TMP/single"
  expect_same_file "batch $f" "$TMP/single" "$TMP/out1/$f"
  expect_same_file "batch -j 2 $f" "$TMP/out1/$f" "$TMP/out2/$f"
done
expect_same_file "report independent of -j" "$TMP/r1.jsonl" "$TMP/r2.jsonl"
expect_eq "report records" 4 "$(wc -l < "$TMP/r1.jsonl")"
"$BIN" clean -q "$TMP/in" -o "$TMP/in/out" 2> "$TMP/err"; expect_eq "output inside input" 2 $?
expect_eq "nothing written" "" "$(ls "$TMP/in/out" 2>/dev/null)"
"$BIN" clean -q "$TMP/in" 2> "$TMP/err"; expect_eq "folder needs -o" 2 $?
# A broken symlink and an unreadable file are reported; the rest goes on; exit 3.
ln -s "$TMP/nowhere" "$TMP/in/broken.txt"
ln -s "$TMP/in/loop1" "$TMP/in/loop2"; ln -s "$TMP/in/loop2" "$TMP/in/loop1"
"$BIN" clean -q "$TMP/in" -o "$TMP/out3" 2> "$TMP/err"; expect_eq "broken link status" 3 $?
grep -q "decruft: $TMP/in/broken.txt: " "$TMP/err" && pass || fail "broken link message: $(cat "$TMP/err")"
grep -q "decruft: $TMP/in/loop1: " "$TMP/err" && pass || fail "loop message: $(cat "$TMP/err")"
expect_same_file "rest processed" "$TMP/out1/nytimes-paywall.txt" "$TMP/out3/nytimes-paywall.txt"
# --resume skips complete outputs.
"$BIN" clean -j 1 "$SRC/samples/input" -o "$TMP/res" 2> /dev/null
touch -d '2000-01-01' "$TMP/res/nytimes-paywall.txt"
"$BIN" clean --resume "$SRC/samples/input" -o "$TMP/res" 2> "$TMP/err"
grep -q "3 files (.*2 resumed)" "$TMP/err" && pass || fail "resume: $(cat "$TMP/err")"
finish
