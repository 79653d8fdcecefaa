# The guarantee: for every document of the shared corpus, patch -R with the
# removal diff, applied to the clean text, gives the input back byte for byte.
. "$(dirname "$0")/lib.sh"
if [ ! -d "$SHARED/corpus" ]; then echo "no corpus at $SHARED/corpus: skipped"; exit 0; fi
for dir in "$SHARED"/corpus/*/; do
  name=$(basename "$dir")
  "$BIN" clean -q "$dir" -o "$TMP/clean/$name" --diff "$TMP/diff/$name" -j 2
  n=0; bad=0
  for f in "$dir"*.txt; do
    b=$(basename "$f"); n=$((n+1))
    c="$TMP/clean/$name/$b"; d="$TMP/diff/$name/$b.diff"
    [ -s "$d" ] && { patch -s -R "$c" < "$d" > /dev/null 2>&1 || true; }
    cmp -s "$c" "$f" || { bad=$((bad+1)); echo "round trip fails: $f"; }
  done
  echo "$name: $((n-bad))/$n documents round-trip"
  expect_eq "lossless $name" 0 "$bad"
done
finish
