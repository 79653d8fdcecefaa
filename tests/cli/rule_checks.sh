# Rule-file checks added for issue 24 (items 10, 14, 15): a `language` that
# is not a language code, a pattern with \C, a pattern that matches every
# line, and a `sites` entry that is not a domain name are errors at load
# time with file:line:col, exit 2, before any input is read.
. "$(dirname "$0")/lib.sh"
A="$SRC/samples/input/nytimes-paywall.txt"
mkdir -p "$TMP/r"
# check FILE EXPECTED-LINE: `rules check` on FILE exits 2 and prints the line.
check() {
  "$BIN" rules check --no-default-rules --rules "$1" > /dev/null 2> "$TMP/err"; local st=$?
  expect_eq "$2: status" 2 $st
  grep -qxF "$3" "$TMP/err" && pass || { fail "$2: message"; echo "--- expected"; echo "$3"; echo "--- actual"; cat "$TMP/err"; }
  # A run that would clean refuses too, and writes nothing.
  "$BIN" clean --no-default-rules --rules "$1" "$A" > "$TMP/out" 2> /dev/null
  expect_eq "$2: clean refused" "2 0" "$? $(stat -c %s "$TMP/out")"
}
rule() {  # rule FILE HEADER-LINES PATTERN-LINE
  printf '%s\ncategory = "other"\n\n[[rule]]\nid = "r"\n%s\nremove = ["Subscribe now"]\nkeep = ["An article."]\n' "$2" "$3" > "$1"
}

# Item 10: the language goes into rule ids and diff hunk headers.
rule "$TMP/r/nl.toml" 'language = "en\nx"' "patterns = ['^Subscribe now\$']"
check "$TMP/r/nl.toml" "language with a newline" \
  "$TMP/r/nl.toml:1:12: \`language\` \"en
x\" is not a language code ([a-z]{2,3} with -subtags such as pt-br, or any, or user)"
rule "$TMP/r/sp.toml" 'language = "en gb"' "patterns = ['^Subscribe now\$']"
check "$TMP/r/sp.toml" "language with a space" \
  "$TMP/r/sp.toml:1:12: \`language\` \"en gb\" is not a language code ([a-z]{2,3} with -subtags such as pt-br, or any, or user)"
rule "$TMP/r/up.toml" 'language = "EN"' "patterns = ['^Subscribe now\$']"
"$BIN" rules check --no-default-rules --rules "$TMP/r/up.toml" > /dev/null 2>&1; expect_eq "language EN: refused" 2 $?
for lang in en pt-br zh-hant any user; do
  rule "$TMP/r/ok.toml" "language = \"$lang\"" "patterns = ['^Subscribe now\$']"
  "$BIN" rules check --no-default-rules --rules "$TMP/r/ok.toml" > /dev/null 2> "$TMP/err"
  expect_eq "language $lang: accepted" "0 " "$? $(cat "$TMP/err")"
done

# Item 14: \C (one byte) can cut a UTF-8 character.
rule "$TMP/r/c.toml" "" "scope = \"span\"
patterns = ['Subscribe\\C']"
check "$TMP/r/c.toml" '\C in a pattern' \
  "$TMP/r/c.toml:7:13: rule \"r\": \`patterns\`: \\C (any byte) can match part of a UTF-8 character; use . instead"
rule "$TMP/r/c2.toml" "" "patterns = ['^Subscribe now\$']
unless = ['x\\Cy']"
check "$TMP/r/c2.toml" '\C in unless' \
  "$TMP/r/c2.toml:7:11: rule \"r\": \`unless\`: \\C (any byte) can match part of a UTF-8 character; use . instead"
# An escaped backslash before C, and \C inside \Q...\E, are literal text.
rule "$TMP/r/c3.toml" "" "patterns = ['^Subscribe now\$', 'a\\\\\\\\Cb', '\\Qa\\Cb\\E']"
"$BIN" rules check --no-default-rules --rules "$TMP/r/c3.toml" > /dev/null 2> "$TMP/err"
expect_eq "literal \\\\C: accepted" "0 " "$? $(cat "$TMP/err")"

# Item 15: a pattern that matches the empty string matches every line.
for p in '.*' '^' '(?:Subscribe)?' '\s*'; do
  rule "$TMP/r/e.toml" "" "patterns = ['^Subscribe now\$', '$p']"
  check "$TMP/r/e.toml" "pattern $p" \
    "$TMP/r/e.toml:6:32: rule \"r\": \`patterns\` pattern matches the empty string, so every line: \"$p\""
done
rule "$TMP/r/b.toml" "" "scope = \"block\"
start = ['x*']
end = ['^\$']"
check "$TMP/r/b.toml" "block start x*" \
  "$TMP/r/b.toml:7:10: rule \"r\": \`start\` pattern matches the empty string, so every line: \"x*\""

# Item 15: `sites` must be domain names.
for s in '*' 'a..b' '.example.com' 'exa mple.com' 'http://x.org/' '-x.com'; do
  rule "$TMP/r/s.toml" "" "patterns = ['^Subscribe now\$']
sites = ['$s']"
  "$BIN" rules check --no-default-rules --rules "$TMP/r/s.toml" > /dev/null 2> "$TMP/err"; st=$?
  [ $st = 2 ] && grep -q "^$TMP/r/s.toml:7:10: rule \"r\": site \".*\" is not a domain name" "$TMP/err" &&
    pass || fail "site '$s': status $st, $(cat "$TMP/err")"
done
for s in 'example.com' 'Example.COM.' 'xn--bcher-kva.de' 'bücher.de' 'localhost'; do
  rule "$TMP/r/s.toml" "" "patterns = ['^Subscribe now\$']
sites = ['$s']"
  "$BIN" rules check --no-default-rules --rules "$TMP/r/s.toml" > /dev/null 2> "$TMP/err"
  expect_eq "site '$s': accepted" "0 " "$? $(cat "$TMP/err")"
done
# The shipped rules pass every new check.
"$BIN" rules check > /dev/null; expect_eq "shipped rules" 0 $?
finish
