# One input cleaned to -o FILE: an output (-o, --diff, --report) that is the
# input itself is refused before any work, exit 2; cleaning in place needs
# --in-place. (Folders and several files: batch.sh.)
. "$(dirname "$0")/lib.sh"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")  # the tests change folders
mkdir -p "$TMP/w"
cp "$SRC/samples/input/nytimes-paywall.txt" "$TMP/w/a.txt"
ln -s a.txt "$TMP/w/link.txt"; ln "$TMP/w/a.txt" "$TMP/w/hard.txt"
before=$(tree_sum "$TMP/w")
for out in "$TMP/w/a.txt" "$TMP/w/../w/a.txt" "$TMP/w/link.txt" "$TMP/w/hard.txt"; do
  "$BIN" clean "$TMP/w/a.txt" -o "$out" > /dev/null 2> "$TMP/err"; expect_eq "-o $out: status" 2 $?
  expect_eq "-o $out: message" \
    "decruft: $out: the clean text would overwrite the input $TMP/w/a.txt (--in-place cleans inputs in place)" "$(cat "$TMP/err")"
done
(cd "$TMP/w" && "$BIN" clean a.txt -o ./a.txt 2> "$TMP/err"); expect_eq "-o ./a.txt from its folder: status" 2 $?
"$BIN" clean "$TMP/w/a.txt" --diff "$TMP/w/a.txt" > /dev/null 2> "$TMP/err"; expect_eq "--diff the input: status" 2 $?
expect_eq "--diff the input: message" \
  "decruft: $TMP/w/a.txt: the diff would overwrite the input $TMP/w/a.txt (--in-place cleans inputs in place)" "$(cat "$TMP/err")"
"$BIN" clean "$TMP/w/a.txt" --report "$TMP/w/a.txt" > /dev/null 2> "$TMP/err"; expect_eq "--report the input: status" 2 $?
"$BIN" clean "$TMP/w/a.txt" -o "$TMP/w/b.txt" --check > /dev/null 2> "$TMP/err"; expect_eq "--check -o elsewhere still writes: status" 1 $?
rm -f "$TMP/w/b.txt"
expect_eq "refused: the input untouched" "$before" "$(tree_sum "$TMP/w")"
# --in-place is the way to clean a file in place (one with a single name:
# hard links are skipped, reliability.sh).
rm "$TMP/w/hard.txt"
"$BIN" clean --in-place "$TMP/w/a.txt" 2> /dev/null; expect_eq "--in-place status" 0 $?
"$BIN" clean "$SRC/samples/input/nytimes-paywall.txt" > "$TMP/want"
expect_same_file "--in-place cleaned" "$TMP/want" "$TMP/w/a.txt"
finish
