# Bad rule files: every error with file:line:col, exit 2, no input read.
. "$(dirname "$0")/lib.sh"
cat > "$TMP/bad.toml" <<'TOML'
category = "ad"
[[rule]]
id = "one"
patterns = ['(unclosed']
remove = ["x"]
keep = ["y"]
[[rule]]
id = "two"
patterns = ['fine']
colour = "red"
max_chars = "long"
remove = ["x"]
keep = ["y"]
TOML
echo "Advertisement" > "$TMP/in.txt"
"$BIN" clean --rules "$TMP/bad.toml" "$TMP/in.txt" > "$TMP/out" 2> "$TMP/err"
expect_eq "exit status" 2 $?
expect_eq "no output" "" "$(cat "$TMP/out")"
grep -q "^$TMP/bad.toml:4:13: rule \"one\": invalid regex: missing ): (unclosed$" "$TMP/err" && pass || fail "regex error: $(cat "$TMP/err")"
grep -q "^$TMP/bad.toml:10:1: rule \"two\": unknown key \`colour\`$" "$TMP/err" && pass || fail "unknown key: $(cat "$TMP/err")"
grep -q "^$TMP/bad.toml:11:13: rule \"two\": \`max_chars\` must be an integer$" "$TMP/err" && pass || fail "wrong type: $(cat "$TMP/err")"
printf 'x = [\n' > "$TMP/broken.toml"
"$BIN" rules check --rules "$TMP/broken.toml" 2> "$TMP/err2"; expect_eq "bad toml status" 2 $?
grep -q "^$TMP/broken.toml:[0-9]*:[0-9]*: invalid TOML" "$TMP/err2" && pass || fail "bad toml: $(cat "$TMP/err2")"
"$BIN" clean --disable no-such-thing "$TMP/in.txt" 2> "$TMP/err3"; expect_eq "bad --disable" 2 $?
# A user file switches a built-in rule off by id; --disable/--enable work by category and id.
printf 'disable = ["en/paywall/verify-access"]\n' > "$TMP/off.toml"
in="$SRC/samples/input/nytimes-paywall.txt"
"$BIN" diff --rules "$TMP/off.toml" "$in" | grep -q verify-access && fail "disable by file" || pass
"$BIN" diff --disable paywall "$in" | grep -q "en/paywall/" && fail "--disable category" || pass
"$BIN" diff --enable attribution "$in" | grep -q "en/attribution/" && pass || fail "--enable attribution"
"$BIN" rules test > "$TMP/rt"; expect_eq "rules test" 0 $?
tail -1 "$TMP/rt" | grep -q " passed, 0 failed$" && pass || fail "rules test summary: $(tail -1 "$TMP/rt")"
finish
