# Folder diffs name files with spaces, tabs, newlines, quotes, backslashes
# and non-ASCII bytes as git does (issue 24, item 7): C-style quoting in
# double quotes, a tab after a plain name with a space. Checked by applying
# them in reverse with GNU patch and with git apply, which must restore
# every input byte for byte, and by the exact header lines. (git apply
# needs --unidiff-zero for hunks without context lines, as decruft writes.)
. "$(dirname "$0")/lib.sh"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")  # the tests change folders
A="$SRC/samples/input/nytimes-paywall.txt"
mkdir -p "$TMP/in"
names=("x y.txt" $'x\ty.txt' $'x\ny.txt' 'q"uote.txt' 'back\slash.txt' "café.txt" $'lat\xe9.txt' "plain.txt")
for n in "${names[@]}"; do cp "$A" "$TMP/in/$n"; done

"$BIN" clean -q "$TMP/in" -o "$TMP/out" --diff "$TMP/d"; expect_eq "clean: status" 0 $?
# The header lines, as git writes them.
hdr() { head -2 "$TMP/d/$1.diff"; }
expect_eq "space: plain, then a tab" $'--- a/x y.txt\t\n+++ b/x y.txt\t' "$(hdr "x y.txt")"
expect_eq "tab: quoted" '--- "a/x\ty.txt"
+++ "b/x\ty.txt"' "$(hdr $'x\ty.txt')"
expect_eq "newline: quoted" '--- "a/x\ny.txt"' "$(hdr $'x\ny.txt' | head -1)"
expect_eq "quote: escaped" '--- "a/q\"uote.txt"' "$(hdr 'q"uote.txt' | head -1)"
expect_eq "backslash: escaped" '--- "a/back\\slash.txt"' "$(hdr 'back\slash.txt' | head -1)"
expect_eq "UTF-8: octal bytes" '--- "a/caf\303\251.txt"' "$(hdr "café.txt" | head -1)"
expect_eq "Latin-1: octal byte" '--- "a/lat\351.txt"' "$(hdr $'lat\xe9.txt' | head -1)"
expect_eq "plain name: as it is" '--- a/plain.txt' "$(hdr plain.txt | head -1)"

# Each file's diff, applied in reverse to its clean file, gives the input.
for tool in patch git; do
  rm -rf "$TMP/w"; cp -r "$TMP/out" "$TMP/w"
  for n in "${names[@]}"; do
    if [ $tool = patch ]; then
      (cd "$TMP/w" && patch -s -p1 -R < "$TMP/d/$n.diff" > "$TMP/log" 2>&1)
    else
      (cd "$TMP/w" && git apply -R --unidiff-zero < "$TMP/d/$n.diff" > "$TMP/log" 2>&1)
    fi
    st=$?
    [ $st = 0 ] && cmp -s "$A" "$TMP/w/$n" && pass || { fail "$tool -R: $(printf %q "$n")"; cat "$TMP/log"; }
  done
  expect_eq "$tool -R: no stray files" "$(cd "$TMP/in" && ls | sort)" "$(cd "$TMP/w" && ls | sort)"
done

# `decruft diff FOLDER`: one stream naming FOLDER/NAME, applied from the
# folder above with -p1.
(cd "$TMP" && "$BIN" diff in > "$TMP/all.diff"); expect_eq "diff folder: status" 0 $?
for tool in patch git; do
  rm -rf "$TMP/w2"; mkdir -p "$TMP/w2"; cp -r "$TMP/out" "$TMP/w2/in"
  if [ $tool = patch ]; then
    (cd "$TMP/w2" && patch -s -p1 -R < "$TMP/all.diff" > "$TMP/log" 2>&1)
  else
    (cd "$TMP/w2" && git apply -R --unidiff-zero < "$TMP/all.diff" > "$TMP/log" 2>&1)
  fi
  expect_eq "diff folder, $tool -R: status" 0 $?
  [ "$(tree_sum "$TMP/in")" = "$(tree_sum "$TMP/w2/in")" ] && pass || { fail "diff folder, $tool -R: tree differs"; cat "$TMP/log"; }
done
finish
