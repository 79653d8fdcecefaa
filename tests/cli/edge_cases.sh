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
finish
