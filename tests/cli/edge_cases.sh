# Made-up inputs with CRLF, a BOM, no final newline, invalid UTF-8, NUL
# bytes and an empty file: the round trip holds and bytes are kept.
. "$(dirname "$0")/lib.sh"
ad='Advertisement'
# Own rules, so that the test does not depend on the shipped library.
cat > "$TMP/ad.toml" <<'TOML'
category = "ad"
[[rule]]
id = "marker"
patterns = ['^\s*advertisement\s*$']
remove = ["Advertisement"]
keep = ["An advertisement ran in the paper."]
TOML
R=(--no-default-rules --rules "$TMP/ad.toml")
printf 'Title\r\n\r\n%s\r\n\r\nBody text.\r\n' "$ad" > "$TMP/crlf.txt"
printf '\xEF\xBB\xBF%s\nBody text.\n' "$ad" > "$TMP/bom.txt"
printf 'Body text.\n\n%s' "$ad" > "$TMP/nofinal.txt"
printf 'Caf\xe9 au lait \xff\xfe.\n%s\nMore \xc3(.\n' "$ad" > "$TMP/latin1.txt"
printf 'Please enable JavaScript in your browser.\r\nBody.' > "$TMP/crlf-nofinal.txt"
: > "$TMP/empty.txt"
for f in crlf bom nofinal latin1 crlf-nofinal empty; do
  if roundtrip "$TMP/$f.txt" "${R[@]}"; then pass; else fail "round trip $f"; fi
done
expect_eq "crlf kept" "$(printf 'Title\r\n\r\nBody text.\r\n' | od -c)" "$("$BIN" clean "${R[@]}" "$TMP/crlf.txt" | od -c)"
expect_eq "bom kept" "$(printf '\xEF\xBB\xBFBody text.\n' | od -c)" "$("$BIN" clean "${R[@]}" "$TMP/bom.txt" | od -c)"
expect_eq "latin1 kept" "$(printf 'Caf\xe9 au lait \xff\xfe.\nMore \xc3(.\n' | od -c)" "$("$BIN" clean "${R[@]}" "$TMP/latin1.txt" | od -c)"
expect_eq "empty" "" "$("$BIN" clean "${R[@]}" "$TMP/empty.txt")"
# stdin works like a file.
expect_eq "stdin" "$("$BIN" clean "${R[@]}" "$TMP/crlf.txt" | od -c)" "$("$BIN" clean "${R[@]}" - < "$TMP/crlf.txt" | od -c)"
# NUL bytes: left untouched with a warning naming the path.
printf 'Advertisement\n\0binary\n' > "$TMP/bin.dat"
"$BIN" clean "${R[@]}" "$TMP/bin.dat" > "$TMP/bin.out" 2> "$TMP/bin.err"; expect_eq "binary status" 0 $?
expect_same_file "binary untouched" "$TMP/bin.dat" "$TMP/bin.out"
grep -q "decruft: $TMP/bin.dat: binary file" "$TMP/bin.err" && pass || fail "binary warning: $(cat "$TMP/bin.err")"
# A missing file: named, exit 3.
"$BIN" clean "${R[@]}" "$TMP/nope.txt" > /dev/null 2> "$TMP/err"; expect_eq "missing status" 3 $?
expect_eq "missing message" "decruft: $TMP/nope.txt: No such file or directory" "$(cat "$TMP/err")"
# -o writes the file (atomically, no temporary left).
"$BIN" clean "${R[@]}" "$TMP/crlf.txt" -o "$TMP/out.txt"
expect_eq "-o" "$("$BIN" clean "${R[@]}" "$TMP/crlf.txt" | od -c)" "$(od -c < "$TMP/out.txt")"
expect_eq "no temporaries" "" "$(ls "$TMP" | grep decruft-tmp)"
# A long single line (8 MB) is processed.
head -c 8000000 /dev/zero | tr '\0' 'x' > "$TMP/long.txt"; printf '\nAdvertisement\n' >> "$TMP/long.txt"
if roundtrip "$TMP/long.txt" "${R[@]}"; then pass; else fail "round trip long line"; fi
expect_eq "long line kept" 8000001 "$("$BIN" clean "${R[@]}" "$TMP/long.txt" | wc -c)"

# Shares are from 0 to 1: anything else is a usage error, before any input is read.
for bad in "--max-removed -0.1" "--over-removal -1" "--over-removal 1.5" "--max-removed=2" "--max-removed nan"; do
  "$BIN" clean $bad "${R[@]}" "$TMP/crlf.txt" > "$TMP/out" 2> "$TMP/err"
  expect_eq "$bad: status" 2 $?
  name=${bad%%[ =]*}
  grep -q "^decruft: $name must be a share from 0 to 1" "$TMP/err" && pass || fail "$bad: message: $(cat "$TMP/err")"
  expect_eq "$bad: no output" "" "$(cat "$TMP/out")"
done
for good in "--max-removed 0" "--max-removed 1" "--over-removal 0" "--over-removal=1"; do
  "$BIN" clean $good "${R[@]}" "$TMP/crlf.txt" > /dev/null 2> "$TMP/err"
  expect_eq "$good accepted" 0 $?
  grep -q "must be" "$TMP/err" && fail "$good: $(cat "$TMP/err")" || pass
done
# --max-removed 0 holds back any document that would lose something.
expect_same_file "--max-removed 0 leaves the input" "$TMP/crlf.txt" <("$BIN" clean --max-removed 0 "${R[@]}" "$TMP/crlf.txt" 2> /dev/null)

# --version: the rule counts are those of `decruft rules list`, with the
# same rule options.
version_counts() {  # version_counts ARGS...: "TOTAL BUILTIN ENABLED" from --version
  "$BIN" --version "$@" | sed -n 's/^rules [0-9][0-9.]*: \([0-9]*\) rules (\([0-9]*\) built in), \([0-9]*\) enabled$/\1 \2 \3/p'
}
list_counts() {  # list_counts ARGS...: "TOTAL ENABLED" from the last line of rules list
  "$BIN" rules list "$@" | tail -1 | sed -n 's/^\([0-9]*\) rules, \([0-9]*\) enabled$/\1 \2/p'
}
expect_eq "--version first line" "decruft $(sed -n 's/^project(decruft VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")" \
  "$("$BIN" --version | head -1)"
read -r total builtin enabled <<< "$(version_counts)"
read -r ltotal lenabled <<< "$(list_counts)"
[ -n "$total" ] && [ "$total" -gt 0 ] && pass || fail "--version rules line: $("$BIN" --version)"
expect_eq "--version: rules = built in (default rules)" "$total" "$builtin"
expect_eq "--version: counts equal rules list" "$ltotal $lenabled" "$total $enabled"
expect_eq "--version: rules list has a line per rule" "$total" "$("$BIN" rules list | grep -c ' \(on \|off\)  ')"
expect_eq "--version: enabled rules are those listed on" "$enabled" "$("$BIN" rules list | grep -c ' on   ')"
expect_eq "--version: rule set version" "$(sed -n 's/^set(DECRUFT_RULES_VERSION "\(.*\)")$/\1/p' "$SRC/CMakeLists.txt")" \
  "$("$BIN" --version | sed -n 's/^rules \([0-9.]*\): .*/\1/p')"
# With user rules and a category switched off.
expect_eq "--version with --rules" "$((builtin + 1)) $builtin $((enabled + 1))" "$(version_counts --rules "$TMP/ad.toml")"
expect_eq "--version with --no-default-rules" "1 0 1" "$(version_counts "${R[@]}")"
expect_eq "--version with --disable ad" "$(list_counts --disable ad | awk '{ print $1, '"$builtin"', $2 }')" \
  "$(version_counts --disable ad)"
expect_eq "--version --disable ad: fewer enabled" 1 "$(( $(version_counts --disable ad | cut -d' ' -f3) < enabled ))"
finish
